// The critical path a person waits on (docs/performance.md), in headless Chromium against the release
// build on 127.0.0.1, each path with the CPU at full speed and 4× slower, in one interleaved run:
// - the installed app (service worker active, a second visit) opened on a citizen's meeting address
//   until the ORS takes input: the lock screen, staff's PIN (typed by the page itself the moment the
//   field is there), the meeting's set-up and its start button (pressed the moment it is enabled);
// - a first visit (a fresh profile, nothing cached, service workers blocked) until the first screen
//   takes input;
// - SurveyJS's bare form of the ORS's four lines (tests/e2e/surveyjs/), a first visit the same way,
//   until its first question takes input.
// Every time is taken in the page (performance.now(), from the navigation), so it carries no driver
// overhead. Prints the medians (and min/max) and the ratio of the app's ORS to SurveyJS's.
// Usage: node tests/e2e/critical-path.mjs [--runs N] [--json PATH]   (what is on the installed app's
// path: critical-path-trace.mjs)
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { STAFF_PIN, setUpPin, staffPin } from './pin.mjs';
import { DIST, LAUNCH, serve } from './serve.mjs';

const TABLET = { width: 1280, height: 800 };
export const RATES = [1, 4];
const ORS = '[role=slider]';
const SURVEYJS_QUESTION = '.sd-question input:not([disabled])';
const FIRST_SCREEN = 'main button.choice';

/// Run in the page before anything else: marks when `goal` is in the page (window.criticalPath.ready),
/// and on the way types `pin` on a lock screen and presses the meeting set-up's start button, as staff
/// would, marking when each took input and when it was acted on.
function watchCriticalPath({ goal, pin }) {
  const marks = (window.criticalPath = {});
  const mark = (name) => (marks[name] ??= performance.now());
  const step = (observer) => {
    const pinField = document.querySelector('.lock-screen #pin');
    if (pin && pinField && marks.lock === undefined) {
      mark('lock');
      pinField.value = pin;
      pinField.dispatchEvent(new Event('input', { bubbles: true }));
      // Yew renders the typed PIN into the form's state in a microtask; the submit reads it from there.
      setTimeout(() => {
        mark('pin_submitted');
        pinField.form.requestSubmit();
      });
    }
    if (document.querySelector('.lock-screen [role=alert]')) marks.failed = 'the lock screen refused the PIN';
    const start = document.querySelector('.meeting-setup button.primary.big:not([disabled])');
    if (start && marks.setup === undefined) {
      mark('setup');
      start.click();
    }
    if (document.querySelector(goal)) {
      mark('ready');
      observer.disconnect();
    }
  };
  new MutationObserver((_, observer) => step(observer)).observe(document, { subtree: true, childList: true, attributes: true });
}

/// The marks once the goal is reached, with how long after the first contentful paint it was.
async function marksWhenReady(page) {
  await page.waitForFunction(() => window.criticalPath?.ready !== undefined || window.criticalPath?.failed, null, { timeout: 60_000 });
  const marks = await page.evaluate(
    () =>
      new Promise((found) => {
        new PerformanceObserver((entries, observer) => {
          const paint = entries.getEntriesByName('first-contentful-paint')[0];
          if (!paint) return;
          observer.disconnect();
          found({ ...window.criticalPath, first_paint: paint.startTime });
        }).observe({ type: 'paint', buffered: true });
      }),
  );
  if (marks.failed) throw new Error(`critical path: ${marks.failed}`);
  return marks;
}

async function throttle(page, rate) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate });
}

