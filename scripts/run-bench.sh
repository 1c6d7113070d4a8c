#!/usr/bin/env bash
# hipstack's whole benchmark suite in one go (`make bench`), then
# bench/results.md and bench/plots/*.svg from what it measured:
#   1. esp         ESP transform against the bare cipher, 1400-byte packets
#                  (bench/esp_bench, ESP_RUNS short invocations, each hipstack
#                  then bare OpenSSL back to back: many close pairs resist a
#                  shared machine's noise better than a few long ones)
#   2. primitives  cost of each cryptographic primitive (exchange_bench,
#                  identity_bench): context for the other figures, no goal
#   3. inprocess   base exchange against its primitives, Responder under an I1
#                  flood, memory and per-event cost (scripts/bench-inprocess.sh)
#   4. netns       TCP throughput against plain veth and wireguard-go, base
#                  exchange latency (scripts/bench-netns.sh; root)
#   5. recovery    time from a crashed hipd's restart to traffic
#                  (scripts/bench-recovery.sh; root)
#   6. report      scripts/bench-report.py merges it all
#
#   scripts/run-bench.sh [BUILD_DIR]      (default build-bench)
#
# BUILD_DIR must hold the benchmark binaries and, for parts 4 and 5, hipd and
# hipctl (cmake --preset bench builds both). Without root, parts 4 and 5 are
# skipped and the report says so. About 10 minutes on 2 cores (9-10 measured).
# Environment (defaults):
#   BENCH_PARTS="esp primitives inprocess netns recovery"   any subset
#   BENCH_RAW_DIR=BUILD_DIR/bench-raw   raw figures, fragments and logs
#   BENCH_RESULTS=bench/results.md      BENCH_PLOTS=bench/plots
#   ESP_RUNS=15  ESP_MIN_TIME=0.05      RUNS=5 (recovery runs per combination)
#   and the knobs of each part's script (BENCH_REPETITIONS, HIP_SCALE_MAX,
#   ROUNDS, DURATION, BEX_RUNS, ...), passed through.
# No figure fails the run: a part that fails or times out is reported as such.
set -uo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
case "${1:-}" in -h | --help) sed -n '2,/^set -uo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;; esac
build=${1:-build-bench}
[ -d "$build" ] || { echo "run-bench: no build folder $build (cmake --preset bench && cmake --build build-bench)" >&2; exit 2; }
parts=${BENCH_PARTS:-esp primitives inprocess netns recovery}
raw=${BENCH_RAW_DIR:-$build/bench-raw}
results=${BENCH_RESULTS:-$root/bench/results.md}
plots=${BENCH_PLOTS:-$root/bench/plots}
esp_runs=${ESP_RUNS:-15}
esp_min_time=${ESP_MIN_TIME:-0.05}

rm -rf "$raw"
mkdir -p "$raw/status" "$raw/logs"
started=$SECONDS
part_no=0
part_count=$(($(wc -w <<<"$parts") + 1))

# Machine and revision, once, for the report's header.
{
  echo "date=$(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
  dirty=$(git -C "$root" status --porcelain --untracked-files=no -- src bench CMakeLists.txt 2>/dev/null | wc -l)
  echo "dirty_files=$dirty"
  echo "cpu=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)"
  echo "nproc=$(nproc)"
  echo "kernel=$(uname -sr) $(uname -m)"
  echo "memory=$(awk '/^MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)"
  echo "load_before=$(cut -d' ' -f1-3 /proc/loadavg)"
  echo "build=$build"
  echo "build_type=$(sed -n 's/^CMAKE_BUILD_TYPE:STRING=//p' "$build/CMakeCache.txt" 2>/dev/null)"
  echo "compiler=$(sed -n 's/^CMAKE_CXX_COMPILER:[A-Z]*=//p' "$build/CMakeCache.txt" 2>/dev/null | xargs -r basename) $(c++ -dumpversion 2>/dev/null)"
  echo "openssl=$(openssl version 2>/dev/null)"
  echo "esp_runs=$esp_runs"
  echo "esp_min_time=$esp_min_time"
} >"$raw/machine.env"

progress() { printf '\n=== [%d/%d] %s (%d s so far)\n' "$part_no" "$part_count" "$*" "$((SECONDS - started))"; }

