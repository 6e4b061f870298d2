#!/usr/bin/env bash
# Builds Chorus: the native core, CLI and tests (build/native), the wasm module (build/wasm),
# and the servable page in web/ with the module and the sample export in web/gen/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

jobs=$(nproc 2>/dev/null || echo 2)

echo "build: native core, CLI and tests"
cmake -S . -B build/native -DCMAKE_BUILD_TYPE=Release \
  ${CHORUS_SHARED_FIXTURES:+-DCHORUS_SHARED_FIXTURES="$CHORUS_SHARED_FIXTURES"} >/dev/null
cmake --build build/native -j "$jobs" >/dev/null

echo "build: wasm module"
# Debian's emcc needs acorn from /usr/share/nodejs when it links at -O1 and above.
export NODE_PATH=/usr/share/nodejs
emcmake cmake -S . -B build/wasm -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build/wasm -j "$jobs" >/dev/null

mkdir -p web/gen/sample
cp build/wasm/wasm/chorus.js build/wasm/wasm/chorus.wasm build/wasm/wasm/chorus-simd.js build/wasm/wasm/chorus-simd.wasm web/gen/
if [ ! -f web/gen/sample/tweets.js ] || [ bench/generate-x-archive.mjs -nt web/gen/sample/tweets.js ]; then
  node bench/generate-x-archive.mjs --count 1500 --out web/gen/sample/tweets.js
fi
# The sample's other platforms, so that a first visit shows every panel (platforms, private posts, voices):
# the same person's Mastodon outbox and Bluesky repository, from the first days of #MeToo.
if [ ! -f web/gen/sample/outbox.json ] || [ bench/generate-mastodon.mjs -nt web/gen/sample/outbox.json ]; then
  node bench/generate-mastodon.mjs --bytes 420000 --out web/gen/sample/outbox.json >/dev/null
fi
if [ ! -f web/gen/sample/repo.car ] || [ bench/generate-bluesky.mjs -nt web/gen/sample/repo.car ]; then
  node bench/generate-bluesky.mjs --bytes 90000 --out web/gen/sample/repo.car >/dev/null
fi
# What the service worker (web/sw.js) keeps for offline use: every file of web/, and a version that changes
# with any of them.
node scripts/offline-list.mjs
echo "build: done (CLI: build/native/chorus, page: web/)"
