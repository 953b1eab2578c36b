// The end-to-end harness: serves the release build on 127.0.0.1, drives Debian's headless Chromium,
// keeps a screenshot of every test and fails any test whose page sent a request anywhere else.
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { mkdirSync, mkdtempSync, readFileSync, existsSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve } from 'node:path';
import { chromium } from 'playwright-core';

const ROOT = resolve(import.meta.dirname, '../..');
const DIST = process.env.MESTRING_DIST ?? join(ROOT, 'dist');
export const SCREENSHOTS = process.env.MESTRING_SCREENSHOTS ?? join(ROOT, 'target/e2e-screenshots');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.webmanifest': 'application/manifest+json',
};

/// Files the server answers with other content than the build's, as a newly deployed version would.
const deployed = new Map();

/// Serves `body` at `path` from now on, as if a new version had been deployed; returns the undo.
export function deploy(path, body) {
  deployed.set(path, body);
  return () => deployed.delete(path);
}

/// A static server for dist/ that answers unknown paths with index.html, as the app's router expects.
function serve(dir) {
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname));
    if (deployed.has(path)) {
      res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' });
      res.end(deployed.get(path));
      return;
    }
    let file = join(dir, path);
    if (!file.startsWith(dir) || !existsSync(file) || statSync(file).isDirectory()) {
      file = join(dir, 'index.html');
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  return new Promise((ready) => {
    server.listen(0, '127.0.0.1', () => ready(server));
  });
}

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

const LAUNCH = {
  executablePath: CHROMIUM,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};

after(async () => {
  await browser?.close();
  await new Promise((done) => (server ? server.close(done) : done()));
});

/// A 10-inch tablet in landscape, the facility's usual device.
export const TABLET = { width: 1280, height: 800 };

/// Opens a fresh browser profile (empty storage) on `path`, runs `body(page)`, then saves a screenshot
/// named after the test and asserts that every request stayed on 127.0.0.1.
/// `onDisk` gives the profile a real directory, as an installed browser has; Chromium enforces
/// storage quotas (and their DevTools overrides) only there, not in its in-memory profiles.
/// `beforeLoad(page)` runs before the app is first loaded, e.g. to set DevTools overrides.
export async function withPage(t, path, body, { viewport = TABLET, hasTouch = false, onDisk = false, beforeLoad } = {}) {
  const profileDir = onDisk ? mkdtempSync(join(tmpdir(), 'mestring-e2e-')) : null;
  const context = onDisk
    ? await chromium.launchPersistentContext(profileDir, { ...LAUNCH, viewport, hasTouch })
    : await browser.newContext({ viewport, hasTouch });
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

/// Answers the first-start question as a facility tablet, in Danish.
export async function chooseFacility(page) {
  await page.getByRole('button', { name: /Botilbud eller enhed/ }).click();
  await page.getByRole('heading', { level: 1, name: 'Mestring' }).waitFor();
}
