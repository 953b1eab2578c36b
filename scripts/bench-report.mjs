// Gathers the figures of one `scripts/bench.sh` run into target/bench/latest.json and prints them
// beside the previous run's (target/bench/previous.json), so a regression shows; writes the whole
// install and the critical path into docs/performance.md.
// Usage: node scripts/bench-report.mjs target/bench
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performanceSection, writePerformanceDoc } from './performance-doc.mjs';

const dir = process.argv[2] ?? 'target/bench';
const read = (name) => readFileSync(join(dir, name), 'utf8');

// Divan prints a row per benchmark (times) and a row under it (throughput): keep the medians.
function divan(text) {
  const figures = {};
  const lines = text.split('\n');
  lines.forEach((line, idx) => {
    const row = /[├╰]─ (\w+)\s+(.*)$/.exec(line);
    if (!row) return;
    const columns = (text) => text.split('│').map((cell) => cell.trim());
    figures[`${row[1]}_median`] = columns(row[2])[2];
    // A benchmark with an item counter has a second line: throughput.
    const below = lines[idx + 1] ?? '';
    if (!/[├╰]─/.test(below)) {
      const throughput = columns(below.replace(/^[│ ]+/, ''))[2];
      if (throughput) figures[`${row[1]}_throughput`] = throughput;
    }
  });
  return figures;
}

const storageLine = /storage-bench-json (\{.*\})/.exec(read('storage.txt'));
const importLine = /import-bench-json (\{.*\})/.exec(read('import.txt'));
// The caseworker's outputs: each case and command's time and peak memory.
const outputs = [...read('outputs.txt').matchAll(/outputs-bench-json (\{.*\})/g)].map((line) => JSON.parse(line[1]));
const latest = {
  date: new Date().toISOString(),
  bundle: JSON.parse(read('sizes.json')),
  // The ten largest parts of the Wasm, by crate (before gzip).
  wasm_by_crate: Object.fromEntries(Object.entries(JSON.parse(read('size-profile.json')).by_crate).slice(0, 10)),
  browser: JSON.parse(read('browser.json')),
  storage_100k_responses: storageLine ? JSON.parse(storageLine[1]) : null,
  cli_import_100k_responses: importLine ? JSON.parse(importLine[1]) : null,
  cli_outputs: Object.fromEntries(outputs.map((o) => [`${o.case}_${o.command}`, { ms: o.ms, peak_bytes: o.peak_bytes }])),
  core: divan(read('fit.txt')),
};
writeFileSync(join(dir, 'latest.json'), `${JSON.stringify(latest, null, 2)}\n`);
writePerformanceDoc(performanceSection({ sizes: latest.bundle, criticalPath: latest.browser.critical_path }));

const previousPath = join(dir, 'previous.json');
const previous = existsSync(previousPath) ? JSON.parse(readFileSync(previousPath, 'utf8')) : null;
const flat = (figures, prefix = '') =>
  Object.entries(figures ?? {}).flatMap(([key, value]) =>
    value !== null && typeof value === 'object' ? flat(value, `${prefix}${key}.`) : [[`${prefix}${key}`, value]],
  );
const before = new Map(flat(previous));
// Printed: the whole install's sizes, not each file's (their names change with each build), and of the
// machine only its load.
const shownKey = (key) =>
  key !== 'date' && (!key.startsWith('bundle.') || key.startsWith('bundle.install.')) && !/\.machine\.(date|cpu|cores|chromium)$/.test(key);
console.log(`\nbenchmark figures (${join(dir, 'latest.json')})${previous ? `, against the run of ${previous.date}` : ''}`);
const rows = flat(latest).filter(([key]) => shownKey(key));
const width = Math.max(...rows.map(([key]) => key.length));
console.log(`  ${'figure'.padEnd(width)} ${'this run'.padStart(14)} ${'previous'.padStart(14)} ${'change'.padStart(9)}`);
for (const [key, value] of rows) {
  const old = before.get(key);
  const change =
    typeof value === 'number' && typeof old === 'number' && old !== 0
      ? `${value >= old ? '+' : ''}${(((value - old) / old) * 100).toFixed(1)} %`
      : '';
  const shown = (figure) => (figure === undefined ? '' : String(typeof figure === 'number' ? +figure.toFixed(1) : figure));
  console.log(`  ${key.padEnd(width)} ${shown(value).padStart(14)} ${shown(old).padStart(14)} ${change.padStart(9)}`);
}
