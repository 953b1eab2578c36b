// The browser benchmark: the critical path a person waits on (critical-path.mjs: the installed app to the
// ORS, a first visit to the first screen, SurveyJS's bare ORS beside them), start-up, memory and the time
// to save a form, in headless Chromium against the release build on 127.0.0.1, and the caseworker's import
// and overview of 150 citizens (20,100 responses). Prints figures and writes them as JSON (which
// scripts/bench-report.mjs writes into docs/performance.md); asserts nothing about time.
// Usage: node tests/e2e/bench.mjs [--loads N] [--json PATH]
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import lighthouse from 'lighthouse';
import { chromium } from 'playwright-core';
import { criticalPath, printCriticalPath } from './critical-path.mjs';
import { STAFF_PIN, setUpPin, staffPin } from './pin.mjs';
import { CITIZENS, RESPONSES, populationFile } from './population.mjs';
import { DIST, LAUNCH, serve } from './serve.mjs';

const { values: options } = parseArgs({
  options: { loads: { type: 'string', default: '15' }, json: { type: 'string' } },
});
const LOADS = Number(options.loads);
const TABLET = { width: 1280, height: 800 };

// Marks when the first screen can take input (its heading and a button are in the page) and keeps the
// Wasm instance's memory size; both in the page, so the figures carry no driver overhead.
function instrument() {
  new MutationObserver((_, observer) => {
    if (document.querySelector('main h1') && document.querySelector('main button, main a')) {
      window.benchReady = performance.now();
      observer.disconnect();
    }
  }).observe(document, { subtree: true, childList: true });
  addEventListener('TrunkApplicationStarted', (event) => {
    window.benchWasmMemory = () => event.detail.wasm.memory.buffer.byteLength;
  });
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

async function readyAfter(page, navigate) {
  await navigate();
  await page.waitForFunction(() => window.benchReady !== undefined);
  return page.evaluate(() => window.benchReady);
}

async function throttled(context, page, rate) {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate });
}

/// A facility's tablet, chosen on the first start (with its PIN), with one citizen in its register.
async function facilityWithCitizen(page) {
  await page.locator('button.choice').first().click();
  await setUpPin(page);
  await page.getByRole('navigation').getByRole('link').nth(1).click();
  await page.locator('#citizen-label').fill('MJ');
  await page.locator('#citizen-birth-year').fill('1990');
  await page.locator('#citizen-unit').fill('Hus 1');
  await page.locator('form.citizen-form button[type=submit]').click();
}

/// A returning tablet: the app installed (service worker, stored settings and a citizen), reloaded; with
/// `language` (a language switch's button), in a language other than Danish, whose texts the app fetches
/// before its first screen.
async function warmStart(browser, baseUrl, rate, language) {
  const context = await browser.newContext({ viewport: TABLET });
  const page = await context.newPage();
  await page.addInitScript(instrument);
  await page.goto(baseUrl);
  await page.locator('button.choice').first().click();
  // A facility's tablet has a PIN: its first screen after a reload is the lock screen.
  await setUpPin(page);
  if (language) {
    await page.getByRole('button', { name: language }).click();
    await page.waitForFunction(() => document.documentElement.lang !== 'da');
  }
  await page.waitForFunction(async () => (await navigator.serviceWorker.ready) && navigator.serviceWorker.controller);
  await throttled(context, page, rate);
  const times = [];
  for (let load = 0; load < LOADS; load++) {
    times.push(await readyAfter(page, () => page.reload()));
  }
  await context.close();
  return median(times);
}

/// Memory of one page just loaded in a fresh profile, after a garbage collection.
async function memoryAfterLoad(browser, baseUrl) {
  const context = await browser.newContext({ viewport: TABLET, serviceWorkers: 'block' });
  const page = await context.newPage();
  await page.addInitScript(instrument);
  await readyAfter(page, () => page.goto(baseUrl));
  const memory = await page.evaluate(() => ({
    js_heap_bytes: (window.gc(), performance.memory.usedJSHeapSize),
    wasm_memory_bytes: window.benchWasmMemory(),
  }));
  await context.close();
  return memory;
}

