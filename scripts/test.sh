#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test: the doctest suite (ctest), the node:test
# suites (wasm against native, schema) and the Playwright tests in Chromium. Ends with one line
# "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh || { echo "0 passed, 1 failed"; exit 1; }

started=$(date +%s)
log=$(mktemp -d)
status=0

echo "== C++ core (doctest through ctest)"
(cd build/native && ctest --output-on-failure) | tee "$log/ctest.txt"
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1

echo "== C++ core again under AddressSanitizer and UndefinedBehaviorSanitizer (doctest and the fuzz corpora)"
jobs=$(nproc 2>/dev/null || echo 2)
if cmake -S . -B build/sanitize -DCMAKE_BUILD_TYPE=Debug \
     -DCMAKE_CXX_FLAGS="-O1 -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer" \
     -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" \
     ${CHORUS_SHARED_FIXTURES:+-DCHORUS_SHARED_FIXTURES="$CHORUS_SHARED_FIXTURES"} >/dev/null &&
   cmake --build build/sanitize -j "$jobs" --target chorus_tests \
     $(printf 'fuzz_%s_replay ' reader differential containers query time state) >/dev/null; then
  (cd build/sanitize && ctest --output-on-failure) | tee "$log/sanitize.txt"
  [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
else
  echo "0 tests passed, 1 tests failed out of 1" > "$log/sanitize.txt"; status=1
fi

echo "== the CLI's threads under ThreadSanitizer (tests/js/cli-parallel.test.mjs against a CLI built with it)"
# A data race between the readers of -j N (ranges taken over, ids handed over) makes the CLI exit with 66, which
# fails the test that ran it (most of them quote the CLI's stderr, the race's report, in their message).
if cmake -S . -B build/tsan -DCMAKE_BUILD_TYPE=RelWithDebInfo \
     -DCMAKE_CXX_FLAGS="-O1 -fsanitize=thread -fno-omit-frame-pointer" \
     -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=thread" >/dev/null &&
   cmake --build build/tsan -j "$jobs" --target chorus >/dev/null; then
  CHORUS_CLI="$PWD/build/tsan/chorus" TSAN_OPTIONS="halt_on_error=1 exitcode=66" \
    node --test --test-reporter=spec tests/js/cli-parallel.test.mjs | tee "$log/tsan.txt"
  [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
else
  echo "ℹ fail 1" > "$log/tsan.txt"; status=1
fi

echo "== wasm module and summary format (node:test)"
node --test --test-reporter=spec tests/js/*.test.mjs | tee "$log/node.txt"
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1

echo "== the page in Chromium (node:test + Playwright)"
node --test --test-reporter=spec --test-concurrency=1 tests/e2e/*.test.mjs | tee "$log/e2e.txt"
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1

# Totals across the runners.
passed=0 failed=0 skipped=0
for f in "$log/ctest.txt" "$log/sanitize.txt"; do
  total=$(sed -n 's/.*tests passed, \([0-9]*\) tests failed out of \([0-9]*\).*/\2/p' "$f")
  bad=$(sed -n 's/.*tests passed, \([0-9]*\) tests failed out of \([0-9]*\).*/\1/p' "$f")
  skip=$(grep -c '(Skipped)' "$f")
  passed=$(( passed + ${total:-0} - ${bad:-0} - skip ))
  failed=$(( failed + ${bad:-1} ))  # a ctest that printed no totals counts as a failure
  skipped=$(( skipped + skip ))
done
node_count() { sed -n "s/^ℹ $1 \([0-9]*\)$/\1/p" "$2" | tail -1; }
for f in "$log/tsan.txt" "$log/node.txt" "$log/e2e.txt"; do
  p=$(node_count pass "$f"); x=$(node_count fail "$f"); k=$(node_count skipped "$f")
  passed=$(( passed + ${p:-0} ))
  failed=$(( failed + ${x:-1} ))  # a runner that printed no totals counts as a failure
  skipped=$(( skipped + ${k:-0} ))
done
rm -rf "$log"
[ "$failed" -eq 0 ] || status=1
echo "tests took $(( $(date +%s) - started )) s"
echo "${passed} passed, ${failed} failed, ${skipped} skipped"
exit $status
