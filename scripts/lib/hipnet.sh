# hipnet.sh — two hipstack hosts in network namespaces, for the demo, the
# end-to-end tests and the benchmarks. Source it, then:
#
#   hipnet_init NAME BUILD_DIR   # names, work dir, cleanup trap
#   hipnet_create                # namespaces a and b joined by one veth pair
#   hipnet_identities [ALGO]     # a key and HIT per host (default ecdsa-p256)
#   hipnet_configure a|b [udp] [extra TOML lines...]
#   hipnet_start a|b             # hipd in the host's namespace; waits for its socket
#   hipnet_ctl a|b ARGS...       # hipctl against that host's hipd
#   hipnet_in a|b CMD...         # run CMD in the host's namespace (not with &:
#                                #   background processes go through hipnet_spawn)
#   hipnet_spawn a|b NAME CMD... # CMD in the background, ended by PID at cleanup
#   hipnet_stop a|b  /  hipnet_kill a|b
#
# Safety (the project's rules for network tests): the namespaces are joined
# only by their veth pair and have no other route; only documentation
# prefixes are used (192.0.2.0/24, 2001:db8:1::/64; HITs live on hip0);
# every process started here is ended by its PID, and the namespaces are
# deleted on exit, on failure too.

HIPNET_V4_A=192.0.2.1
HIPNET_V4_B=192.0.2.2
HIPNET_V6_A=2001:db8:1::1
HIPNET_V6_B=2001:db8:1::2

hipnet_init() {
  HIPNET_NAME=$1
  HIPNET_BUILD=$(cd "$2" && pwd)
  HIPNET_HIPD=$HIPNET_BUILD/src/daemon/hipd
  HIPNET_HIPCTL=$HIPNET_BUILD/src/cli/hipctl
  HIPNET_NS_A=$HIPNET_NAME-a
  HIPNET_NS_B=$HIPNET_NAME-b
  HIPNET_DIR=$(mktemp -d "/tmp/$HIPNET_NAME.XXXXXX")
  declare -gA HIPNET_PID=()
  declare -gA HIPNET_HIT=()
  declare -gA HIPNET_BG=()
  trap hipnet_cleanup EXIT
  trap 'exit 130' INT TERM
}

hipnet_ns() { if [ "$1" = a ]; then echo "$HIPNET_NS_A"; else echo "$HIPNET_NS_B"; fi; }
hipnet_other() { if [ "$1" = a ]; then echo b; else echo a; fi; }
hipnet_v4() { if [ "$1" = a ]; then echo $HIPNET_V4_A; else echo $HIPNET_V4_B; fi; }
hipnet_v6() { if [ "$1" = a ]; then echo $HIPNET_V6_A; else echo $HIPNET_V6_B; fi; }
hipnet_in() { local host=$1; shift; ip netns exec "$(hipnet_ns "$host")" "$@"; }

hipnet_create() {
  ip netns add "$HIPNET_NS_A"
  ip netns add "$HIPNET_NS_B"
  ip link add "hn$$a" netns "$HIPNET_NS_A" type veth peer name "hn$$b" netns "$HIPNET_NS_B"
  local host dev
  for host in a b; do
    dev=hn$$$host
    hipnet_in $host ip link set lo up
    hipnet_in $host ip link set "$dev" name veth0
    hipnet_in $host ip addr add "$(hipnet_v4 $host)/24" dev veth0
    hipnet_in $host ip -6 addr add "$(hipnet_v6 $host)/64" dev veth0 nodad
    hipnet_in $host ip link set veth0 up
  done
  # A fresh veth drops what is sent before both ends are operational (the
  # first neighbour solicitation goes unanswered and costs a 1 s retry):
  # wait until each family answers, at most 5 s.
  local i
  for i in $(seq 1 50); do
    hipnet_in a ping -6 -c 1 -W 0.2 "$HIPNET_V6_B" >/dev/null 2>&1 &&
      hipnet_in a ping -4 -c 1 -W 0.2 "$HIPNET_V4_B" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "hipnet: the veth pair between $HIPNET_NS_A and $HIPNET_NS_B does not carry traffic" >&2
  return 1
}

hipnet_identities() {
  local algo=${1:-ecdsa-p256} host
  for host in a b; do
    "$HIPNET_HIPCTL" keygen --algo "$algo" --out "$HIPNET_DIR/$host.key" >/dev/null
    HIPNET_HIT[$host]=$("$HIPNET_HIPCTL" hit "$HIPNET_DIR/$host.key" | awk '/^HIT /{print $2; exit}')
  done
}

# hipnet_configure HOST [raw|udp] [v4|v6|both] [extra TOML lines for the top level...]
hipnet_configure() {
  local host=$1 mode=${2:-raw} family=${3:-both} other
  shift; [ $# -gt 0 ] && shift; [ $# -gt 0 ] && shift
  other=$(hipnet_other "$host")
  local locators udp_on=false peer_udp=""
  case $family in
    v4) locators="\"$(hipnet_v4 "$other")\"" ;;
    v6) locators="\"$(hipnet_v6 "$other")\"" ;;
    *) locators="\"$(hipnet_v6 "$other")\", \"$(hipnet_v4 "$other")\"" ;;
  esac
  if [ "$mode" = udp ]; then udp_on=true; peer_udp="udp = true"; fi
  cat >"$HIPNET_DIR/$host.toml" <<TOML
