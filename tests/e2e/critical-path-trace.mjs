// What is on the installed app's path to the ORS (tests/e2e/critical-path.mjs): one visit at each CPU
// rate with Chrome's performance trace, and the page's own record of the steps the trace cannot name
// (the Wasm's fetch, compile and instantiation, the first render, IndexedDB's requests, WebCrypto's work).
// Prints a timeline of the steps and, for each stretch between them, where the page's main thread spent
// it (the trace's events by self time; "idle" is waiting: on the network, IndexedDB, WebCrypto, a timer).
// Usage: node tests/e2e/critical-path-trace.mjs [--json PATH]
import { parseArgs } from 'node:util';
import { installedMeetings, installedOrs, RATES, withBrowser } from './critical-path.mjs';

const CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'blink.user_timing',
  'loading',
  'v8',
  'v8.execute',
  'v8.wasm',
];

/// Run in the page before anything else: records in window.startUp the spans of the Wasm's
/// instantiation, every WebCrypto call and IndexedDB request, and marks the app's first render.
function recordStartUp() {
  const spans = (window.startUp = []);
  const record = (name, start) => spans.push({ name, start, end: performance.now() });
  const wrapPromise = (target, method, name) => {
    const original = target[method];
    target[method] = function (...args) {
      const start = performance.now();
      return original.apply(this, args).then((value) => {
        record(name(args), start);
        return value;
      });
    };
  };
  for (const method of ['instantiateStreaming', 'instantiate']) wrapPromise(WebAssembly, method, () => `WebAssembly.${method}`);
  for (const method of ['deriveBits', 'deriveKey', 'importKey', 'unwrapKey', 'decrypt', 'encrypt']) {
    wrapPromise(SubtleCrypto.prototype, method, (args) => `crypto.subtle.${method} ${args[0]?.name ?? args[0]}`);
  }
  const wrapRequest = (target, method, name) => {
    const original = target[method];
    if (!original) return;
    target[method] = function (...args) {
      const start = performance.now();
      const request = original.apply(this, args);
      request.addEventListener('success', () => record(name(this, args), start), { once: true });
      return request;
    };
  };
  wrapRequest(IDBFactory.prototype, 'open', () => 'indexedDB.open');
  for (const proto of [IDBObjectStore.prototype, IDBIndex.prototype]) {
    for (const method of ['get', 'getAll', 'getAllKeys', 'count', 'openCursor', 'put', 'add', 'delete']) {
      wrapRequest(proto, method, (store) => `indexedDB ${store.name}.${method}`);
    }
  }
  new MutationObserver((_, observer) => {
    if (document.body?.querySelector(':scope > :not(noscript, script)')) {
      spans.push({ name: 'first render', start: performance.now(), end: performance.now() });
      observer.disconnect();
    }
  }).observe(document, { subtree: true, childList: true });
}

/// The main thread's self time by kind of work, from the trace's complete events.
const KINDS = [
  ['wasm compile', /wasm/i],
  ['script', /^(EvaluateScript|v8\.compile|v8\.run|FunctionCall|TimerFire|EventDispatch|FireAnimationFrame|RunMicrotasks|v8\.callFunction|V8\.Execute|v8\.produceModuleCache|v8\.parseOnBackground)/],
  ['style, layout, paint', /^(Layout|UpdateLayoutTree|RecalculateStyles|Paint|PrePaint|Layerize|Commit|ParseAuthorStyleSheet|HitTest|IntersectionObserverController|ScheduleStyleRecalculation)/],
  ['garbage collection', /GC|Heap/],
  ['HTML', /^ParseHTML/],
];
const kindOf = (name) => KINDS.find(([, pattern]) => pattern.test(name))?.[0] ?? 'other';

/// Self time of every complete event on one thread, each at its start.
function selfTimes(events, { pid, tid }) {
  const complete = events
    .filter((event) => event.pid === pid && event.tid === tid && event.ph === 'X' && event.dur > 0)
    .sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  const stack = [];
  const selves = complete.map((event) => ({ name: event.name, ts: event.ts, self: event.dur }));
  complete.forEach((event, idx) => {
    while (stack.length && complete[stack.at(-1)].ts + complete[stack.at(-1)].dur <= event.ts) stack.pop();
    if (stack.length) selves[stack.at(-1)].self -= event.dur;
    stack.push(idx);
  });
  // Top-level tasks count only for what their children do not explain.
  return selves.filter((event) => event.self > 0);
}

/// The page's steps, in ms from the navigation.
function timeline(marks, startUp, resources) {
  const steps = [];
  const span = (name, start, end) => steps.push({ name, start_ms: start, end_ms: end });
  for (const resource of resources) span(`fetched ${resource.name}`, resource.start, resource.end);
  const byName = new Map();
  // Up to the ORS: what the page does after it is not on the path.
  for (const item of startUp.filter((item) => item.start <= marks.ready)) {
    const group = byName.get(item.name) ?? { count: 0, start: item.start, end: item.end };
    group.count += 1;
    group.start = Math.min(group.start, item.start);
    group.end = Math.max(group.end, item.end);
    byName.set(item.name, group);
  }
  for (const [name, group] of byName) {
    if (group.count > 3) span(`${name} (${group.count}×, first to last)`, group.start, group.end);
  }
  // A few of a kind one by one: the app and the tools app each instantiate, open and unlock their own.
  for (const item of startUp.filter((item) => item.start <= marks.ready && byName.get(item.name).count <= 3)) {
    span(item.name, item.start, item.end);
  }
  span('lock screen takes input', marks.lock, marks.lock);
  span('PIN submitted to the set-up taking input (unlock)', marks.pin_submitted, marks.setup);
  span('start pressed to the ORS taking input', marks.setup, marks.ready);
  return steps.sort((a, b) => a.start_ms - b.start_ms || a.end_ms - b.end_ms);
}

