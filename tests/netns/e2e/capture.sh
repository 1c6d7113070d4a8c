#!/usr/bin/env bash
# The wire, as an independent dissector sees it: tshark captures the veth
# while two hipd hosts run a base exchange, carry traffic, close with
# `hipctl close` (CLOSE, CLOSE_ACK, CLOSING/CLOSED), set up again, and close
# once more because one hipd gets SIGTERM. Checks: every HIP packet has a
# checksum Wireshark accepts, the packet types of each step appear, and
# hipctl decode finds every packet's parameters in order (RFC 7401 §5.2.1).
#   capture.sh BUILD_DIR
source "$(dirname "$0")/common.sh"
build=$1
e2e_begin capture "$build"
command -v tshark >/dev/null || e2e_skip "tshark missing (scripts/install-deps.sh installs it)"
e2e_two_hosts raw v6 || { E2E_FAILED=1; e2e_end; }
pcap=$HIPNET_DIR/wire.pcapng
hipnet_spawn a capture timeout 60 tshark -q -i veth0 -w "$pcap" -f "ip6 proto 139 or ip6 proto 50 or ip proto 139 or ip proto 50"
for i in $(seq 1 50); do [ -s "$pcap" ] && break; sleep 0.1; done
sleep 0.5  # tshark writes its header before the capture is live

check "ping6 to B's HIT (base exchange)" e2e_ping a b 3
close_b() {
  local out
  out=$(hipnet_ctl a close "${HIPNET_HIT[b]}")
  echo "      $out"
  grep -q CLOSING <<<"$out"
}
check "hipctl close answers CLOSING" close_b
# The seed design: the closer leaves CLOSING for UNASSOCIATED on the
# CLOSE_ACK; the side that got the CLOSE stays CLOSED (2 x MSL), resending
# CLOSE_ACK if the CLOSE comes again.
gone() { local s; s=$(hipnet_state a); [ "$s" = UNASSOCIATED ] || [ "$s" = NONE ]; }
check "B is CLOSED (it sent CLOSE_ACK)" hipnet_wait_state b CLOSED 5
check "A is UNASSOCIATED after B's CLOSE_ACK" gone
grep -E "CLOSING|CLOSED" "$HIPNET_DIR/a.log" | sed 's/^/      A: /'

# B is still CLOSED; an I2 from A must still open a fresh association.
check "ping6 again: a new base exchange from CLOSED" e2e_ping a b 3
check "A is ESTABLISHED again" hipnet_wait_state a ESTABLISHED 5
hipnet_stop a
check "hipd A exited on SIGTERM after closing" grep -q "shutting down: closing 1 association" "$HIPNET_DIR/a.log"
check "B got A's CLOSE at shutdown" hipnet_wait_state b CLOSED 5
sleep 0.5
hipnet_reap capture INT

echo "      captured HIP packets (time, source, type, checksum status):"
tshark -r "$pcap" -Y hip -T fields -e frame.time_relative -e ipv6.src -e hip.packet_type -e hip.checksum.status 2>/dev/null |
  sed 's/^/        /'
types=$(tshark -r "$pcap" -Y hip -T fields -e hip.packet_type 2>/dev/null | tr '\n' ' ')
bad=$(tshark -r "$pcap" -Y "hip && hip.checksum.status != 1" 2>/dev/null | wc -l)
count=$(tshark -r "$pcap" -Y hip 2>/dev/null | wc -l)
check "tshark sees HIP packets ($count)" test "$count" -ge 10
check "every HIP checksum is good per tshark ($bad bad)" test "$bad" = 0
has() { [[ " $types " == *" $1 "* ]]; }
check "I1, R1, I2, R2 on the wire (types 1-4)" eval 'has 1 && has 2 && has 3 && has 4'
closes=$(tshark -r "$pcap" -Y "hip.packet_type == 18" 2>/dev/null | wc -l)
acks=$(tshark -r "$pcap" -Y "hip.packet_type == 19" 2>/dev/null | wc -l)
check "CLOSE (18) seen twice: hipctl close and SIGTERM ($closes)" test "$closes" -ge 2
check "CLOSE_ACK (19) seen twice ($acks)" test "$acks" -ge 2
esp=$(tshark -r "$pcap" -Y esp 2>/dev/null | wc -l)
check "ESP packets carried the pings ($esp)" test "$esp" -ge 12
decode=$("$HIPNET_HIPCTL" --json decode "$pcap")
check "hipctl decode: every packet parses, parameters in order, no violations" python3 -c '
import json, sys
d = json.loads(sys.argv[1])
bad = [p["frame"] for p in d["packets"] if not p["ok"] or p["errors"] or p["violations"]]
print("      decoded", len(d["packets"]), "HIP packets; with problems:", bad)
sys.exit(1 if bad or not d["packets"] else 0)' "$decode"
e2e_end
