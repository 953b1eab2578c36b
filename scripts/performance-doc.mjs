// Writes the latest benchmark figures into docs/performance.md, between its `<!-- bench:start -->` and
// `<!-- bench:end -->` markers: the whole install (scripts/budget.mjs) and the critical path
// (tests/e2e/critical-path.mjs). scripts/bench-report.mjs calls it after every `scripts/bench.sh`.
// Usage: node scripts/performance-doc.mjs --sizes target/bench/sizes.json --critical-path FILE
//   (FILE: critical-path.mjs's --json, or bench.mjs's, whose `critical_path` holds the same)
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const DOC = resolve(import.meta.dirname, '../docs/performance.md');
const START = '<!-- bench:start -->';
const END = '<!-- bench:end -->';

const ms = (value) => value.toFixed(0);
const cell = (path) => `${ms(path.median_ms)} (${ms(path.min_ms)}–${ms(path.max_ms)})`;

/// The generated section: one table of the figures, with the run's date and machine (`criticalPath.machine`).
export function performanceSection({ sizes, criticalPath }) {
  const run = criticalPath.machine;
  const rows = [
    ['The installed app, a meeting address to the ORS taking input', criticalPath.app_ors, cell],
    ['… of which to the lock screen taking input', criticalPath.app_ors, (path) => ms(path.lock_screen_ms)],
    ['… the unlock: PIN submitted to the set-up taking input', criticalPath.app_ors, (path) => ms(path.unlock_ms)],
    ['… the set-up: start pressed to the ORS taking input', criticalPath.app_ors, (path) => ms(path.setup_to_ors_ms)],
    ['… the whole path without the unlock', criticalPath.app_ors, (path) => ms(path.ors_without_unlock_ms)],
    ['… its first screen (the lock screen) taking input after the first paint', criticalPath.app_ors, (path) => ms(path.after_first_paint_ms)],
    ['The app, a first visit to the first screen taking input', criticalPath.app_first_screen, cell],
    ["SurveyJS's bare ORS, a first visit to its first question taking input", criticalPath.surveyjs_ors, cell],
  ];
  const ratio = criticalPath.ratio_app_ors_to_surveyjs;
  return [
    `Latest run: ${run.date.slice(0, 10)}, median (min–max) of ${criticalPath.runs} runs in ms from the navigation, on ${run.cpu} (${run.cores} cores; load average ${run.load_before.toFixed(1)} before, ${run.load_after.toFixed(1)} after), Chromium ${run.chromium}.`,
    '',
    `The whole install: **${(sizes.install.gzip / 1000).toFixed(1)} KB gzip** (${(sizes.install.raw / 1000).toFixed(1)} KB raw, ${(sizes.install.brotli / 1000).toFixed(1)} KB brotli) in ${sizes.files} files; budget ${sizes.budget_kb} KB, cap ${sizes.cap_kb} KB, goal ${sizes.goal_kb} KB.`,
    '',
    '| Path | CPU 1× | CPU 4× slower |',
    '| --- | ---: | ---: |',
    ...rows.map(([title, path, shown]) => `| ${title} | ${shown(path.cpu_1x)} | ${shown(path.cpu_4x)} |`),
    `| **The app's ORS / SurveyJS's** (goal 0.40 or less) | **${ratio.cpu_1x.toFixed(2)}** | **${ratio.cpu_4x.toFixed(2)}** |`,
  ].join('\n');
}

/// Replaces what is between the markers in docs/performance.md with `section`.
export function writePerformanceDoc(section, doc = DOC) {
  const text = readFileSync(doc, 'utf8');
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  if (start < 0 || end < start) throw new Error(`${doc} has no ${START} … ${END} section`);
  writeFileSync(doc, `${text.slice(0, start + START.length)}\n${section}\n${text.slice(end)}`);
}

if (process.argv[1] === import.meta.filename) {
  const { values: options } = parseArgs({ options: { sizes: { type: 'string' }, 'critical-path': { type: 'string' } } });
  const read = (path) => JSON.parse(readFileSync(path, 'utf8'));
  const sizes = read(options.sizes ?? join('target/bench', 'sizes.json'));
  const figures = read(options['critical-path'] ?? join('target/bench', 'browser.json'));
  const criticalPath = figures.critical_path ?? figures;
  writePerformanceDoc(performanceSection({ sizes, criticalPath }));
  console.log(`performance-doc: wrote the latest figures into ${DOC}`);
}
