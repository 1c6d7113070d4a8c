#!/usr/bin/env bash
# 20% random loss of HIP and ESP packets in both directions (an nftables rule
# with `numgen random` on each host's output; this kernel has no netem): the
# base exchange must still complete (retransmissions, RFC 7401 §4.4.3) and a
# TCP transfer over the HITs must still complete intact.
#   loss.sh BUILD_DIR raw|udp
source "$(dirname "$0")/common.sh"
build=$1 mode=${2:-raw}
e2e_begin "loss-$mode" "$build"
command -v nft >/dev/null || e2e_skip "nft missing (scripts/install-deps.sh installs nftables)"
e2e_two_hosts "$mode" v6 || { E2E_FAILED=1; e2e_end; }
if [ "$mode" = udp ]; then match="udp dport 10500"; else match="meta l4proto { 50, 139 }"; fi
for host in a b; do
  hipnet_in $host nft -f - <<NFT
table inet hiploss {
  chain out {
    type filter hook output priority 0; policy accept;
    $match numgen random mod 100 < 20 counter drop
  }
}
NFT
done

start=$(date +%s.%N)
# One exchange gives up after its retries (E-FAILED) with probability ~0.4%
# at this loss rate; an application would try again, and so does this test.
connect_until_established() {
  local attempt
  for attempt in 1 2 3; do
    hipnet_ctl a connect "${HIPNET_HIT[b]}" >/dev/null || true
    hipnet_wait_state a ESTABLISHED 40 && return 0
    echo "      attempt $attempt ended in $(hipnet_state a); connecting again"
  done
  return 1
}
check "the base exchange completes under 20% loss" connect_until_established
echo "      BEX took $(awk -v a="$(date +%s.%N)" -v b="$start" 'BEGIN{printf "%.2f", a-b}') s; A's HIP counters:"
hipnet_ctl a status | grep "^HIP:" | sed 's/^/        /'
check "B is ESTABLISHED too" hipnet_wait_state b ESTABLISHED 20
check "2 MB over TCP A -> B complete intact under 20% loss" e2e_transfer a b 2000000 90
check "1 MB over TCP B -> A complete intact under 20% loss" e2e_transfer b a 1000000 90
for host in a b; do
  dropped=$(hipnet_in $host nft list table inet hiploss | awk '/counter/ {for (i=1;i<=NF;i++) if ($i=="packets") print $(i+1)}')
  echo "      nftables dropped $dropped packets leaving host $host"
  check "loss was really injected on $host" test "${dropped:-0}" -gt 10
done
e2e_end
