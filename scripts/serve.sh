#!/usr/bin/env bash
# Installs what is missing, then serves the app at http://127.0.0.1:8080 with live rebuilds.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
exec trunk serve
