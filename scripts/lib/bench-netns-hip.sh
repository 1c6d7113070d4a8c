# shellcheck shell=bash
# Sourced by scripts/bench-netns.sh: hipstack between the two namespaces. One
# hipd per namespace, ECDSA P-256 host identities, ESP transform aes-128-gcm,
# locators on the veth's IPv4 addresses, each host knowing the other as a
# [[peer]]; applications reach the peer at its HIT through hip0.

BENCH_HIP_PIDS=()
BENCH_HIT_A=""
BENCH_HIT_B=""
BENCH_HIP_ENCAP=""   # raw or udp, of the daemons now running
declare -A BENCH_HIP_MTU=()        # encapsulation -> MTU hipd gave hip0
declare -A BENCH_HIP_TRANSFORM=()  # encapsulation -> ESP transform hipd reported

bench_hipd() { echo "$BUILD_DIR/src/daemon/hipd"; }
bench_hipctl() { echo "$BUILD_DIR/src/cli/hipctl"; }

# Prints why hipstack cannot be measured and fails, or succeeds silently.
bench_hip_why_unavailable() {
  if [ ! -x "$(bench_hipd)" ]; then
    echo "hipd not built ($(bench_hipd) missing)"
    return 1
  fi
  if [ ! -x "$(bench_hipctl)" ]; then
    echo "hipctl not built ($(bench_hipctl) missing)"
    return 1
  fi
  [ -c /dev/net/tun ] || { echo "no /dev/net/tun"; return 1; }
  return 0
}

# The control socket of a side's hipd: a path of its own under the scratch
# folder (the file system is shared by the namespaces).
bench_hip_socket() { echo "$BENCH_TMP/hipd-$1.sock"; }

# hipctl against side A or B.
bench_hipctl_on() {
  local side=$1
  shift
  timeout 10 "$(bench_hipctl)" "$@" --socket "$(bench_hip_socket "$side")"
}

# Host keys (made once per benchmark run) and their HITs.
bench_hip_prepare() {
  local side
  for side in a b; do
    [ -f "$BENCH_TMP/hip-$side.key" ] && continue
    bench_run "$(bench_hipctl)" keygen --algo ecdsa-p256 --out "$BENCH_TMP/hip-$side.key" >/dev/null || return 1
  done
  BENCH_HIT_A=$("$(bench_hipctl)" --json hit "$BENCH_TMP/hip-a.key" | jq -r .hit)
  BENCH_HIT_B=$("$(bench_hipctl)" --json hit "$BENCH_TMP/hip-b.key" | jq -r .hit)
  case "$BENCH_HIT_A$BENCH_HIT_B" in
    2001:2*:*2001:2*:*) ;;
    *) bench_log "unexpected HITs: '$BENCH_HIT_A' '$BENCH_HIT_B'"; return 1 ;;
  esac
  bench_log "HIT of A $BENCH_HIT_A, of B $BENCH_HIT_B"
}

# bench_hip_write_config SIDE ENCAP LOG_LEVEL: hipd.toml of one side.
bench_hip_write_config() {
  local side=$1 encap=$2 level=$3 own peer_hit peer_loc udp=false
  if [ "$side" = a ]; then own=$BENCH_V4_A peer_hit=$BENCH_HIT_B peer_loc=$BENCH_V4_B
  else own=$BENCH_V4_B peer_hit=$BENCH_HIT_A peer_loc=$BENCH_V4_A; fi
  [ "$encap" = udp ] && udp=true
  cat >"$BENCH_TMP/hipd-$side.toml" <<EOF
# hipd of namespace $side, written by scripts/bench-netns.sh
[[identity]]
key_file = "$BENCH_TMP/hip-$side.key"

[daemon]
control_socket = "$(bench_hip_socket "$side")"
log_level = "$level"

[network]
locators = ["$own"]
tun_device = "hip0"
udp_encapsulation = $udp

[algorithms]
esp_transforms = ["aes-128-gcm"]

[timers]
# A closed association is forgotten quickly, so that the next base exchange
# of the latency runs starts from scratch.
msl = "1s"

[[peer]]
hit = "$peer_hit"
locators = ["$peer_loc"]
udp = $udp
EOF
  cp "$BENCH_TMP/hipd-$side.toml" "$BENCH_TMP/hipd-$side-$encap.toml"  # for the report
}

