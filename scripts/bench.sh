#!/usr/bin/env bash
# Every benchmark in one command: builds the release bundle, prints the whole install's size (failing on
# the budget, scripts/budget.mjs) and where the Wasm's bytes go (twiggy),
# the core's scoring throughput, the IndexedDB store with 100,000 responses, the CLI importing them
# (time and peak memory), its CSV and FHIR outputs up to 1,000,000 forms, and in headless Chromium the
# critical path a person waits on (the installed app to the ORS, a first visit, SurveyJS's bare ORS
# beside them), start-up, memory, form-saving times and the caseworker's import and overview of 150
# citizens and 20,100 responses (the file written once into target/e2e-data by the CLI's import bench);
# then writes target/bench/latest.json and prints it beside the previous run, and writes the whole
# install and the critical path into docs/performance.md. Timings are printed, never asserted.
# Usage: bash scripts/bench.sh [--quick]   (--quick: 3 runs of each path and overview visits instead of 15 and 10, as CI runs it)
set -euo pipefail
cd "$(dirname "$0")/.."
[[ -n "${MESTRING_SET_UP:-}" ]] || bash scripts/setup.sh
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"

loads=15
[[ "${1:-}" == "--quick" ]] && loads=3
out=target/bench
mkdir -p "$out"
[[ -f "$out/latest.json" ]] && cp "$out/latest.json" "$out/previous.json"

step() { printf '\n== bench: %s\n' "$*"; }

step "release build and the whole install's size"
trunk build --release
budget=0
node scripts/budget.mjs dist --json "$out/sizes.json" || budget=$?
node scripts/size-profile.mjs --json "$out/size-profile.json"

step "core: scoring, change statistics and the caseworker's overview"
cargo bench -p mestring-core --features testing --bench fit --bench progress --locked | tee "$out/fit.txt"

step "IndexedDB store with 100,000 responses (headless Chromium, release build)"
WASM_BINDGEN_TEST_TIMEOUT=900 cargo test --release -p mestring --target wasm32-unknown-unknown \
  --test storage_bench --locked -- --nocapture 2>&1 | tee "$out/storage.txt"

step "the caseworker's import: 100,000 responses written, sealed and read back by the CLI"
cargo bench -p mestring-cli --bench import --locked | tee "$out/import.txt"

step "the caseworker's outputs: csv and fhir on 40,000 forms of one citizen, 100,000 (plain and sealed) and 1,000,000 forms"
cargo bench -p mestring-cli --bench outputs --locked | tee "$out/outputs.txt"

step "the critical path (the app beside SurveyJS), start-up, memory, saving a form and the caseworker's overview of 150 citizens (headless Chromium)"
node tests/e2e/bench.mjs --loads "$loads" --json "$out/browser.json"

node scripts/bench-report.mjs "$out"
exit "$budget"
