#!/usr/bin/env bash
# Base exchange and traffic between two hipd hosts, for one encapsulation
# (raw IP: HIP protocol 139 + ESP protocol 50; udp: both on UDP 10500, RFC
# 5770) and one locator family: ping the peer's HIT (the first packets wait
# in hipd's queue during the BEX, so none may be lost), a 2 MB TCP transfer
# over the HITs checked by SHA-256, a ping to the peer's LSI (IPv4
# application over the same SAs), and the association as `hipctl status`
# reports it on both sides.
#   bex.sh BUILD_DIR raw|udp v4|v6
source "$(dirname "$0")/common.sh"
build=$1 mode=$2 family=$3
e2e_begin "bex-$mode-$family" "$build"
e2e_two_hosts "$mode" "$family" || { E2E_FAILED=1; e2e_end; }

ping_out=$(hipnet_in a timeout 15 ping -6 -c 5 -i 0.2 -W 5 "${HIPNET_HIT[b]}" 2>&1)
echo "$ping_out" | tail -2 | sed 's/^/      /'
check "ping6 to the peer's HIT: 5 of 5 replies (first ones waited for the BEX)" \
  grep -q " 5 received" <<<"$ping_out"
check "A is ESTABLISHED" test "$(hipnet_state a)" = ESTABLISHED
check "B is ESTABLISHED" test "$(hipnet_state b)" = ESTABLISHED

want_peer=$( [ "$family" = v4 ] && echo "$HIPNET_V4_B" || echo "$HIPNET_V6_B" )
status_json=$(hipnet_ctl a --json status)
check "the association runs between the $family locators" \
  python3 -c 'import json,sys; a=json.loads(sys.argv[1])["associations"][0]; sys.exit(0 if a["peer_locator"]==sys.argv[2] else 1)' "$status_json" "$want_peer"
check "its encapsulation is $mode" \
  python3 -c 'import json,sys; a=json.loads(sys.argv[1])["associations"][0]; sys.exit(0 if a["udp"]==(sys.argv[2]=="udp") else 1)' "$status_json" "$mode"

check "2 MB over TCP from A to B's HIT arrive intact" e2e_transfer a b 2000000
check "2 MB over TCP from B to A's HIT arrive intact" e2e_transfer b a 2000000

lsi=$(hipnet_ctl a --json peers | python3 -c 'import json,sys; print(json.load(sys.stdin)["peers"][0]["lsi"])')
lsi_out=$(hipnet_in a timeout 10 ping -4 -c 3 -i 0.2 -W 3 "$lsi" 2>&1)
echo "$lsi_out" | tail -2 | sed 's/^/      /'
check "ping to B's LSI $lsi (IPv4 application, same SAs): 3 of 3 replies" grep -q " 3 received" <<<"$lsi_out"

# hip0's MTU leaves room for the worst-case ESP overhead (io/mtu.h): a ping
# filling hip0's MTU must arrive without the kernel fragmenting the outer
# packet (FragCreates of IPv4 and IPv6 stay where they were).
mtu=$(hipnet_in a cat /sys/class/net/hip0/mtu)
frags() { hipnet_in a awk '$1 == "Ip6FragCreates" {s += $2} END {print s + 0}' /proc/net/snmp6
          hipnet_in a awk '/^Ip:/ && !h {for (i = 1; i <= NF; i++) if ($i == "FragCreates") c = i; h = 1; next}
                            /^Ip:/ && h {print $c}' /proc/net/snmp; }
before=$(frags | awk "{s += \$1} END {print s + 0}")
big=$(hipnet_in a timeout 10 ping -6 -M do -s $((mtu - 48)) -c 3 -i 0.2 -W 3 "${HIPNET_HIT[b]}" 2>&1)
after=$(frags | awk "{s += \$1} END {print s + 0}")
echo "$big" | grep transmitted | sed 's/^/      /'
check "pings of hip0's full MTU ($mtu bytes) get through" grep -q " 3 received" <<<"$big"
check "and no outer packet was fragmented (fragments created: $before before, $after after)" test "$before" = "$after"

echo "      status on A:"
hipnet_ctl a status | sed 's/^/        /'
check "no ESP packet failed its integrity check" test "$(e2e_counter a esp_in.bad_icv)" = 0
e2e_end
