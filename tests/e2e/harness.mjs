// The end-to-end harness: serves the release build on 127.0.0.1, drives Debian's headless Chromium,
// keeps a screenshot of every test and fails any test whose page sent a request anywhere else.
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { setUpPin, staffPin } from './pin.mjs';
import { DIST, LAUNCH, ROOT, serve } from './serve.mjs';

export { deploy } from './serve.mjs';
export { STAFF_PIN, setUpPin, staffPin } from './pin.mjs';

export const SCREENSHOTS = process.env.MESTRING_SCREENSHOTS ?? join(ROOT, 'target/e2e-screenshots');

let server;
let browser;
export let baseUrl;

before(async () => {
  assert.ok(existsSync(join(DIST, 'index.html')), `no build in ${DIST}: run \`trunk build --release\``);
  mkdirSync(SCREENSHOTS, { recursive: true });
  server = await serve(DIST);
  baseUrl = `http://127.0.0.1:${server.address().port}`;
  browser = await chromium.launch(LAUNCH);
});

after(async () => {
  await browser?.close();
  await new Promise((done) => (server ? server.close(done) : done()));
});

/// A 10-inch tablet in landscape, the facility's usual device.
export const TABLET = { width: 1280, height: 800 };

/// Opens a fresh browser profile (empty storage) on `path`, runs `body(page)`, then saves a screenshot
/// named after the test and asserts that every request stayed on 127.0.0.1.
/// `deviceScaleFactor` 2 with half the CSS pixels is a page zoomed to 200 %.
/// `onDisk` gives the profile a real directory, as an installed browser has; Chromium enforces
/// storage quotas (and their DevTools overrides) only there, not in its in-memory profiles.
/// `beforeLoad(page)` runs before the app is first loaded, e.g. to set DevTools overrides.
/// `serviceWorkers: 'block'` keeps the service worker out, so that `page.route` sees every request (it
/// does not see those the service worker answers from its cache).
export async function withPage(t, path, body, { viewport = TABLET, deviceScaleFactor = 1, hasTouch = false, onDisk = false, beforeLoad, serviceWorkers = 'allow' } = {}) {
  const profileDir = onDisk ? mkdtempSync(join(tmpdir(), 'mestring-e2e-')) : null;
  const options = { viewport, deviceScaleFactor, hasTouch, serviceWorkers };
  const context = onDisk
    ? await chromium.launchPersistentContext(profileDir, { ...LAUNCH, ...options })
    : await browser.newContext(options);
  const foreign = [];
  const pageErrors = [];
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === '127.0.0.1') return route.continue();
    foreign.push(url.href);
    return route.abort('blockedbyclient');
  });
  context.on('page', (opened) => opened.on('pageerror', (err) => pageErrors.push(err.message)));
  // Anything the Content-Security-Policy blocks is a bug: the app must work entirely within it.
  const violations = [];
  await context.exposeBinding('reportCspViolation', (_source, text) => violations.push(text));
  await context.addInitScript(() => {
    addEventListener('securitypolicyviolation', (event) => {
      window.reportCspViolation(`${event.violatedDirective}: ${event.blockedURI} ${event.sample ?? ''}`);
    });
  });
  const page = context.pages()[0] ?? (await context.newPage());
  try {
    await beforeLoad?.(page);
    await page.goto(baseUrl + path);
    await body(page);
  } finally {
    const name = t.fullName.replace(/[^\w-]+/g, '_');
    // The page the test ended on; a test may have closed the first one.
    const last = context.pages().at(-1);
    await last?.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
    await context.close();
    if (profileDir) rmSync(profileDir, { recursive: true, force: true });
  }
  assert.deepEqual(foreign, [], 'requests left 127.0.0.1');
  assert.deepEqual(pageErrors, [], 'uncaught errors in the page');
  assert.deepEqual(violations, [], 'Content-Security-Policy violations');
}

/// Saves a screenshot of the screen as it is now, for a test that walks through several screens.
export async function snap(page, name) {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/// Staff take the tablet back from a citizen: their button in the header, then the PIN.
export async function takeBack(page) {
  await page.locator('header.app-header > button.nav-button').click();
  await staffPin(page);
}

/// A shared device has a PIN, so every reload or typed address locks it: for tests about something else,
/// staff unlock it at once after each, as they would. (`lock.test.mjs` takes these steps itself.)
export function unlockAfterEachLoad(page) {
  for (const name of ['reload', 'goto']) {
    const load = page[name].bind(page);
    page[name] = async (...args) => {
      const response = await load(...args);
      await staffPin(page);
      return response;
    };
  }
}

/// Answers the first-start question as a facility tablet, in Danish, and sets the PIN (and recovery
/// code) that a facility's tablet must have before anything about a person is entered. Unless
/// `unlockAfterLoads` is false, staff type the PIN after every reload from now on
/// ([`unlockAfterEachLoad`]). Returns the recovery code.
export async function chooseFacility(page, { unlockAfterLoads = true } = {}) {
  await page.getByRole('button', { name: /Botilbud eller enhed/ }).click();
  await page.getByRole('heading', { level: 1, name: 'Beskyt data med en pinkode' }).waitFor();
  const code = await setUpPin(page);
  await page.getByRole('heading', { level: 1, name: 'Mestring' }).waitFor();
  if (unlockAfterLoads) unlockAfterEachLoad(page);
  return code;
}

/// Answers the first-start question as a caseworker's device (in any language, by structure: the third
/// choice) and sets the PIN it must have; staff type it after every reload from now on.
export async function chooseCaseworker(page) {
  await page.locator('button.choice').nth(2).click();
  await setUpPin(page);
  await page.locator('nav').waitFor();
  unlockAfterEachLoad(page);
}

/// axe-core, for `beforeLoad: withAxe`: loaded into every page before the app.
export const withAxe = (page) => page.addInitScript({ path: createRequire(import.meta.url).resolve('axe-core/axe.min.js') });

/// What axe-core (WCAG 2.2 A and AA, best practices) finds on the page as it is, one line per rule.
export async function axeViolations(page) {
  return page.evaluate(async () => {
    const result = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
    });
    return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
}
