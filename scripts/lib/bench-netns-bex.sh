# shellcheck shell=bash
# Sourced by scripts/bench-netns.sh: base exchange (BEX) latency of hipd, raw
# IP or UDP encapsulation, measured on the wire.
#
# One run: a single ping from A to B's HIT. hipd A queues the echo request,
# sends I1; R1, I2, R2 follow; A is ESTABLISHED on R2 and sends the queued
# request in ESP; B becomes ESTABLISHED on that first ESP packet (R2-SENT ->
# ESTABLISHED, RFC 7401 §4.4.3, R2-SENT) and only then can answer in ESP. So
#   latency = first ESP from B on the wire - first I1 from A on the wire
# is the time until both sides are ESTABLISHED, plus B's turn-around of one
# echo (decrypt, TUN, kernel, TUN, encrypt): tens of microseconds. tshark
# on A's veth gives both times with microsecond resolution. As a cross-check
# each run's two "-> ESTABLISHED" lines of the hipd logs (millisecond clock)
# must lie no later than that first ESP packet from B.
# Between runs `hipctl close` ends the association (CLOSE, CLOSE_ACK), so each
# run is a full new BEX with new Diffie-Hellman keys; if the association does
# not reach CLOSED or UNASSOCIATED in time, both daemons are restarted.

BENCH_BEX_MAX_SECONDS=${BENCH_BEX_MAX_SECONDS:-150}  # per encapsulation
BENCH_BEX_WHY=""
BENCH_BEX_METHOD="One run: \`ping -6 -c1\` from A to B's HIT starts a fresh base exchange; the latency is the time from the first I1 (A→B) to the first ESP packet from B (B→A) in a tshark capture of A's veth (microsecond timestamps): by then A is ESTABLISHED (it sent the queued echo request in ESP after R2) and B is ESTABLISHED (its first ESP packet received, RFC 7401 §4.4.3, R2-SENT), plus B's turn-around of one echo. \"I1→R2\" is the Initiator's part. \"logs agree\" counts the runs in which both hipd logs have their \"-> ESTABLISHED\" line (millisecond clock) no later than that ESP packet. Between runs \`hipctl close\` ends the association (CLOSE/CLOSE_ACK); one unmeasured exchange comes first; puzzle difficulty 0 (hipd's default)."

# State of the association with PEER_HIT on SIDE, or "none".
bench_bex_state() {
  local side=$1 peer=$2
  bench_hipctl_on "$side" --json status 2>/dev/null |
    jq -r --arg p "$peer" '([.associations[] | select(.peer_hit == $p) | .state] + ["none"])[0]'
}

# True when neither side holds an association that is still alive.
bench_bex_closed() {
  local a b
  a=$(bench_bex_state a "$BENCH_HIT_B") b=$(bench_bex_state b "$BENCH_HIT_A")
  case "$a" in CLOSED | UNASSOCIATED | none) ;; *) return 1 ;; esac
  case "$b" in CLOSED | UNASSOCIATED | none) ;; *) return 1 ;; esac
}

# The frames of a capture as "time direction kind" (direction AB or BA; kind
# I1, R1, I2, R2, ESP or other). UDP 10500 payloads starting with four zero
# bytes are HIP control packets (RFC 5770 §5.1), others ESP.
bench_bex_frames() {
  local pcap=$1
  timeout 120 tshark -n -r "$pcap" -T fields -E separator=/t \
    -e frame.time_epoch -e ip.src -e ip.proto -e hip.packet_type -e udp.payload 2>/dev/null |
    awk -F'\t' -v a="$BENCH_V4_A" '
      function hex(s,   i, v) {  # mawk reads no "0x.." numbers
        v = 0
        for (i = 1; i <= length(s); i++) v = v * 16 + index("0123456789abcdef", tolower(substr(s, i, 1))) - 1
        return v
      }
      function kind_of(type) {
        type = type % 128
        if (type == 1) return "I1"; if (type == 2) return "R1"
        if (type == 3) return "I2"; if (type == 4) return "R2"
        return "HIP" type
      }
      {
        dir = ($2 == a) ? "AB" : "BA"
        if ($3 == 50) kind = "ESP"
        else if ($3 == 139) kind = kind_of($4 + 0)
        else if ($3 == 17) {
          p = $5; gsub(":", "", p)
          if (substr(p, 1, 8) == "00000000") kind = kind_of(hex(substr(p, 13, 2)))
          else kind = "ESP"
        } else kind = "other"
        print $1, dir, kind
      }'
}

