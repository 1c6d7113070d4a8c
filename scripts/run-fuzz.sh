#!/usr/bin/env bash
# Runs one libFuzzer target for a bounded time on a scratch copy of its seed
# corpus (the committed corpus is never modified). Fails on any crash or
# sanitizer report, and prints the number of executions.
set -euo pipefail
target=$1 corpus=$2 seconds=$3

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$corpus"/. "$work"/ 2>/dev/null || true
log=$work/fuzz.log
status=0
"$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
  -artifact_prefix="$work/" "$work" >"$log" 2>&1 || status=$?
grep -E '^(#[0-9]+.*DONE|stat::number_of_executed_units|stat::peak_rss_mb)' "$log" || true
if [ "$status" -ne 0 ] || grep -qE 'ERROR: (libFuzzer|AddressSanitizer|UndefinedBehaviorSanitizer)|runtime error:' "$log"; then
  echo "fuzz: $(basename "$target") FAILED (exit $status)"
  tail -n 60 "$log"
  for crash in "$work"/crash-* "$work"/leak-* "$work"/timeout-*; do
    [ -e "$crash" ] && cp "$crash" . && echo "fuzz: reproducer saved as ./$(basename "$crash")"
  done
  exit 1
fi
echo "fuzz: $(basename "$target") ran ${seconds}s with no crash"
