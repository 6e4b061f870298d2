#!/usr/bin/env bash
# Runs every fuzz target (tests/fuzz) for N minutes each (default 10), two at a time, with libFuzzer, ASan and
# UBSan (clang), seeded from tests/fuzz/corpus/<target>/ and every fixture. New inputs go to build/fuzz/corpus/<target>/; anything that crashes or breaks a promise is
# written to build/fuzz/findings/<target>/ and the run says so. Keep each finding in tests/fuzz/corpus/<target>/
# once it is fixed: ctest replays that corpus.
#
#   bash scripts/fuzz.sh [MINUTES] [TARGET...]
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
if ! command -v clang++ >/dev/null 2>&1 || [ ! -e "$(clang++ -print-file-name=libclang_rt.fuzzer-x86_64.a)" ]; then
  echo "fuzz: installing clang and its libFuzzer runtime"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends clang libclang-rt-14-dev >/dev/null
fi
minutes=${1:-10}
shift || true
targets=("$@")
((${#targets[@]})) || targets=(reader differential containers query time state)

CC=clang CXX=clang++ cmake -S . -B build/fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCHORUS_FUZZ=ON \
  -DCMAKE_CXX_FLAGS="-fsanitize=address,undefined -fno-sanitize-recover=undefined" >/dev/null
cmake --build build/fuzz -j "$(nproc)" --target $(printf 'fuzz_%s ' "${targets[@]}") >/dev/null || exit 1

run() {
  local target=$1
  mkdir -p "build/fuzz/corpus/$target" "build/fuzz/findings/$target"
  "build/fuzz/tests/fuzz/fuzz_$target" -max_total_time=$((minutes * 60)) -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix="build/fuzz/findings/$target/" -print_final_stats=1 \
    "build/fuzz/corpus/$target" $(ls -d "tests/fuzz/corpus/$target" 2>/dev/null) tests/fixtures \
    > "build/fuzz/$target.log" 2>&1
  local rc=$?
  echo "fuzz $target: $(grep -E '^(stat::number_of_executed_units|Done)' "build/fuzz/$target.log" | tr '\n' ' ')exit $rc, findings: $(ls "build/fuzz/findings/$target" | wc -l)"
}

parallel=$(nproc)
for target in "${targets[@]}"; do
  while (( $(jobs -rp | wc -l) >= parallel )); do wait -n || true; done
  run "$target" &
done
wait
found=$(find build/fuzz/findings -type f | wc -l)
echo "fuzzing: ${#targets[@]} targets, ${minutes} min each, ${found} findings"
[ "$found" -eq 0 ]
