#!/usr/bin/env bash
# Installs what is missing, then runs every check: formatting, lints, native tests, browser tests,
# the release build with its size budget, and the end-to-end tests. Stops at the first failure.
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

step "lints (native)"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "lints (wasm)"
cargo clippy -p mestring --target wasm32-unknown-unknown --all-targets --locked -- -D warnings

step "native tests"
cargo test --workspace --locked

step "benchmarks (figures only; nothing is asserted on time)"
cargo bench -p mestring-core --bench fit --locked

step "browser tests (headless Chromium)"
cargo test -p mestring --target wasm32-unknown-unknown --test browser --locked

step "storage benchmark (headless Chromium; figures only)"
WASM_BINDGEN_TEST_TIMEOUT=900 cargo test -p mestring --target wasm32-unknown-unknown --test storage_bench --locked -- --nocapture

step "release build"
trunk build --release

step "bundle budget"
node scripts/budget.mjs dist

step "end-to-end tests (headless Chromium)"
(cd tests/e2e && npm test)