/// A citizen answers the ORS by keyboard; timed from "done" to the result on screen (the record stored).
async function formSaved(browser, baseUrl) {
  const context = await browser.newContext({ viewport: TABLET });
  const page = await context.newPage();
  await page.goto(baseUrl);
  await facilityWithCitizen(page);
  const times = [];
  for (let form = 0; form < LOADS; form++) {
    await page.locator('a.citizen-row').first().click();
    await page.locator('a.tile').first().click();
    await page.locator('main button.primary.big').click();
    for (const slider of await page.locator('[role=slider]').all()) {
      await slider.focus();
      await page.keyboard.press('End');
    }
    const done = page.locator('main button.primary.big');
    const started = await page.evaluate(() => performance.now());
    await done.click();
    await page.locator('main section.result').waitFor();
    times.push((await page.evaluate(() => performance.now())) - started);
    // Handed back: staff's PIN ends citizen mode; the staff view's last button finishes the meeting,
    // back to the menu.
    await page.locator('main button.primary.big').click();
    await staffPin(page);
    await page.locator('main section.result button').last().click();
    await page.getByRole('navigation').getByRole('link').nth(1).click();
  }
  await context.close();
  return median(times);
}

/// A tablet with a PIN, locked from the menu and opened again: timed from "unlock" until the lock screen
/// has gone (the PIN's key derived, 600,000 rounds of PBKDF2, the data key unwrapped, the page back).
async function unlockTime(browser, baseUrl, rate) {
  const context = await browser.newContext({ viewport: TABLET });
  const page = await context.newPage();
  await page.goto(baseUrl);
  await page.locator('button.choice').first().click();
  await setUpPin(page);
  await page.locator('nav button.nav-button').waitFor();
  await throttled(context, page, rate);
  const times = [];
  for (let load = 0; load < LOADS; load++) {
    await page.locator('nav button.nav-button').click();
    await page.locator('#pin').fill(STAFF_PIN);
    const started = await page.evaluate(() => performance.now());
    await page.locator('#pin').press('Enter');
    await page.locator('.lock-screen').waitFor({ state: 'detached' });
    times.push((await page.evaluate(() => performance.now())) - started);
  }
  await context.close();
  return median(times);
}

/// The caseworker's device: a facility's export of 150 citizens and 20,100 responses imported (timed
/// from the click to the report), then the overview opened `visits` times, each timed from the click
/// (on the report's "Se oversigten", then on the navigation's "Oversigt") until all 150 rows are in
/// the table; between visits the import page is shown.
async function caseworkerOverview(browser, baseUrl, visits) {
  const file = populationFile();
  const context = await browser.newContext({ viewport: TABLET });
  const page = await context.newPage();
  await page.goto(baseUrl);
  await page.getByRole('button', { name: /Sagsbehandler/ }).click();
  await setUpPin(page);
  const toImport = page.getByRole('navigation').getByRole('link', { name: 'Indlæs filer' });
  await toImport.click();
  await page.getByLabel('Eksportfiler').setInputFiles([file]);
  const now = () => page.evaluate(() => performance.now());
  let started = await now();
  await page.getByRole('button', { name: 'Indlæs filerne' }).click();
  await page.getByText(/\d+ nye, 0 opdaterede, 0 havde du i forvejen\./).waitFor({ timeout: 300_000 });
  const importMs = (await now()) - started;
  const times = [];
  for (let visit = 0; visit < visits; visit++) {
    if (visit > 0) {
      await toImport.click();
      await page.getByRole('heading', { level: 1, name: 'Indlæs eksportfiler' }).waitFor();
    }
    // The report's link the first time; then, the report gone, the navigation's (the same route).
    const link =
      visit === 0
        ? page.getByRole('link', { name: 'Se oversigten' })
        : page.getByRole('navigation').getByRole('link', { name: 'Oversigt', exact: true });
    await link.waitFor();
    started = await now();
    await link.click();
    // Polled in the page on every frame, so the figure carries no round trip to the driver.
    const shown = await page.waitForFunction(
      (n) => document.querySelectorAll('table.overview tbody tr').length === n && performance.now(),
      CITIZENS,
      { polling: 'raf', timeout: 120_000 },
    );
    times.push((await shown.jsonValue()) - started);
  }
  await context.close();
  const sorted = [...times].sort((a, b) => a - b);
  return {
    import_ms: importMs,
    visits,
    min_ms: sorted[0],
    median_ms: median(times),
    max_ms: sorted.at(-1),
  };
}

