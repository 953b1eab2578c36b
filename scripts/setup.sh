#!/usr/bin/env bash
# Installs everything Mestring needs to build, serve and test, on Debian as root.
# Idempotent: whatever is already installed at the right version is left alone.
# Only the package registries are used (apt, crates.io, npm); nothing downloads from elsewhere.
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
BINARYEN_VERSION=132
TWIGGY_VERSION=0.8.0

export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

step() { printf '\n== setup: %s\n' "$*"; }

if ! cargo fmt --version >/dev/null 2>&1 || ! cargo clippy --version >/dev/null 2>&1; then
  step "rustfmt and clippy"
  rustup component add rustfmt clippy
fi

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  step "the wasm32 target"
  rustup target add wasm32-unknown-unknown
fi

if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  step "chromium and chromedriver (apt)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium chromium-driver
fi

if [[ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]]; then
  step "trunk $TRUNK_VERSION (takes several minutes once)"
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi

# The CLI must match the `wasm-bindgen` crate exactly; the version comes from Cargo.lock.
# `--locked` is left out on purpose: one of the CLI's locked dependencies is missing from the registry.
wasm_bindgen_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3 }' Cargo.lock)
if [[ -z "$wasm_bindgen_version" ]]; then
  echo "setup: no wasm-bindgen version in Cargo.lock" >&2
  exit 1
fi
if [[ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $wasm_bindgen_version" ]]; then
  step "wasm-bindgen-cli $wasm_bindgen_version"
  cargo install wasm-bindgen-cli --version "$wasm_bindgen_version" --force
fi

if [[ "$(twiggy --version 2>/dev/null)" != "twiggy-opt $TWIGGY_VERSION" ]]; then
  step "twiggy $TWIGGY_VERSION (the benchmark's size profile)"
  cargo install twiggy --version "$TWIGGY_VERSION" --locked
fi

# Debian's binaryen and the crates.io wasm-opt are too old for current rustc output; npm's is not.
if [[ "$(wasm-opt --version 2>/dev/null)" != "wasm-opt version $BINARYEN_VERSION "* ]]; then
  step "wasm-opt (binaryen $BINARYEN_VERSION from npm)"
  npm install --global --no-audit --no-fund "binaryen@$BINARYEN_VERSION.0.0"
fi

step "crates (Trunk builds offline)"
cargo fetch --locked

step "build tools (npm): esbuild for the post-build hook"
(cd scripts && npm ci --no-audit --no-fund --loglevel=error)

step "end-to-end test packages (npm)"
(cd tests/e2e && npm ci --no-audit --no-fund --loglevel=error)

# The FHIR validator CI runs on the FHIR output (scripts/fhir-validate.py): pinned models from PyPI in a venv.
if ! cmp -s scripts/fhir-requirements.txt scripts/.venv/fhir-requirements.txt 2>/dev/null; then
  step "FHIR validator (fhir.resources from PyPI, in scripts/.venv)"
  # Debian's python3 has the venv module but not ensurepip, without which a venv gets no pip.
  if ! python3 -c 'import ensurepip' >/dev/null 2>&1; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3-venv
  fi
  rm -rf scripts/.venv
  python3 -m venv scripts/.venv
  scripts/.venv/bin/pip install --quiet --disable-pip-version-check -r scripts/fhir-requirements.txt
  cp scripts/fhir-requirements.txt scripts/.venv/fhir-requirements.txt
fi