/// The stretches of the path, each with its main thread's work by kind.
function stretches(marks, startUp, selves, origin) {
  const at = (name) => startUp.find((item) => item.name === name);
  const wasm = at('WebAssembly.instantiateStreaming') ?? at('WebAssembly.instantiate');
  const render = at('first render');
  const bounds = [
    ['HTML, start script and glue until the Wasm is asked for', 0, wasm.start],
    ['Wasm fetched, compiled and instantiated', wasm.start, wasm.end],
    ['Yew start: instantiated to the first render', wasm.end, render.start],
    ['first render to the lock screen taking input', render.start, marks.lock],
    ['PIN typed by the page', marks.lock, marks.pin_submitted],
    ['unlock: PIN submitted to the set-up taking input', marks.pin_submitted, marks.setup],
    ['set-up: start pressed to the ORS taking input', marks.setup, marks.ready],
  ];
  return bounds.map(([name, start, end]) => {
    const work = {};
    const others = new Map();
    for (const event of selves) {
      const ms = (event.ts - origin) / 1000;
      if (ms < start || ms >= end) continue;
      const kind = kindOf(event.name);
      work[kind] = (work[kind] ?? 0) + event.self / 1000;
      if (kind === 'other') others.set(event.name, (others.get(event.name) ?? 0) + event.self / 1000);
    }
    const busy = Object.values(work).reduce((sum, ms) => sum + ms, 0);
    work.idle = Math.max(0, end - start - busy);
    const largestOthers = [...others].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([other, ms]) => `${other} ${ms.toFixed(1)}`);
    return { name, start_ms: start, end_ms: end, duration_ms: end - start, main_thread_ms: work, largest_others: largestOthers };
  });
}

/// One traced visit of the installed app to the meeting's ORS at each CPU rate.
export async function traceInstalledOrs(browser, baseUrl) {
  const installed = await installedMeetings(browser, baseUrl, 2 * RATES.length);
  await installed.context.addInitScript(recordStartUp);
  const figures = {};
  try {
    for (const rate of RATES) {
      // A visit first, untraced, so that the traced one finds what a used install has (the Wasm's code cache).
      await (await installedOrs(installed, rate)).page.close();
      const { page, marks } = await installedOrs(installed, rate, (page) => browser.startTracing(page, { categories: CATEGORIES }));
      const markedAt = await page.evaluate(() => performance.mark('critical-path-traced').startTime);
      const events = JSON.parse((await browser.stopTracing()).toString()).traceEvents;
      const { startUp, resources } = await page.evaluate(() => ({
        startUp: window.startUp,
        resources: performance.getEntriesByType('resource').map((entry) => ({
          name: new URL(entry.name).pathname,
          start: entry.startTime,
          end: entry.responseEnd,
        })),
      }));
      await page.close();
      // The mark's trace event is on the page's main thread, and ties the trace's clock to the page's.
      const mark = events.find((event) => event.name === 'critical-path-traced');
      const origin = mark.ts - markedAt * 1000;
      const thread = { pid: mark.pid, tid: mark.tid };
      figures[`cpu_${rate}x`] = {
        ready_ms: marks.ready,
        stretches: stretches(marks, startUp, selfTimes(events, thread), origin),
        steps: timeline(marks, startUp, resources),
      };
      printTrace(rate, figures[`cpu_${rate}x`]);
    }
  } finally {
    await installed.context.close();
  }
  return figures;
}

function printTrace(rate, figures) {
  const ms = (value) => value.toFixed(1).padStart(7);
  console.log(`\nthe installed app's path to the ORS, CPU ${rate}x, traced: ${figures.ready_ms.toFixed(1)} ms`);
  console.log('  steps (ms from the navigation)');
  for (const step of figures.steps) console.log(`  ${ms(step.start_ms)} ${ms(step.end_ms)}  ${step.name}`);
  console.log('  stretches, and the main thread in each (ms)');
  for (const stretch of figures.stretches) {
    const work = Object.entries(stretch.main_thread_ms)
      .filter(([, value]) => value >= 0.5)
      .sort((a, b) => b[1] - a[1])
      .map(([kind, value]) => `${kind} ${value.toFixed(1)}`)
      .join(', ');
    console.log(`  ${ms(stretch.duration_ms)}  ${stretch.name}: ${work}`);
    if (stretch.largest_others.length) console.log(`           (other: ${stretch.largest_others.join(', ')})`);
  }
}

const { values: options } = parseArgs({ options: { json: { type: 'string' } } });
await withBrowser(traceInstalledOrs, options.json);