/// Lighthouse's accessibility score (0–100) of the first screen, in the browser already running.
async function lighthouseAccessibility(url, port) {
  const flags = { port, onlyCategories: ['accessibility'], logLevel: 'error' };
  const config = { extends: 'lighthouse:default', settings: { formFactor: 'desktop', screenEmulation: { disabled: true } } };
  const result = await lighthouse(url, flags, config);
  return Math.round(result.lhr.categories.accessibility.score * 100);
}

/// A free port for Chromium's DevTools endpoint, which Lighthouse drives.
const devtoolsPort = await new Promise((found) => {
  const probe = createServer().listen(0, '127.0.0.1', () => {
    const { port } = probe.address();
    probe.close(() => found(port));
  });
});
const server = await serve(DIST);
const baseUrl = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({
  ...LAUNCH,
  args: [...LAUNCH.args, '--enable-precise-memory-info', '--js-flags=--expose-gc', `--remote-debugging-port=${devtoolsPort}`],
});
const figures = { loads: LOADS };
try {
  figures.critical_path = await criticalPath(browser, baseUrl, LOADS);
  for (const rate of [1, 4]) {
    const suffix = rate === 1 ? '' : `_cpu_${rate}x`;
    figures[`warm_start_ready_ms${suffix}`] = await warmStart(browser, baseUrl, rate);
    figures[`warm_start_norwegian_ready_ms${suffix}`] = await warmStart(browser, baseUrl, rate, 'Norsk bokmål');
    figures[`unlock_ms${suffix}`] = await unlockTime(browser, baseUrl, rate);
  }
  Object.assign(figures, await memoryAfterLoad(browser, baseUrl));
  figures.ors_done_to_saved_ms = await formSaved(browser, baseUrl);
  figures[`overview_${CITIZENS}_citizens`] = await caseworkerOverview(browser, baseUrl, Math.min(LOADS, 10));
  figures.lighthouse_accessibility = await lighthouseAccessibility(`${baseUrl}/`, devtoolsPort);
} finally {
  await browser.close();
  server.close();
}

const ms = (value) => `${value.toFixed(1).padStart(9)} ms`;
const mb = (value) => `${(value / 1e6).toFixed(1).padStart(9)} MB`;
printCriticalPath(figures.critical_path);
console.log(`\nbrowser benchmark (headless Chromium, median of ${LOADS})`);
console.log(`  installed app reloaded to first screen ready ${ms(figures.warm_start_ready_ms)}`);
console.log(`    with the CPU 4x slower                     ${ms(figures.warm_start_ready_ms_cpu_4x)}`);
console.log(`    in Norwegian                               ${ms(figures.warm_start_norwegian_ready_ms)}`);
console.log(`    in Norwegian, CPU 4x slower                ${ms(figures.warm_start_norwegian_ready_ms_cpu_4x)}`);
console.log(`  PIN typed to the tablet unlocked            ${ms(figures.unlock_ms)}`);
console.log(`    with the CPU 4x slower                     ${ms(figures.unlock_ms_cpu_4x)}`);
console.log(`  JS heap after load                           ${mb(figures.js_heap_bytes)}`);
console.log(`  Wasm memory after load                       ${mb(figures.wasm_memory_bytes)}`);
console.log(`  ORS "done" to result shown (record stored)   ${ms(figures.ors_done_to_saved_ms)}`);
const overview = figures[`overview_${CITIZENS}_citizens`];
console.log(`  caseworker: import ${CITIZENS} citizens, ${RESPONSES} responses`);
console.log(`    click to the import's report                ${ms(overview.import_ms)}`);
console.log(`  caseworker: click to the overview's ${CITIZENS} rows, ${overview.visits} visits`);
console.log(`    min                                        ${ms(overview.min_ms)}`);
console.log(`    median                                     ${ms(overview.median_ms)}`);
console.log(`    max                                        ${ms(overview.max_ms)}`);
console.log(`  Lighthouse accessibility, first screen       ${String(figures.lighthouse_accessibility).padStart(9)} / 100`);
if (options.json) {
  mkdirSync(dirname(options.json), { recursive: true });
  writeFileSync(options.json, `${JSON.stringify(figures, null, 2)}\n`);
}
