#!/usr/bin/env bash
# Recovery time after a crash (item 6 of the benchmarks): runs the end-to-end
# test tests/netns/e2e/recovery.sh (one hipd killed with SIGKILL in the middle
# of a TCP transfer, restarted with the same identity, nobody runs hipctl)
# RUNS times for each scenario and encapsulation, and reports the median and
# min–max of
#   restart → traffic: from the restarted hipd being ready to the first
#                      answered ping after it (pings every 50 ms)
#   outage:            from the kill to that ping (includes the 0.5 s the
#                      test waits before restarting, and hipd's start-up)
#
#   scripts/bench-recovery.sh [BUILD_DIR]        (as root; default build-bench)
#
# Environment (defaults):
#   RUNS=5                          runs per scenario × encapsulation
#   SCENARIOS="survivor-first restarted-first"
#   ENCAPS="raw udp"
#   RECOVERY_JSON=                  also write every run's figures there (JSON)
#   RECOVERY_LOG_DIR=               keep each run's full output there
# The runs rotate through the combinations (run 1 of each, then run 2 of
# each, ...) so that a slow spell of a shared machine hits all of them alike.
# About 9 s a run: 3 minutes with the defaults.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
case "${1:-}" in -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;; esac
build=${1:-build-bench}
runs=${RUNS:-5}
scenarios=${SCENARIOS:-survivor-first restarted-first}
encaps=${ENCAPS:-raw udp}
json_out=${RECOVERY_JSON:-}
log_dir=${RECOVERY_LOG_DIR:-}
test_script="$root/tests/netns/e2e/recovery.sh"

if ! [[ $runs =~ ^[0-9]+$ ]] || [ "$runs" -lt 1 ] || [ "$runs" -gt 50 ]; then
  echo "bench-recovery: RUNS must be 1..50" >&2
  exit 2
fi
for s in $scenarios; do
  case $s in survivor-first | restarted-first) ;; *) echo "bench-recovery: unknown scenario $s" >&2; exit 2 ;; esac
done
for e in $encaps; do
  case $e in raw | udp) ;; *) echo "bench-recovery: unknown encapsulation $e" >&2; exit 2 ;; esac
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
[ -n "$log_dir" ] && mkdir -p "$log_dir"
results="$tmp/runs.tsv"  # scenario encap run status recovery_s outage_s
: >"$results"
started=$SECONDS
skip_reason=""

for ((run = 1; run <= runs; run++)); do
  for scenario in $scenarios; do
    for encap in $encaps; do
      log="$tmp/$scenario-$encap-$run.log"
      rc=0
      timeout 120 "$test_script" "$build" "$scenario" "$encap" >"$log" 2>&1 || rc=$?
      [ -n "$log_dir" ] && cp "$log" "$log_dir/"
      if [ "$rc" -eq 77 ]; then
        skip_reason=$(sed -n 's/^SKIP: //p' "$log" | head -1)
        echo "bench-recovery: skipped: ${skip_reason:-the test skipped}" >&2
        break 3
      fi
      # RECOVERY <scenario> <mode>: X s from restart to traffic (outage Y s from the kill)
      line=$(grep -m1 '^RECOVERY ' "$log" || true)
      if [ -n "$line" ]; then
        read -r rec out <<<"$(sed -E 's/.*: ([0-9.]+) s from restart.*outage ([0-9.]+) s.*/\1 \2/' <<<"$line")"
        status=$([ "$rc" -eq 0 ] && echo ok || echo "test-failed")
      else
        rec=nan out=nan status="no-recovery"
      fi
      echo "$scenario $encap $run $status $rec $out" >>"$results"
      printf 'bench-recovery: %-15s %-3s run %d: %s\n' "$scenario" "$encap" "$run" \
        "$([ "$rec" = nan ] && echo "traffic did not resume (exit $rc)" || echo "$rec s restart→traffic, outage $out s${status/ok/}")" >&2
    done
  done
done

# median min max count of column COL for one combination (numbers only).
stats() {
  awk -v s="$1" -v e="$2" -v c="$3" '$1 == s && $2 == e && $c != "nan" { print $c }' "$results" | sort -g |
    awk '{ v[NR] = $1 } END {
      if (NR == 0) { print "nan nan nan 0"; exit }
      m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
      printf "%.3f %.3f %.3f %d\n", m, v[1], v[NR], NR }'
}

echo
if [ -n "$skip_reason" ]; then
  echo "recovery: not measured: $skip_reason"
else
  printf '%-16s %-5s %-26s %-26s %s\n' scenario encap "restart→traffic s (min–max)" "outage s (min–max)" "runs recovered"
  for scenario in $scenarios; do
    for encap in $encaps; do
      read -r rm rl rh rn <<<"$(stats "$scenario" "$encap" 5)"
      read -r om ol oh _ <<<"$(stats "$scenario" "$encap" 6)"
      total=$(awk -v s="$scenario" -v e="$encap" '$1 == s && $2 == e' "$results" | wc -l)
      printf '%-16s %-5s %-26s %-26s %s/%s\n' "$scenario" "$encap" "$rm ($rl–$rh)" "$om ($ol–$oh)" "$rn" "$total"
    done
  done
fi
echo "bench-recovery: $((SECONDS - started)) s"

if [ -n "$json_out" ]; then
  mkdir -p "$(dirname "$json_out")"
  python3 - "$results" "$json_out" "$skip_reason" "$build" "$runs" <<'PY'
import json, sys
rows, out, skip, build, runs = sys.argv[1:6]
num = lambda s: None if s == "nan" else float(s)
data = {"skipped": skip or None, "build": build, "runs_per_combination": int(runs), "runs": []}
with open(rows) as f:
    for line in f:
        s, e, r, status, rec, outage = line.split()
        data["runs"].append({"scenario": s, "encap": e, "run": int(r), "status": status,
                             "restart_to_traffic_s": num(rec), "outage_s": num(outage)})
with open(out, "w") as f:
    json.dump(data, f, indent=1)
PY
fi
