#!/usr/bin/env bash
# Installs what is missing, then runs every check: formatting, lints, native tests, browser tests,
# the benchmarks in their quick form (with the release build and its size budget), and the end-to-end
# tests. Stops at the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
# Each checkout builds in its own `target/`: a build directory shared between checkouts was measured
# to hand one checkout's stale artifacts to another (a different bundle from the same commit).
# Installed tools and downloaded crates are still reused from earlier runs.
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"

step() { printf '\n== test: %s\n' "$*"; }

step "format"
cargo fmt --all --check

step "FFB terms (assets/ffb/ffb.json is what scripts/ffb-data.mjs makes of KL's file)"
node scripts/ffb-data.mjs --check

step "lints (native)"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "lints (wasm)"
cargo clippy -p mestring --target wasm32-unknown-unknown --all-targets --locked -- -D warnings

step "native tests"
cargo test --workspace --locked

step "FHIR R4 validation by a third party's models (fhir.resources), of the examples the golden tests keep true"
scripts/.venv/bin/python scripts/fhir-validate.py docs/examples/*.fhir.json

step "browser tests (headless Chromium)"
cargo test -p mestring --target wasm32-unknown-unknown --test browser --locked

step "benchmarks, quick (the release build; fails only on the bundle budget, prints every timing)"
MESTRING_SET_UP=1 bash scripts/bench.sh --quick

step "end-to-end tests (headless Chromium)"
(cd tests/e2e && npm test)
