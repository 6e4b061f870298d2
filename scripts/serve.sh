#!/usr/bin/env bash
# Installs what is missing, builds, and serves the page with its sample on http://127.0.0.1:${PORT:-8080}/
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
exec node scripts/serve.mjs --port "${PORT:-8080}"
