#!/usr/bin/env bash
# `make demo`: two hosts, each in its own network namespace with its own hipd,
# joined by one veth pair (192.0.2.0/24 and 2001:db8:1::/64, documentation
# prefixes). Generates an identity per host, pings the peer's HIT, sends TCP
# over the HITs, shows `hipctl status` on both, closes the association
# (CLOSE/CLOSE_ACK: CLOSING, CLOSED, back to UNASSOCIATED), decodes the packets
# it captured, and removes everything it made. Needs root (namespaces, TUN,
# raw sockets); without it, the simulator demo runs instead.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD_DIR:-build}

if [ "$(id -u)" != 0 ]; then
  echo "make demo needs root for network namespaces and TUN devices; showing the simulator demo instead."
  exec scripts/demo-sim.sh
fi

source scripts/lib/hipnet.sh
hipnet_init "hipdemo-$$" "$build"
began=$(date +%s.%N)
if [ -t 1 ]; then bold=$'\033[1m' plain=$'\033[0m'; else bold='' plain=''; fi
say() { printf '\n%s=== %s%s\n' "$bold" "$*" "$plain"; }
indent() { sed 's/^/    /'; }
elapsed() { awk -v a="$(date +%s.%N)" -v b="$began" 'BEGIN{printf "%.1f", a-b}'; }

say "1. Two hosts: namespaces $HIPNET_NS_A and $HIPNET_NS_B, one veth pair"
hipnet_create
hipnet_in a ip -br addr show dev veth0 | indent
hipnet_in b ip -br addr show dev veth0 | indent

say "2. An identity for each host (hipctl keygen --algo ecdsa-p256)"
hipnet_identities ecdsa-p256
echo "    host a: HIT ${HIPNET_HIT[a]}"
echo "    host b: HIT ${HIPNET_HIT[b]}"

say "3. hipd on each host; host a's configuration:"
# CLOSED lasts 2 x MSL; a 2-second MSL lets the demo show the way back to
# UNASSOCIATED (the default is RFC 7401's 2 minutes).
for host in a b; do hipnet_configure $host raw both "" "[timers]" 'msl = "2s"'; done
grep -v '^#' "$HIPNET_DIR/a.toml" | grep -v '^$' | indent
hipnet_spawn a capture timeout 120 tshark -q -i veth0 -w "$HIPNET_DIR/demo.pcapng" -f "ip6 proto 139 or ip6 proto 50"
for host in a b; do hipnet_start $host; done
sleep 0.5  # let tshark go live
hipnet_in a ip -br addr show dev hip0 | indent

say "4. ping6 from host a to host b's HIT: the first packet starts the base exchange"
hipnet_in a ping -6 -c 4 -i 0.3 "${HIPNET_HIT[b]}" | indent
echo "    hipd on host a logged:"
grep -E -- "->" "$HIPNET_DIR/a.log" | indent
echo "    hipd on host b logged:"
grep -E -- "->" "$HIPNET_DIR/b.log" | indent

say "5. TCP over the HITs: 20 MB from host a to host b, checked by SHA-256"
port=5001
hipnet_spawn b receiver timeout 30 python3 scripts/lib/tcp_transfer.py serve "${HIPNET_HIT[b]}" $port --timeout 30
sleep 0.3
hipnet_in a timeout 30 python3 scripts/lib/tcp_transfer.py send "${HIPNET_HIT[b]}" $port 20000000 --timeout 30 | indent
hipnet_wait_exit "${HIPNET_BG[receiver]}" || true
indent <"$HIPNET_DIR/receiver.out"

say "6. hipctl status on both hosts"
echo "    host a:"; hipnet_ctl a status | indent
echo "    host b:"; hipnet_ctl b status | indent

say "7. hipctl close on host a: CLOSE and CLOSE_ACK, each signed and MACed"
hipnet_ctl a close "${HIPNET_HIT[b]}" | indent
sleep 0.3
echo "    host a: $(grep -E -- "-> (CLOSING|UNASSOCIATED)" "$HIPNET_DIR/a.log" | sed 's/^[^ ]* [^ ]* //' | paste -sd ';' | sed 's/;/;  /g')"
echo "    host b: $(hipnet_state b)  (it answered with CLOSE_ACK and waits 2 x MSL for a repeated CLOSE)"
for i in $(seq 1 60); do [ "$(hipnet_state b)" = CLOSED ] || break; sleep 0.1; done
echo "    host b, 2 x MSL later: $(grep -E -- "CLOSED -> " "$HIPNET_DIR/b.log" | sed 's/^[^ ]* [^ ]* //' | tail -1)"

say "8. The wire, as hipctl decode reads the capture"
sleep 0.3
hipnet_reap capture INT
"$HIPNET_HIPCTL" decode "$HIPNET_DIR/demo.pcapng" | grep -E "^#|packets|^ *[0-9]+ " | head -20 | indent

say "Done in $(elapsed) s; removing the namespaces, hipd processes and files"
