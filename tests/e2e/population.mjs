// A facility's realistic export for the caseworker's overview: 150 citizens with an ORS and an SRS
// every 14 days for 938 days, 20,100 responses, a mastery round by the citizen and staff every quarter
// and 120 plans followed up every quarter (`mestring_core::testing::population(7, 150, 938)`, as
// `crates/mestring-core/benches/progress.rs`). Written once into target/e2e-data by the CLI's import
// benchmark in its file-writing mode, and reused; shared by overview-data.test.mjs and bench.mjs.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './serve.mjs';

export const CITIZENS = 150;
export const DAYS = 938;
export const RESPONSES = 20_100;
/// Meetings per citizen, mastery rounds (days 0, 91, … 910) and a plan's follow-ups (days 105, 196, … 924).
export const MEETINGS = Math.floor(DAYS / 14);
export const ROUNDS = 11;
export const FOLLOW_UPS = 10;
/// Raised when the generator changes, so a file written by an older one is not reused.
const GENERATION = 2;
const DIR = join(ROOT, 'target/e2e-data');
export const POPULATION_FILE = join(DIR, `population-${CITIZENS}-${DAYS}-g${GENERATION}.json`);

/// The export's path, written first if it is missing (the bench's release build on a clean clone
/// takes minutes; the writing itself under a second).
export function populationFile() {
  if (existsSync(POPULATION_FILE)) return POPULATION_FILE;
  const work = join(DIR, `writing-${process.pid}`);
  mkdirSync(work, { recursive: true });
  const cargoHome = process.env.CARGO_HOME ?? join(process.env.HOME ?? '', '.cargo');
  const started = performance.now();
  execFileSync('cargo', ['bench', '-p', 'mestring-cli', '--bench', 'import', '--locked'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PATH: `${join(cargoHome, 'bin')}:${process.env.PATH}`,
      MESTRING_IMPORT_BENCH_WRITE_TO: work,
      MESTRING_IMPORT_BENCH_DAYS: String(DAYS),
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  renameSync(join(work, 'export.json'), POPULATION_FILE);
  rmSync(work, { recursive: true, force: true });
  console.log(`wrote ${POPULATION_FILE} in ${((performance.now() - started) / 1e3).toFixed(1)} s`);
  return POPULATION_FILE;
}