# hipd for host $host of $HIPNET_NAME
[[identity]]
key_file = "$HIPNET_DIR/$host.key"

[daemon]
control_socket = "$HIPNET_DIR/$host.sock"
log_level = "${HIPNET_LOG_LEVEL:-info}"

[network]
udp_encapsulation = $udp_on
$(printf '%s\n' "$@")

[[peer]]
hit = "${HIPNET_HIT[$other]}"
locators = [$locators]
$peer_udp
TOML
}

hipnet_ctl() { local host=$1; shift; "$HIPNET_HIPCTL" "$@" --socket "$HIPNET_DIR/$host.sock"; }

hipnet_start() {
  local host=$1 i
  # A plain command, not a function, so that $! is hipd itself (ip netns
  # exec execs it): ending that PID ends hipd.
  ip netns exec "$(hipnet_ns "$host")" "$HIPNET_HIPD" --config "$HIPNET_DIR/$host.toml" \
    >>"$HIPNET_DIR/$host.log" 2>&1 &
  HIPNET_PID[$host]=$!
  for i in $(seq 1 100); do  # at most 10 s
    if hipnet_ctl "$host" status >/dev/null 2>&1; then return 0; fi
    if ! kill -0 "${HIPNET_PID[$host]}" 2>/dev/null; then break; fi
    sleep 0.1
  done
  echo "hipd on host $host did not start; its log:" >&2
  cat "$HIPNET_DIR/$host.log" >&2
  return 1
}

# Waits (bounded) for hipd to exit after a signal.
hipnet_wait_exit() {
  local pid=$1 i
  for i in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null; return 0; }
    sleep 0.1
  done
  return 1
}

# hipnet_spawn HOST NAME CMD...: a background process in HOST's namespace,
# its PID in HIPNET_BG[NAME]; output to $HIPNET_DIR/NAME.out.
hipnet_spawn() {
  local host=$1 name=$2
  shift 2
  ip netns exec "$(hipnet_ns "$host")" "$@" >"$HIPNET_DIR/$name.out" 2>&1 &
  HIPNET_BG[$name]=$!
}

# hipnet_end PID SIGNAL: signals PID, waits (bounded), then SIGKILL.
hipnet_end() {
  local pid=$1 sig=$2
  kill -"$sig" "$pid" 2>/dev/null || true
  if ! hipnet_wait_exit "$pid"; then kill -KILL "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
}

# hipnet_reap NAME [SIGNAL]: ends a spawned process by its PID.
hipnet_reap() {
  local name=$1 pid=${HIPNET_BG[$1]:-}
  [ -n "$pid" ] || return 0
  hipnet_end "$pid" "${2:-TERM}"
  unset "HIPNET_BG[$name]"
}

hipnet_stop() {
  local host=$1 pid=${HIPNET_PID[$1]:-}
  [ -n "$pid" ] || return 0
  hipnet_end "$pid" TERM
  unset "HIPNET_PID[$host]"
}

hipnet_kill() {
  local host=$1 pid=${HIPNET_PID[$1]:-}
  [ -n "$pid" ] || return 0
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  unset "HIPNET_PID[$host]"
}

# The state of the association with the other host, as hipctl shows it.
hipnet_state() {
  local host=$1 other
  other=$(hipnet_other "$host")
  hipnet_ctl "$host" --json status 2>/dev/null | python3 -c '
import json, sys
doc = json.load(sys.stdin)
for a in doc.get("associations", []):
    if a.get("peer_hit") == sys.argv[1]:
        print(a.get("state")); break
else:
    print("NONE")' "${HIPNET_HIT[$other]}"
}

# hipnet_wait_state HOST STATE SECONDS
hipnet_wait_state() {
  local host=$1 want=$2 limit=$3
  local deadline=$(($(date +%s%N) + limit * 1000000000))
  while [ "$(date +%s%N)" -lt "$deadline" ]; do
    [ "$(hipnet_state "$host")" = "$want" ] && return 0
    sleep 0.1
  done
  [ "$(hipnet_state "$host")" = "$want" ]
}

hipnet_cleanup() {
  local host name
  for name in "${!HIPNET_BG[@]}"; do
    kill -KILL "${HIPNET_BG[$name]}" 2>/dev/null || true
    wait "${HIPNET_BG[$name]}" 2>/dev/null || true
  done
  for host in "${!HIPNET_PID[@]}"; do
    kill -KILL "${HIPNET_PID[$host]}" 2>/dev/null || true
    wait "${HIPNET_PID[$host]}" 2>/dev/null || true
  done
  ip netns del "$HIPNET_NS_A" 2>/dev/null || true
  ip netns del "$HIPNET_NS_B" 2>/dev/null || true
  if [ -n "${HIPNET_KEEP:-}" ]; then
    echo "kept $HIPNET_DIR" >&2
  else
    rm -rf "$HIPNET_DIR"
  fi
}