# run_part NAME LIMIT_SECONDS CMD...: runs CMD with its output on the console
# and in logs/NAME.log; records ok / failed / timed out with its duration.
run_part() {
  local name=$1 limit=$2 t0=$SECONDS rc=0
  shift 2
  timeout --foreground "$limit" "$@" 2>&1 | tee "$raw/logs/$name.log"
  rc=${PIPESTATUS[0]}
  local took=$((SECONDS - t0))
  case $rc in
    0) echo "ok $took" >"$raw/status/$name" ;;
    124) echo "failed $took timed out after $limit s" >"$raw/status/$name" ;;
    *) echo "failed $took exit status $rc (log: $raw/logs/$name.log)" >"$raw/status/$name" ;;
  esac
  echo "run-bench: $name: $(cut -d' ' -f1 "$raw/status/$name") in $took s"
}

skip_part() { echo "skipped 0 $2" >"$raw/status/$1"; echo "run-bench: $1 skipped: $2"; }

# Why the network parts cannot run, or nothing.
network_unavailable() {
  if [ "$(id -u)" -ne 0 ]; then echo "needs root (network namespaces, TUN, raw sockets): run make bench as root"
  elif [ ! -x "$build/src/daemon/hipd" ] || [ ! -x "$build/src/cli/hipctl" ]; then
    echo "hipd or hipctl not built in $build (configure with HIP_BUILD_TOOLS=ON)"
  fi
}

esp_part() {
  set -o pipefail
  local i
  for ((i = 1; i <= esp_runs; i++)); do
    # The summary's line for hipd's default transform, as a sign of life.
    "$build/bench/esp_bench" --benchmark_filter='/1400$' --benchmark_min_time="$esp_min_time" \
      --benchmark_out="$raw/esp-$i.json" --benchmark_out_format=json 2>>"$raw/logs/esp-stderr.log" |
      awk -v i="$i" -v n="$esp_runs" '/^13_aes128gcm_icv16/ { printf "esp_bench run %d of %d: AES-128-GCM hipstack/bare %s\n", i, n, $5 }' ||
      return 1
  done
}

primitives_part() {
  local bin
  for bin in exchange_bench identity_bench; do
    echo "$bin"
    "$build/bench/$bin" --benchmark_min_time=0.1 --benchmark_out="$raw/$bin.json" \
      --benchmark_out_format=json >/dev/null || return 1
  done
}

# The two Google Benchmark parts run under `timeout` in a child bash.
export build raw esp_runs esp_min_time
export -f esp_part primitives_part

for part in $parts; do
  part_no=$((part_no + 1))
  case $part in
    esp)
      progress "ESP transform against the bare cipher ($esp_runs runs)"
      run_part esp 300 bash -c esp_part
      ;;
    primitives)
      progress "cryptographic primitives (exchange_bench, identity_bench)"
      run_part primitives 300 bash -c primitives_part
      ;;
    inprocess)
      progress "in-process: base exchange cost, Responder under flood, scale (about 4 minutes)"
      HIP_BENCH_OUT="$raw/results-inprocess.md" run_part inprocess 720 "$root/scripts/bench-inprocess.sh" "$build"
      ;;
    netns)
      progress "network: throughput against plain veth and wireguard-go, base exchange latency (about 3 minutes)"
      why=$(network_unavailable)
      if [ -n "$why" ]; then skip_part netns "$why"
      else
        OUT="$raw/results-netns.md" BENCH_RAW_OUT="$raw/netns.json" MAX_SECONDS=${MAX_SECONDS:-400} \
          run_part netns 720 "$root/scripts/bench-netns.sh" "$build"
      fi
      ;;
    recovery)
      progress "recovery after a crash (about 3 minutes)"
      why=$(network_unavailable)
      if [ -n "$why" ]; then skip_part recovery "$why"
      else
        RECOVERY_JSON="$raw/recovery.json" run_part recovery 600 "$root/scripts/bench-recovery.sh" "$build"
      fi
      ;;
    *) echo "run-bench: unknown part $part (esp primitives inprocess netns recovery)" >&2; exit 2 ;;
  esac
done

echo "load_after=$(cut -d' ' -f1-3 /proc/loadavg)" >>"$raw/machine.env"
echo "total_s=$((SECONDS - started))" >>"$raw/machine.env"
part_no=$((part_no + 1))
progress "report"
python3 "$root/scripts/bench-report.py" --raw "$raw" --out "$results" --plots "$plots" --root "$root" ||
  { echo "run-bench: the report could not be written" >&2; exit 1; }
echo "run-bench: done in $((SECONDS - started)) s; raw figures and logs in $raw"