/// A facility's tablet with its PIN and a register of `citizens`, installed: its service worker controls
/// the page. Returns the context and each citizen's meeting address, to be opened once each: a meeting
/// once opened is under way, and comes back at its step (the ORS) instead of the set-up.
export async function installedMeetings(browser, baseUrl, citizens) {
  const context = await browser.newContext({ viewport: TABLET });
  const page = await context.newPage();
  await page.goto(baseUrl);
  await page.locator('button.choice').first().click();
  await setUpPin(page);
  await page.getByRole('navigation').getByRole('link').nth(1).click();
  for (let n = 1; n <= citizens; n++) {
    await page.locator('#citizen-label').fill(`K${n}`);
    await page.locator('#citizen-birth-year').fill('1990');
    await page.locator('#citizen-unit').fill('Hus 1');
    await page.locator('form.citizen-form button[type=submit]').click();
    await page.waitForFunction((n) => document.querySelectorAll('a.citizen-row').length === n, n);
  }
  const pages = await page.locator('a.citizen-row').evaluateAll((rows) => rows.map((row) => row.href));
  // The meeting's address from the citizen's page, without opening it.
  await page.locator('a.citizen-row').first().click();
  const meeting = new URL(await page.locator('a.tile').first().getAttribute('href'), pages[0]).href.slice(pages[0].length);
  await page.waitForFunction(async () => (await navigator.serviceWorker.ready) && navigator.serviceWorker.controller);
  await page.close();
  await context.addInitScript(watchCriticalPath, { goal: ORS, pin: STAFF_PIN });
  return { context, urls: pages.map((citizen) => citizen + meeting) };
}

async function takeBack(page) {
  await page.locator('header.app-header > button.nav-button').click();
  await staffPin(page);
}

/// One visit of the installed app to a meeting not yet opened: a new tab in the installed profile; `beforeLoad(page)`
/// runs before the navigation. Returns the page, still open, and its marks.
export async function installedOrs(installed, rate, beforeLoad) {
  const page = await installed.context.newPage();
  await throttle(page, rate);
  await beforeLoad?.(page);
  await page.goto(installed.urls.pop());
  const marks = await marksWhenReady(page);
  if (marks.lock === undefined || marks.setup === undefined) {
    throw new Error(`critical path: the meeting did not pass the lock screen and the set-up (${JSON.stringify(marks)})`);
  }
  // Staff take the tablet back, so that the next visit finds the meeting's set-up again, not the ORS.
  await takeBack(page);
  return { page, marks };
}

/// One first visit to `url` until `goal` takes input: a fresh profile, service workers blocked.
async function firstVisit(browser, url, goal, rate) {
  const context = await browser.newContext({ viewport: TABLET, serviceWorkers: 'block' });
  await context.addInitScript(watchCriticalPath, { goal });
  const page = await context.newPage();
  await throttle(page, rate);
  await page.goto(url);
  const marks = await marksWhenReady(page);
  await context.close();
  return marks;
}

const PATHS = {
  app_ors: async ({ installed }, rate) => {
    const { page, marks } = await installedOrs(installed, rate);
    await page.close();
    return marks;
  },
  app_first_screen: ({ browser, baseUrl }, rate) => firstVisit(browser, `${baseUrl}/`, FIRST_SCREEN, rate),
  surveyjs_ors: ({ browser, baseUrl }, rate) => firstVisit(browser, `${baseUrl}/surveyjs/`, SURVEYJS_QUESTION, rate),
};

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const spread = (values) => ({ median_ms: median(values), min_ms: Math.min(...values), max_ms: Math.max(...values) });

