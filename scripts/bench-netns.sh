#!/usr/bin/env bash
# Network benchmark of hipstack against its ceiling and against userspace
# WireGuard, between two network namespaces joined by one veth pair:
#   plain  TCP over the veth (the ceiling)
#   wg     TCP over wireguard-go (Debian's, userspace, TUN) on the same veth
#   hip    TCP over hipstack: iperf3 to the peer's HIT through hipd (raw ESP)
#   hip-udp  the same with ESP in UDP (RFC 5770), like WireGuard's transport
# Runs alternate (plain, wg, hip, hip-udp, plain, wg, ...) so that slow drifts of a
# shared machine hit every mode alike. Then the base exchange latency of hipd,
# raw IP and UDP, from the first I1 on the wire to ESTABLISHED on both sides.
#
# Usage: scripts/bench-netns.sh BUILD_DIR      (as root)
#   BUILD_DIR holds src/daemon/hipd and src/cli/hipctl; without them the
#   hipstack rows are skipped and say so.
# Environment (defaults):
#   ROUNDS=5        rounds of the alternation
#   DURATION=6      seconds of one iperf3 run
#   MODES="plain wg hip hip-udp"   any subset, in the order of the alternation
#   BEX_RUNS=50     base exchanges per encapsulation (0: none)
#   BEX_ENCAPS="raw udp"
#   MAX_SECONDS=900 stop starting new rounds after this long
#   OUT=bench/results-netns.md (relative to the repository)
#   KEEP_TMP=1      keep the scratch folder (logs, raw numbers, captures)
#
# Safety: only documentation prefixes (192.0.2.0/24, 198.51.100.0/24,
# 2001:db8::/32; inside the tunnels hipstack's HITs and LSIs, whose routes
# end in hipd), no route out of the namespaces, every loop bounded, every
# process ended by its PID on exit.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
BENCH_REPO=$repo

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; }
case "${1:-}" in -h | --help) usage; exit 0 ;; esac
if [ $# -ne 1 ]; then usage >&2; exit 2; fi
BUILD_DIR=$(cd "$1" 2>/dev/null && pwd) || { echo "bench-netns: no such build folder: $1" >&2; exit 2; }

ROUNDS=${ROUNDS:-5}
DURATION=${DURATION:-6}
MODES=${MODES:-plain wg hip hip-udp}
BEX_RUNS=${BEX_RUNS:-50}
BEX_ENCAPS=${BEX_ENCAPS:-raw udp}
MAX_SECONDS=${MAX_SECONDS:-900}
OUT=${OUT:-bench/results-netns.md}
case $OUT in /*) ;; *) OUT="$repo/$OUT" ;; esac
for n in ROUNDS DURATION BEX_RUNS MAX_SECONDS; do
  [[ ${!n} =~ ^[0-9]+$ ]] || { echo "bench-netns: $n must be a whole number" >&2; exit 2; }
done
if [ "$ROUNDS" -lt 1 ] || [ "$ROUNDS" -gt 100 ]; then echo "bench-netns: ROUNDS must be 1..100" >&2; exit 2; fi
if [ "$DURATION" -lt 1 ] || [ "$DURATION" -gt 60 ]; then echo "bench-netns: DURATION must be 1..60" >&2; exit 2; fi
[ "$BEX_RUNS" -le 1000 ] || { echo "bench-netns: BEX_RUNS must be at most 1000" >&2; exit 2; }
for m in $MODES; do
  case $m in plain | wg | hip | hip-udp) ;; *) echo "bench-netns: unknown mode $m" >&2; exit 2 ;; esac
done

for e in $BEX_ENCAPS; do
  case $e in raw | udp) ;; *) echo "bench-netns: unknown BEX encapsulation $e (raw, udp)" >&2; exit 2 ;; esac
done

# shellcheck source=lib/bench-netns-common.sh
. "$here/lib/bench-netns-common.sh"
# shellcheck source=lib/bench-netns-iperf.sh
. "$here/lib/bench-netns-iperf.sh"
# shellcheck source=lib/bench-netns-wg.sh
. "$here/lib/bench-netns-wg.sh"
# shellcheck source=lib/bench-netns-hip.sh
. "$here/lib/bench-netns-hip.sh"
# shellcheck source=lib/bench-netns-bex.sh
. "$here/lib/bench-netns-bex.sh"
# shellcheck source=lib/bench-netns-report.sh
. "$here/lib/bench-netns-report.sh"

[ "$(id -u)" -eq 0 ] || bench_die "needs root (network namespaces)"
for tool in ip iperf3 jq timeout ss ping; do
  command -v "$tool" >/dev/null || bench_die "$tool not found (scripts/install-deps.sh installs it)"
done

BENCH_DATE=$(date -u +%Y-%m-%dT%H:%M:%SZ)
BENCH_FACTS=$(bench_machine_facts)
BENCH_GIT_REV=$(git -C "$repo" rev-parse --short HEAD 2>/dev/null || true)
if [ -n "$(git -C "$repo" status --porcelain --untracked-files=no -- src CMakeLists.txt 2>/dev/null)" ]; then
  BENCH_GIT_REV="$BENCH_GIT_REV (src/ had uncommitted changes when this ran; the binaries may or may not hold them)"
fi
start_s=$SECONDS

BENCH_TMP=$(mktemp -d "/tmp/hipbench-$$.XXXXXX")
: >"$BENCH_TMP/setup-commands.txt"
: >"$BENCH_TMP/throughput.tsv"
bench_install_traps

bench_log "namespaces $BENCH_NS_A and $BENCH_NS_B, scratch $BENCH_TMP"
bench_setup_namespaces
bench_iperf_server_start || bench_die "iperf3 server did not start"

# Each mode: set up once, then measured in the alternation. A mode that cannot
# be set up is skipped with the reason, the others still run.
declare -A mode_target=() mode_pids=()
for mode in $MODES; do
  case $mode in
    plain)
      mode_target[plain]=$BENCH_V6_B
      BENCH_MODE_PATH[plain]="veth, IPv6"
      ;;
    wg)
      if ! bench_wg_available; then
        BENCH_MODE_SKIPPED[wg]="wireguard-go or wg not installed"
      elif ! bench_wg_setup; then
        BENCH_MODE_SKIPPED[wg]="wireguard-go set-up failed (see the log above)"
      else
        mode_target[wg]=$BENCH_WG_V6_B
        mode_pids[wg]="${BENCH_WG_PIDS[*]}"
        BENCH_MODE_PATH[wg]="IPv6 in WireGuard over IPv4 veth"
      fi
      ;;
    hip | hip-udp)
      ;;  # set up right before their runs: hipd binds its TUN and sockets per mode
  esac
  [ -n "${mode_target[$mode]:-}" ] && BENCH_MODE_CMD[$mode]=$(bench_iperf_client_cmd "${mode_target[$mode]}")
done

# hipd: one pair of daemons per hip mode (raw, UDP), started in turn. With both
# modes asked for, each round restarts them, which the BEX part measures anyway.
hip_modes=()
for mode in $MODES; do
  case $mode in hip | hip-udp) hip_modes+=("$mode") ;; esac
done
if [ ${#hip_modes[@]} -gt 0 ]; then
  if ! why=$(bench_hip_why_unavailable); then
    for mode in "${hip_modes[@]}"; do BENCH_MODE_SKIPPED[$mode]=$why; done
    bench_log "$why: skipping the hipstack rows"
    hip_modes=()
  else
    bench_hip_prepare || bench_die "hipctl could not make the host keys"
    for mode in "${hip_modes[@]}"; do
      mode_target[$mode]=$BENCH_HIT_B
      BENCH_MODE_CMD[$mode]=$(bench_iperf_client_cmd "$BENCH_HIT_B")
      if [ "$mode" = hip ]; then BENCH_MODE_PATH[$mode]="IPv6 HITs in ESP over IPv4 veth"
      else BENCH_MODE_PATH[$mode]="IPv6 HITs in ESP in UDP over IPv4 veth"; fi
    done
  fi
fi

# The alternation. hipd for a mode is kept running between rounds when it is
# the only hip mode; otherwise it is restarted for each run of its mode.
hip_running=""
for ((round = 1; round <= ROUNDS; round++)); do
  if [ $((SECONDS - start_s)) -gt "$MAX_SECONDS" ]; then
    bench_log "MAX_SECONDS=$MAX_SECONDS reached: stopping after round $((round - 1))"
    break
  fi
  for mode in $MODES; do
    [ -n "${BENCH_MODE_SKIPPED[$mode]:-}" ] && continue
    [ -n "${mode_target[$mode]:-}" ] || continue
    case $mode in
      hip | hip-udp)
        if [ "$hip_running" != "$mode" ]; then
          bench_hip_stop
          hip_running=""
          if ! bench_hip_start "$([ "$mode" = hip-udp ] && echo udp || echo raw)" ||
            ! bench_hip_reach_peer; then
            bench_log "$mode: hipd did not come up; skipping this run"
            bench_hip_stop
            continue
          fi
          hip_running=$mode
        fi
        mode_pids[$mode]="${BENCH_HIP_PIDS[*]}"
        ;;
    esac
    # shellcheck disable=SC2086
    bench_iperf_run "$mode" "$round" "${mode_target[$mode]}" ${mode_pids[$mode]:-} || true
  done
done
bench_hip_stop

# Base exchange latency (hipstack only).
BENCH_BEX_ENCAPS=""
declare -A BENCH_BEX_SKIPPED=() BENCH_BEX_CMD=()
if [ "$BEX_RUNS" -gt 0 ]; then
  BENCH_BEX_ENCAPS=$BEX_ENCAPS
  if ! why=$(bench_hip_why_unavailable); then
    for encap in $BEX_ENCAPS; do BENCH_BEX_SKIPPED[$encap]=$why; done
  else
    [ -n "${BENCH_HIT_A:-}" ] || bench_hip_prepare || bench_die "hipctl could not make the host keys"
    for encap in $BEX_ENCAPS; do
      bench_bex_measure "$encap" || BENCH_BEX_SKIPPED[$encap]=${BENCH_BEX_WHY:-"failed (see the log above)"}
    done
  fi
fi

[ ${#BENCH_HIP_MTU[@]} -gt 0 ] && BENCH_HIP_NOTE=$(bench_hip_describe)

echo
echo "hipstack network benchmark, $BENCH_DATE, $(nproc) CPUs, kernel $(uname -r)"
echo "one TCP stream, $DURATION s a run, $ROUNDS rounds alternating: $MODES"
bench_report_throughput_text
bench_report_bex_text
bench_write_markdown "$OUT"
echo
echo "wrote $OUT ($((SECONDS - start_s)) s)"
