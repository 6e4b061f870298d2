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

echo "== wasm module and summary format (node:test)"
node --test --test-reporter=spec tests/js/*.test.mjs | tee "$log/node.txt"
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1

echo "== the page in Chromium (node:test + Playwright)"
node --test --test-reporter=spec --test-concurrency=1 tests/e2e/*.test.mjs | tee "$log/e2e.txt"
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1

# Totals across the three runners.
ctest_total=$(sed -n 's/.*tests passed, \([0-9]*\) tests failed out of \([0-9]*\).*/\2/p' "$log/ctest.txt")
ctest_failed=$(sed -n 's/.*tests passed, \([0-9]*\) tests failed out of \([0-9]*\).*/\1/p' "$log/ctest.txt")
ctest_skipped=$(grep -c '(Skipped)' "$log/ctest.txt")
node_count() { sed -n "s/^ℹ $1 \([0-9]*\)$/\1/p" "$2" | tail -1; }
passed=$(( ${ctest_total:-0} - ${ctest_failed:-0} - ctest_skipped ))
failed=${ctest_failed:-1}
skipped=$ctest_skipped
for f in "$log/node.txt" "$log/e2e.txt"; do
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