/// Times every path `runs` times at every rate, interleaved (run by run, rate by rate, path by path) so
/// that the machine's changing load falls on all of them alike.
export async function criticalPath(browser, baseUrl, runs) {
  // The load average too: other work on the machine slows every path.
  const machine = { date: new Date().toISOString(), cpu: cpus()[0].model, cores: cpus().length, chromium: browser.version(), load_before: loadavg()[0] };
  const installed = await installedMeetings(browser, baseUrl, runs * RATES.length);
  const samples = {};
  try {
    for (let run = 0; run < runs; run++) {
      for (const rate of RATES) {
        for (const [name, measure] of Object.entries(PATHS)) {
          const marks = await measure({ browser, baseUrl, installed }, rate);
          ((samples[name] ??= {})[rate] ??= []).push(marks);
        }
      }
    }
  } finally {
    await installed.context.close();
  }
  const figures = { runs, machine: { ...machine, load_after: loadavg()[0] } };
  for (const [name, byRate] of Object.entries(samples)) {
    figures[name] = {};
    for (const [rate, marks] of Object.entries(byRate)) {
      const of = (part) => median(marks.map(part));
      // After the first paint: when the first screen took input, which on the installed app is the lock screen.
      const path = { ...spread(marks.map((m) => m.ready)), after_first_paint_ms: of((m) => Math.max(0, (m.lock ?? m.ready) - m.first_paint)) };
      if (name === 'app_ors') {
        Object.assign(path, {
          lock_screen_ms: of((m) => m.lock),
          unlock_ms: of((m) => m.setup - m.pin_submitted),
          setup_to_ors_ms: of((m) => m.ready - m.setup),
          ors_without_unlock_ms: of((m) => m.ready - (m.setup - m.pin_submitted)),
        });
      }
      figures[name][`cpu_${rate}x`] = path;
    }
  }
  figures.ratio_app_ors_to_surveyjs = {};
  for (const rate of RATES) {
    const key = `cpu_${rate}x`;
    figures.ratio_app_ors_to_surveyjs[key] = figures.app_ors[key].median_ms / figures.surveyjs_ors[key].median_ms;
  }
  return figures;
}

/// The figures as a table: one row per path and rate.
export function printCriticalPath(figures) {
  const ms = (value) => value.toFixed(1).padStart(8);
  const rows = [
    ['app_ors', 'installed app, meeting address to the ORS'],
    ['app_first_screen', 'app, first visit to the first screen'],
    ['surveyjs_ors', "SurveyJS's bare ORS, first visit"],
  ];
  console.log(`the critical path (headless Chromium, ms from navigation, ${figures.runs} runs interleaved)`);
  console.log(`  ${'path'.padEnd(44)}${'CPU'.padStart(4)} ${'median'.padStart(8)} ${'min'.padStart(8)} ${'max'.padStart(8)} ${'after FCP'.padStart(9)}`);
  console.log('  (after FCP: the first screen, the lock screen on the installed app, taking input after the first paint)');
  for (const [name, title] of rows) {
    for (const rate of RATES) {
      const path = figures[name][`cpu_${rate}x`];
      console.log(`  ${title.padEnd(44)}${`${rate}x`.padStart(4)} ${ms(path.median_ms)} ${ms(path.min_ms)} ${ms(path.max_ms)} ${ms(path.after_first_paint_ms).padStart(9)}`);
    }
  }
  for (const rate of RATES) {
    const path = figures.app_ors[`cpu_${rate}x`];
    console.log(
      `  the app's ORS at ${rate}x: lock screen ${ms(path.lock_screen_ms)}, unlock (PIN to set-up) ${ms(path.unlock_ms)},` +
        ` set-up to ORS ${ms(path.setup_to_ors_ms)}; without the unlock ${ms(path.ors_without_unlock_ms)}`,
    );
  }
  for (const rate of RATES) {
    const ratio = figures.ratio_app_ors_to_surveyjs[`cpu_${rate}x`];
    console.log(`  the app's ORS / SurveyJS's at ${rate}x: ${ratio.toFixed(2)} (goal: 0.40 or less)`);
  }
}

/// Serves the build, launches Chromium, runs `body(browser, baseUrl)` and writes what it returns to `json`.
export async function withBrowser(body, json) {
  const server = await serve(DIST);
  const browser = await chromium.launch(LAUNCH);
  try {
    const figures = await body(browser, `http://127.0.0.1:${server.address().port}`);
    if (json) {
      mkdirSync(dirname(json), { recursive: true });
      writeFileSync(json, `${JSON.stringify(figures, null, 2)}\n`);
    }
  } finally {
    await browser.close();
    server.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values: options } = parseArgs({ options: { runs: { type: 'string', default: '15' }, json: { type: 'string' } } });
  await withBrowser(async (browser, baseUrl) => {
    const figures = await criticalPath(browser, baseUrl, Number(options.runs));
    printCriticalPath(figures);
    return figures;
  }, options.json);
}