# bench_bex_analyse ENCAP: from the capture, the run start times and the
# logs, one line per run "latency_ms i1_to_r2_ms logs_agree(0/1)" in bex-ENCAP.tsv and
# the latencies alone in bex-ENCAP.txt.
bench_bex_analyse() {
  local encap=$1 pcap="$BENCH_TMP/bex-$1.pcapng" starts="$BENCH_TMP/bex-$1-starts.txt"
  bench_bex_frames "$pcap" >"$BENCH_TMP/bex-$encap-frames.txt"
  # "-> ESTABLISHED" lines of both logs as epoch seconds, with the side.
  local side
  : >"$BENCH_TMP/bex-$encap-est.txt"
  for side in a b; do
    grep -- "-> ESTABLISHED" "$BENCH_TMP/hipd-$side.log" 2>/dev/null | awk '{print $1}' |
      sed 's/T/ /' | date -u -f - +%s.%3N 2>/dev/null | sed "s/\$/ $side/" >>"$BENCH_TMP/bex-$encap-est.txt" || true
  done
  awk -v starts="$starts" -v est="$BENCH_TMP/bex-$encap-est.txt" '
    BEGIN {
      n = 0
      while ((getline line < starts) > 0) s[++n] = line + 0
      m = 0
      while ((getline line < est) > 0) { split(line, f, " "); et[++m] = f[1] + 0; es[m] = f[2] }
    }
    function run_of(t,   i) { for (i = n; i >= 1; i--) if (t >= s[i]) return i; return 0 }
    {
      r = run_of($1 + 0)
      if (r == 0) next
      if ($2 == "AB" && $3 == "I1" && !(r in i1)) i1[r] = $1 + 0
      if ($2 == "BA" && $3 == "R2" && (r in i1) && !(r in r2)) r2[r] = $1 + 0
      if ($2 == "BA" && $3 == "ESP" && (r in i1) && !(r in back)) back[r] = $1 + 0
    }
    END {
      for (r = 1; r <= n; r++) {
        if (!(r in i1) || !(r in back)) continue
        end_r = (r < n) ? s[r + 1] : 1e18
        la = lb = -1
        for (j = 1; j <= m; j++) {
          # The log clock is truncated to ms: a line up to 1 ms before the I1 counts.
          if (et[j] < i1[r] - 0.001 || et[j] >= end_r) continue
          if (es[j] == "a" && la < 0) la = et[j]
          if (es[j] == "b" && lb < 0) lb = et[j]
        }
        # Both logged ESTABLISHED, and (truncated log clock <= true time) no
        # later than the first ESP from B: the wire bound holds.
        logok = (la >= 0 && lb >= 0 && (la > lb ? la : lb) <= back[r]) ? 1 : 0
        printf "%.3f %s %d\n", (back[r] - i1[r]) * 1000,
          (r in r2) ? sprintf("%.3f", (r2[r] - i1[r]) * 1000) : "nan", logok
      }
    }' "$BENCH_TMP/bex-$encap-frames.txt" >"$BENCH_TMP/bex-$encap.tsv"
  awk '{print $1}' "$BENCH_TMP/bex-$encap.tsv" >"$BENCH_TMP/bex-$encap.txt"
  awk '$2 != "nan" {print $2}' "$BENCH_TMP/bex-$encap.tsv" >"$BENCH_TMP/bex-$encap-r2.txt"
  awk '{ ok += $3 } END { printf "%d/%d\n", ok, NR }' "$BENCH_TMP/bex-$encap.tsv" >"$BENCH_TMP/bex-$encap-logcheck.txt"
}