# bench_hip_start ENCAP [LOG_LEVEL]: both daemons, each in its namespace, and
# waits until each answers on its control socket and hip0 carries its HIT.
bench_hip_start() {
  local encap=$1 level=${2:-info} side ns hit
  BENCH_HIP_PIDS=()
  for side in a b; do
    bench_hip_write_config "$side" "$encap" "$level"
    if [ $side = a ]; then ns=$BENCH_NS_A; else ns=$BENCH_NS_B; fi
    rm -f "$(bench_hip_socket $side)"
    bench_spawn "$BENCH_TMP/hipd-$side.log" ip netns exec "$ns" "$(bench_hipd)" --config "$BENCH_TMP/hipd-$side.toml"
    BENCH_HIP_PIDS+=("$BENCH_LAST_PID")
  done
  for side in a b; do
    if [ $side = a ]; then ns=$BENCH_NS_A hit=$BENCH_HIT_A; else ns=$BENCH_NS_B hit=$BENCH_HIT_B; fi
    if ! bench_wait_for 10 "hipd $side to answer" bench_hipctl_on $side status ||
      ! bench_wait_for 5 "hip0 of $side to carry its HIT" \
        bash -c "ip -n '$ns' -6 addr show dev hip0 | grep -q '$hit'"; then
      bench_log "hipd $side log:"
      tail -20 "$BENCH_TMP/hipd-$side.log" >&2
      return 1
    fi
  done
  BENCH_HIP_ENCAP=$encap
  BENCH_HIP_MTU[$encap]=$(ip -n "$BENCH_NS_A" -o link show dev hip0 | sed -n 's/.* mtu \([0-9]*\).*/\1/p')
  bench_check_isolated
}

bench_hip_stop() {
  local pid
  for pid in "${BENCH_HIP_PIDS[@]}"; do bench_stop_pid "$pid"; done
  BENCH_HIP_PIDS=()
  BENCH_HIP_ENCAP=""
}

# First traffic to the peer's HIT starts the base exchange; waits (bounded)
# until a ping gets through.
bench_hip_reach_peer() {
  bench_wait_for 15 "a ping to B's HIT through hipd" \
    ip netns exec "$BENCH_NS_A" ping -6 -c1 -W1 "$BENCH_HIT_B" || {
    bench_log "hipd a log:"; tail -20 "$BENCH_TMP/hipd-a.log" >&2
    bench_log "hipd b log:"; tail -20 "$BENCH_TMP/hipd-b.log" >&2
    return 1
  }
  bench_hip_record_transform
}

# The ESP transform of the association A holds now, as hipd reports it.
bench_hip_record_transform() {
  local t
  t=$(bench_hipctl_on a --json status 2>/dev/null |
    jq -r '[.associations[]?.esp_transform_name] | unique | join(",")' 2>/dev/null || true)
  [ -n "$t" ] && BENCH_HIP_TRANSFORM[$BENCH_HIP_ENCAP]=$t
  return 0
}

# A line for the report: binary, identities, and per encapsulation the ESP
# transform hipd negotiated and the MTU it gave hip0.
bench_hip_describe() {
  local encap parts=()
  for encap in raw udp; do
    [ -n "${BENCH_HIP_MTU[$encap]:-}" ] || continue
    parts+=("$encap: ESP ${BENCH_HIP_TRANSFORM[$encap]:-?}, hip0 MTU ${BENCH_HIP_MTU[$encap]}")
  done
  local IFS=';'
  echo "$(bench_display_path "$(bench_hipd)") (built $(date -u -r "$(bench_hipd)" +%Y-%m-%dT%H:%M:%SZ)), ECDSA P-256 identities, configured esp_transforms = [\"aes-128-gcm\"];${parts[*]}" |
    sed 's/;/; /g'
}
