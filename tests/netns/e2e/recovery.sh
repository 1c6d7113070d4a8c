#!/usr/bin/env bash
# Recovery from state loss (the seed design, RFC 7401 §4.5.4/§6.16): one hipd
# is killed with SIGKILL in the middle of a TCP transfer and restarted with
# the same identity. Nobody runs hipctl; traffic must resume by itself.
#   survivor-first:  the surviving host keeps sending; its ESP reaches an SPI
#                    the restarted host no longer knows, which starts a base
#                    exchange to the peer at that locator.
#   restarted-first: the restarted host sends first; its I1 reaches a peer
#                    that is still ESTABLISHED, which answers with R1 and
#                    accepts the I2 that replaces the old association.
# Printed: the time from the restart (hipd ready) to the first answered ping
# after it, and from the kill. The TCP transfer that spans the crash must
# complete with every byte intact.
#   recovery.sh BUILD_DIR survivor-first|restarted-first [raw|udp]
source "$(dirname "$0")/common.sh"
build=$1 scenario=$2 mode=${3:-raw}
e2e_begin "recovery-$scenario-$mode" "$build"
e2e_two_hosts "$mode" v6 || { E2E_FAILED=1; e2e_end; }
check "association up (ping A -> B)" e2e_ping a b 3

# The crashed host is A. Who sends: B (survivor-first) or A (restarted-first).
if [ "$scenario" = survivor-first ]; then sender=b receiver=a; else sender=a receiver=b; fi
port=5300
hipnet_spawn "$receiver" rx timeout 40 python3 "$E2E_TRANSFER" serve "${HIPNET_HIT[$receiver]}" $port --timeout 40
sleep 0.3
# 3 MB at 600 kB/s: about 5 s, so the crash lands in the middle.
hipnet_spawn "$sender" tx timeout 40 python3 "$E2E_TRANSFER" send "${HIPNET_HIT[$receiver]}" $port 3000000 --rate 600000 --timeout 40
# Pings from the sender, timestamped (-D), every 50 ms, to time the recovery.
hipnet_spawn "$sender" pings timeout 30 ping -6 -D -i 0.05 -W 1 -c 400 "${HIPNET_HIT[$receiver]}"
sleep 1.5

killed=$(date +%s.%N)
hipnet_kill a
echo "      hipd A killed (SIGKILL) at $killed"
sleep 0.5
hipnet_start a || E2E_FAILED=1
ready=$(date +%s.%N)
echo "      hipd A restarted, ready $(awk -v a="$ready" -v b="$killed" 'BEGIN{printf "%.3f", a-b}') s after the kill"

# Wait (bounded) for the transfer, then stop the pings.
hipnet_wait_exit "${HIPNET_BG[tx]}" || true
for i in $(seq 1 100); do kill -0 "${HIPNET_BG[rx]}" 2>/dev/null || break; sleep 0.1; done
hipnet_reap pings INT
sent=$(cat "$HIPNET_DIR/tx.out"); received=$(cat "$HIPNET_DIR/rx.out")
echo "      sender:   $sent"
echo "      receiver: $received"
check "the TCP transfer spanning the crash completed intact" \
  e2e_same_bytes "$sent" "$received"

first=$(awk -v r="$ready" '/bytes from/ { t = substr($1, 2, length($1) - 2); if (t + 0 > r + 0) { print t; exit } }' "$HIPNET_DIR/pings.out")
check "pings answered again after the restart" test -n "$first"
if [ -n "$first" ]; then
  recovery=$(awk -v a="$first" -v b="$ready" 'BEGIN{printf "%.3f", a-b}')
  outage=$(awk -v a="$first" -v b="$killed" 'BEGIN{printf "%.3f", a-b}')
  echo "RECOVERY $scenario $mode: ${recovery} s from restart to traffic (outage ${outage} s from the kill)"
fi
check "the restarted hipd is ESTABLISHED with its peer" hipnet_wait_state a ESTABLISHED 5
check "the survivor is ESTABLISHED with it" hipnet_wait_state b ESTABLISHED 5
grep -h -E "ESTABLISHED|I1-SENT|R2-SENT" "$HIPNET_DIR/a.log" | tail -3 | sed 's/^/      A: /'
grep -h -E "ESTABLISHED|R2-SENT|I1-SENT" "$HIPNET_DIR/b.log" | tail -2 | sed 's/^/      B: /'
e2e_end
