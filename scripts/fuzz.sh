#!/usr/bin/env bash
# Long mutation runs of every libFuzzer target (the lit tests in test/fuzz/
# only replay the seed corpora). Each target fuzzes for SECONDS (default 60)
# into a scratch corpus seeded from test/fuzz/corpus/<target>/; new inputs
# and crash artifacts stay under OUT, never in the source tree.
#
# usage: scripts/fuzz.sh [SECONDS] [BUILD_DIR] [OUT]
#   BUILD_DIR  a build with -DACCEL_ENABLE_FUZZERS=ON (default build-asan)
#   OUT        scratch directory (default /tmp/accel-fuzz)
# Exit status 1 if any target found a crash, leak, timeout or slow unit;
# its artifacts are listed. See docs/Hardening.md ("Fuzzers").
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seconds="${1:-60}"
build="${2:-$root/build-asan}"
out="${3:-/tmp/accel-fuzz}"
export ASAN_OPTIONS="${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1:allow_user_poisoning=0:detect_container_overflow=0}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
declare -A max_len=([program]=8192 [asm]=8192 [npy]=1024 [target-json]=2048 [planned]=64)
status=0
pids=()
for target in program asm npy target-json planned; do
  binary="$build/bin/accel-fuzz-$target"
  if [ ! -x "$binary" ]; then
    echo "fuzz.sh: $binary is missing (configure with -DACCEL_ENABLE_FUZZERS=ON)" >&2
    exit 2
  fi
  mkdir -p "$out/$target/corpus" "$out/$target/artifacts"
  nice -n 19 "$binary" -max_total_time="$seconds" -max_len="${max_len[$target]}" \
    -print_final_stats=1 -artifact_prefix="$out/$target/artifacts/" \
    "$out/$target/corpus" "$root/test/fuzz/corpus/$target" \
    > "$out/$target/log" 2>&1 &
  pids+=($!)
done
for pid in "${pids[@]}"; do
  wait "$pid" || status=1
done
for target in program asm npy target-json planned; do
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$out/$target/log" | grep -o '[0-9]*$')
  artifacts=$(ls "$out/$target/artifacts")
  echo "$target: ${runs:-?} runs, log $out/$target/log"
  if [ -n "$artifacts" ]; then
    status=1
    echo "  findings (copy each, once fixed, to test/fuzz/corpus/$target/regress-<what>):"
    ls "$out/$target/artifacts" | sed "s|^|    $out/$target/artifacts/|"
  fi
done
exit $status
