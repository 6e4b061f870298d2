#!/usr/bin/env bash
# Installs what Chorus needs to build and test, only what is missing: Debian packages (as root)
# and the npm packages pinned in package-lock.json. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages: compilers and build tools, zlib (the CLI inflates ZIP entries with it), Emscripten (with the acorn module its linker
# needs), doctest, Chromium for the browser tests, the zone data the CLI's --tz reads, and Dask (cluster/).
packages=(cmake make g++ zlib1g-dev emscripten binaryen node-acorn doctest-dev chromium tzdata python3-distributed)
command -v node >/dev/null 2>&1 || packages+=(nodejs)
command -v npm >/dev/null 2>&1 || packages+=(npm)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing Debian packages: ${missing[*]}"
  if [ "$(id -u)" -ne 0 ]; then
    echo "setup: run as root (or install these packages yourself): ${missing[*]}" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# npm packages, exactly as locked: simdjson sources (compiled into both targets) and playwright-core.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: installing npm packages (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
fi
