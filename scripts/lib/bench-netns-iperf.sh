# shellcheck shell=bash
# Sourced by scripts/bench-netns.sh: one iperf3 server in namespace B and one
# timed TCP run from namespace A, with the CPU time of the iperf3 processes and
# of the tunnel processes (wireguard-go or hipd, both ends) around each run.
#
# CPU: the client's user+system time comes from bash's `time` (the rusage of
# the waited-for child); the server's and the tunnel daemons' from
# /proc/<pid>/stat before and after the run. Kernel work done in softirq
# context (veth, TCP receive) is charged to whichever process was running,
# so the per-process figures are a lower bound of the real cost.

BENCH_IPERF_PORT=5201
BENCH_IPERF_SERVER_PID=""

bench_iperf_server_start() {
  bench_spawn "$BENCH_TMP/iperf3-server.log" ip netns exec "$BENCH_NS_B" iperf3 -s -p "$BENCH_IPERF_PORT"
  BENCH_IPERF_SERVER_PID=$BENCH_LAST_PID
  bench_wait_for 10 "iperf3 -s to listen" \
    bash -c "ip netns exec '$BENCH_NS_B' ss -Hltn 'sport = :$BENCH_IPERF_PORT' | grep -q LISTEN"
}

# The iperf3 server can be left stuck by a client that failed half-way.
bench_iperf_server_restart() {
  bench_stop_pid "$BENCH_IPERF_SERVER_PID"
  bench_iperf_server_start
}

# The client command of a mode's row, as printed in the report.
bench_iperf_client_cmd() {
  local target=$1
  echo "ip netns exec $BENCH_NS_A iperf3 -c $target -p $BENCH_IPERF_PORT -t $DURATION -J"
}

# Where a mode's packets can be lost, as two counters summed over both
# namespaces: "tunnel_queue_drops udp_rcvbuf_drops". The first is the TX and
# RX drops of the tunnel's TUN device (e.g. the kernel's queue towards a
# daemon that reads too slowly), the second UDP receive-buffer overflows
# (RcvbufErrors of /proc/net/snmp and snmp6, read inside each namespace).
bench_drop_counters() {
  local mode=$1 ifs=() ns dev tun=0 udp=0 i
  case $mode in
    wg) ifs=("$BENCH_WG_IF_A" "$BENCH_WG_IF_B") ;;
    hip | hip-udp) ifs=(hip0 hip0) ;;
  esac
  local namespaces=("$BENCH_NS_A" "$BENCH_NS_B")
  for i in 0 1; do
    ns=${namespaces[i]}
    if [ ${#ifs[@]} -eq 2 ]; then
      dev=${ifs[i]}
      tun=$((tun + $(ip -n "$ns" -s -j link show dev "$dev" 2>/dev/null |
        jq '.[0].stats64 | (.tx.dropped // 0) + (.rx.dropped // 0)' 2>/dev/null || echo 0)))
    fi
    udp=$((udp + $(ip netns exec "$ns" awk '
      FILENAME ~ /snmp6$/ && $1 == "Udp6RcvbufErrors" { n += $2 }
      FILENAME ~ /snmp$/ && $1 == "Udp:" {
        if (!col) { for (k = 2; k <= NF; k++) if ($k == "RcvbufErrors") col = k }
        else n += $col
      }
      END { print n + 0 }' /proc/net/snmp /proc/net/snmp6 2>/dev/null || echo 0)))
  done
  echo "$tun $udp"
}

# bench_iperf_run MODE ROUND TARGET [TUNNEL_PID...]: one run; appends a line
#   mode round gbit_s bytes client_cpu_s server_cpu_s tunnel_cpu_s retransmits
#   tunnel_queue_drops udp_rcvbuf_drops
# to $BENCH_TMP/throughput.tsv. Returns non-zero if the run failed.
bench_iperf_run() {
  local mode=$1 round=$2 target=$3
  shift 3
  local tunnel_pids=("$@")
  local json="$BENCH_TMP/iperf-$mode-$round.json" timing="$BENCH_TMP/iperf-$mode-$round.time"
  local srv0 srv1 tun0 tun1 rc=0 qd0 ud0 qd1 ud1
  read -r qd0 ud0 <<<"$(bench_drop_counters "$mode")"
  srv0=$(bench_cpu_ticks "$BENCH_IPERF_SERVER_PID")
  tun0=$(bench_cpu_ticks_sum "${tunnel_pids[@]}")
  local TIMEFORMAT='%3U %3S'
  # shellcheck disable=SC2046
  { time timeout --foreground $((DURATION + 20)) \
      ip netns exec "$BENCH_NS_A" iperf3 -c "$target" -p "$BENCH_IPERF_PORT" -t "$DURATION" -J \
      >"$json" 2>"$json.err"; } 2>"$timing" || rc=$?
  srv1=$(bench_cpu_ticks "$BENCH_IPERF_SERVER_PID")
  tun1=$(bench_cpu_ticks_sum "${tunnel_pids[@]}")
  read -r qd1 ud1 <<<"$(bench_drop_counters "$mode")"

  local error
  error=$(jq -r '.error // empty' "$json" 2>/dev/null || echo "unreadable iperf3 output")
  if [ "$rc" -ne 0 ] || [ -n "$error" ]; then
    bench_log "$mode round $round failed (exit $rc): ${error:-$(tail -1 "$json.err")}"
    bench_iperf_server_restart || true
    return 1
  fi
  local bps bytes retrans client_cpu
  read -r bps bytes retrans < <(jq -r '[.end.sum_received.bits_per_second, .end.sum_received.bytes,
                                        (.end.sum_sent.retransmits // 0)] | @tsv' "$json")
  client_cpu=$(awk '{print $1 + $2}' "$timing")
  awk -v m="$mode" -v r="$round" -v bps="$bps" -v bytes="$bytes" -v c="$client_cpu" \
      -v s=$((srv1 - srv0)) -v t=$((tun1 - tun0)) -v hz="$BENCH_CLK_TCK" -v re="$retrans" \
      -v qd=$((qd1 - qd0)) -v ud=$((ud1 - ud0)) \
      'BEGIN { printf "%s %d %.4f %.0f %.3f %.3f %.3f %d %d %d\n", m, r, bps / 1e9, bytes, c, s / hz, t / hz, re, qd, ud }' \
      >>"$BENCH_TMP/throughput.tsv"
  tail -1 "$BENCH_TMP/throughput.tsv" | awk '{printf "bench-netns: %-6s round %d: %7.3f Gbit/s\n", $1, $2, $3}' >&2
}

# bench_throughput_summary MODE: "median min max count client_s/GB server_s/GB
# tunnel_s/GB retransmits queue_drops udp_drops" over the mode's runs (CPU
# per 10^9 bytes received over all runs together; counts summed).
bench_throughput_summary() {
  local mode=$1
  awk -v m="$mode" '$1 == m {print $3}' "$BENCH_TMP/throughput.tsv" >"$BENCH_TMP/gbps-$mode.txt"
  local stats
  stats=$(bench_stats "$BENCH_TMP/gbps-$mode.txt")
  awk -v m="$mode" -v stats="$stats" '
    $1 == m { bytes += $4; c += $5; s += $6; t += $7; re += $8; qd += $9; ud += $10 }
    END {
      gb = bytes / 1e9
      if (gb > 0) printf "%s %.2f %.2f %.2f %.0f %.0f %.0f\n", stats, c / gb, s / gb, t / gb, re, qd, ud
      else printf "%s nan nan nan 0 0 0\n", stats
    }' "$BENCH_TMP/throughput.tsv"
}