# bench_bex_measure ENCAP (raw or udp): BEX_RUNS fresh base exchanges.
bench_bex_measure() {
  local encap=$1 i failures=0 restarts=0 t0=$SECONDS
  BENCH_BEX_WHY=""
  : >"$BENCH_TMP/bex-$encap.txt"
  : >"$BENCH_TMP/bex-$encap-starts.txt"
  command -v tshark >/dev/null || { BENCH_BEX_WHY="tshark not installed"; return 1; }
  bench_hip_stop
  if ! bench_hip_start "$encap"; then
    BENCH_BEX_WHY="hipd did not start with udp_encapsulation=$([ "$encap" = udp ] && echo true || echo false)"
    return 1
  fi
  local pcap="$BENCH_TMP/bex-$encap.pcapng" filter="ip proto 139 or ip proto 50 or udp port 10500"
  bench_spawn "$BENCH_TMP/tshark-$encap.log" ip netns exec "$BENCH_NS_A" tshark -n -q -i "$BENCH_VETH_A" -f "$filter" -w "$pcap"
  local capture_pid=$BENCH_LAST_PID
  bench_wait_for 15 "tshark to capture" grep -q "Capturing on" "$BENCH_TMP/tshark-$encap.log" || {
    BENCH_BEX_WHY="tshark did not start capturing"
    bench_stop_pid "$capture_pid"
    return 1
  }
  local ping_cmd=(ip netns exec "$BENCH_NS_A" ping -6 -n -q -c1 -W5 "$BENCH_HIT_B")
  BENCH_BEX_CMD[$encap]="${ping_cmd[*]}; $(bench_display_path "$(bench_hipctl)") close $BENCH_HIT_B --socket $(bench_hip_socket a)"
  # One unmeasured exchange first: tshark may announce its capture a moment
  # before it sees packets, and the run starts only after it.
  sleep 0.3
  timeout 10 "${ping_cmd[@]}" >/dev/null 2>&1 || bench_log "BEX $encap: warm-up ping got no answer"
  bench_hip_record_transform
  bench_hipctl_on a close "$BENCH_HIT_B" >/dev/null 2>&1 || true
  bench_wait_for 5 "both associations to close" bench_bex_closed || true
  for ((i = 1; i <= BEX_RUNS; i++)); do
    if [ $((SECONDS - t0)) -gt "$BENCH_BEX_MAX_SECONDS" ]; then
      bench_log "BEX $encap: ${BENCH_BEX_MAX_SECONDS}s budget spent after $((i - 1)) runs"
      break
    fi
    date +%s.%N >>"$BENCH_TMP/bex-$encap-starts.txt"
    if ! timeout 10 "${ping_cmd[@]}" >/dev/null 2>&1; then
      failures=$((failures + 1))
      bench_log "BEX $encap run $i: no answer through the new association"
      [ "$failures" -ge 5 ] && { bench_log "BEX $encap: 5 failures, giving up"; break; }
    fi
    bench_hipctl_on a close "$BENCH_HIT_B" >/dev/null 2>&1 || true
    if ! bench_wait_for 5 "both associations to close" bench_bex_closed; then
      restarts=$((restarts + 1))
      bench_log "BEX $encap run $i: association not closed (A $(bench_bex_state a "$BENCH_HIT_B"), B $(bench_bex_state b "$BENCH_HIT_A")); restarting hipd"
      bench_hip_stop
      bench_hip_start "$encap" || { BENCH_BEX_WHY="hipd did not restart"; break; }
    fi
  done
  sleep 0.3  # the last frames reach the capture file
  bench_stop_pid "$capture_pid"
  bench_hip_stop
  bench_bex_analyse "$encap"
  local got
  got=$(wc -l <"$BENCH_TMP/bex-$encap.txt")
  bench_log "BEX $encap: $got of $((i - 1)) runs measured, $failures failed pings, $restarts restarts"
  if [ "$got" -eq 0 ]; then
    BENCH_BEX_WHY=${BENCH_BEX_WHY:-"no complete base exchange in the capture"}
    return 1
  fi
  [ -z "$BENCH_BEX_WHY" ]
}
