# shellcheck shell=bash
# Sourced by scripts/bench-netns.sh: userspace WireGuard (Debian's wireguard-go,
# configured with wg from wireguard-tools) between the two namespaces, on the
# same veth. Never the kernel module: wireguard-go makes a TUN device, and we
# check that the interface really is one.

# Tunnel addresses: documentation prefixes again.
BENCH_WG_V4_A=198.51.100.1
BENCH_WG_V4_B=198.51.100.2
BENCH_WG_V6_A=2001:db8:100::1
BENCH_WG_V6_B=2001:db8:100::2
BENCH_WG_PORT=51820
# Unique names: wireguard-go's control socket is /var/run/wireguard/<name>.sock,
# a path shared by all namespaces.
BENCH_WG_IF_A="hbwga$$"
BENCH_WG_IF_B="hbwgb$$"
BENCH_WG_PIDS=()
BENCH_WG_NOTE=""

bench_wg_available() {
  command -v wireguard-go >/dev/null && command -v wg >/dev/null
}

bench_wg_setup() {
  local kmod="absent"
  [ -d /sys/module/wireguard ] && kmod="present (not used)"
  BENCH_WG_NOTE="$(wireguard-go --version 2>/dev/null | head -1), kernel wireguard module $kmod"

  (umask 077 && wg genkey >"$BENCH_TMP/wg-a.key" && wg genkey >"$BENCH_TMP/wg-b.key")
  local pub_a pub_b
  pub_a=$(wg pubkey <"$BENCH_TMP/wg-a.key")
  pub_b=$(wg pubkey <"$BENCH_TMP/wg-b.key")

  local side ns ifname key peer_pub peer_endpoint v4 v6 peer_v4 peer_v6
  for side in A B; do
    if [ $side = A ]; then
      ns=$BENCH_NS_A ifname=$BENCH_WG_IF_A key=$BENCH_TMP/wg-a.key peer_pub=$pub_b
      peer_endpoint=$BENCH_V4_B v4=$BENCH_WG_V4_A v6=$BENCH_WG_V6_A peer_v4=$BENCH_WG_V4_B peer_v6=$BENCH_WG_V6_B
    else
      ns=$BENCH_NS_B ifname=$BENCH_WG_IF_B key=$BENCH_TMP/wg-b.key peer_pub=$pub_a
      peer_endpoint=$BENCH_V4_A v4=$BENCH_WG_V4_B v6=$BENCH_WG_V6_B peer_v4=$BENCH_WG_V4_A peer_v6=$BENCH_WG_V6_A
    fi
    # -f: stay in the foreground, so that the PID we hold is the daemon.
    # The variable makes wireguard-go run even where the kernel module exists.
    bench_spawn "$BENCH_TMP/wireguard-go-$side.log" \
      env WG_I_PREFER_BUGGY_USERSPACE_TO_POLISHED_KMOD=1 LOG_LEVEL=error \
      ip netns exec "$ns" wireguard-go -f "$ifname"
    BENCH_WG_PIDS+=("$BENCH_LAST_PID")
    bench_wait_for 10 "wireguard-go to create $ifname" \
      ip netns exec "$ns" wg show "$ifname" ||
      { cat "$BENCH_TMP/wireguard-go-$side.log" >&2; return 1; }
    # A TUN device, i.e. wireguard-go and not the kernel's WireGuard.
    ip -n "$ns" -d link show dev "$ifname" | grep -qw tun ||
      { bench_log "$ifname is not a TUN device: refusing to measure it as wireguard-go"; return 1; }
    bench_run timeout 10 ip netns exec "$ns" wg set "$ifname" private-key "$key" listen-port "$BENCH_WG_PORT" \
      peer "$peer_pub" allowed-ips "$peer_v4/32,$peer_v6/128" endpoint "$peer_endpoint:$BENCH_WG_PORT"
    bench_run ip -n "$ns" addr add "$v4/24" dev "$ifname"
    bench_run ip -n "$ns" addr add "$v6/64" dev "$ifname" nodad
    bench_run ip -n "$ns" link set "$ifname" up
  done
  bench_wait_for 10 "a ping through WireGuard" \
    ip netns exec "$BENCH_NS_A" ping -6 -c1 -W1 "$BENCH_WG_V6_B" || return 1
  BENCH_WG_NOTE="$BENCH_WG_NOTE, MTU $(ip -n "$BENCH_NS_A" -o link show dev "$BENCH_WG_IF_A" | sed -n 's/.* mtu \([0-9]*\).*/\1/p')"
  bench_check_isolated
}
