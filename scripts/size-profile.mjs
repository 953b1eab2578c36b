// Where the Wasm bundle's bytes go, by crate and by item: the release build's Wasm, bound and
// optimised as Trunk does but keeping names, measured with twiggy. Prints a table; with --json, writes it.
// Usage: node scripts/size-profile.mjs [--json PATH]   (after `trunk build --release`)
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const ROOT = resolve(import.meta.dirname, '..');
const { values: options } = parseArgs({ options: { json: { type: 'string' } } });
const out = join(ROOT, 'target/size-profile');
mkdirSync(out, { recursive: true });
const run = (command, args) => execFileSync(command, args, { cwd: ROOT, maxBuffer: 1 << 28 }).toString();

run('wasm-bindgen', ['--target', 'web', '--keep-debug', '--out-dir', out, 'target/wasm32-unknown-unknown/release/mestring-app.wasm']);
const named = join(out, 'named.wasm');
run('wasm-opt', ['-Oz', '-g', '--enable-bulk-memory', '--enable-reference-types', '--enable-nontrapping-float-to-int',
  '--enable-sign-ext', '--enable-mutable-globals', join(out, 'mestring-app_bg.wasm'), '-o', named]);
const rows = run('twiggy', ['top', '-f', 'csv', named]).trim().split('\n').slice(1).map((line) => {
  const size = Number(/,(\d+),[\d.]+,[\d.]*,[\d.]*$/.exec(line)?.[1] ?? 0);
  const name = line.slice(0, line.lastIndexOf(',', line.lastIndexOf(',', line.lastIndexOf(',', line.lastIndexOf(',') - 1) - 1) - 1)).replace(/^"|"$/g, '').replace(/""/g, '"');
  return { name, size };
}).filter((row) => !row.name.includes('custom section') && !row.name.includes('names" subsection'));

// The crate an item belongs to: the first path segment, with `<T as Trait>` counted for T;
// the body of every Yew component lands in yew's `CompStateInner::view`, so that is listed apart.
function crateOf(name) {
  if (name.includes('CompStateInner<COMP> as yew::html::component::lifecycle::Stateful>::view')) return 'component bodies (html!)';
  if (name.startsWith('data segment')) return 'data (texts, tables)';
  const path = name.replace(/^[<&*]+/, '').replace(/^(mut |dyn )+/, '');
  return /^[A-Za-z_][A-Za-z0-9_]*/.exec(path)?.[0] ?? 'other';
}
const byCrate = new Map();
for (const { name, size } of rows) byCrate.set(crateOf(name), (byCrate.get(crateOf(name)) ?? 0) + size);
const total = rows.reduce((sum, row) => sum + row.size, 0);
const crates = [...byCrate].sort((a, b) => b[1] - a[1]);
const items = [...rows].sort((a, b) => b.size - a.size).slice(0, 15);

const kb = (bytes) => (bytes / 1000).toFixed(1).padStart(7);
console.log(`Wasm size by crate (optimised, before gzip; ${kb(total).trim()} KB in all)`);
for (const [crate, size] of crates.slice(0, 20)) {
  console.log(`  ${crate.padEnd(32)} ${kb(size)} KB ${((100 * size) / total).toFixed(1).padStart(5)} %`);
}
console.log('largest items');
for (const { name, size } of items) console.log(`  ${kb(size)} KB  ${name.slice(0, 110)}`);
if (options.json) {
  mkdirSync(dirname(options.json), { recursive: true });
  writeFileSync(options.json, `${JSON.stringify({ total_bytes: total, by_crate: Object.fromEntries(crates) }, null, 2)}\n`);
}
