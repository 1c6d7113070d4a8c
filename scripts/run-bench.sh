#!/usr/bin/env bash
# Runs every Google Benchmark binary of a build (`make bench`). Figures from a
# shared machine are noisy: compare ratios from one run, not absolute times.
set -euo pipefail
build=${1:-build-bench}
min_time=${BENCH_MIN_TIME:-0.2}
status=0
for bin in "$build"/bench/*_bench; do
  [ -x "$bin" ] || continue
  echo "=== $(basename "$bin")"
  "$bin" --benchmark_min_time="$min_time" || status=1
done
exit $status
