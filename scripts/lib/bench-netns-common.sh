# shellcheck shell=bash
# Shared by scripts/bench-netns.sh (sourced, not run): the two test hosts
# (network namespaces joined by one veth pair, documentation prefixes only,
# no other route), bookkeeping so that every process we start is ended by its
# PID and every namespace is deleted even on failure, CPU sampling from
# /proc/<pid>/stat, and small statistics helpers.

# Names carry our PID so that two runs (or other tests) never collide.
BENCH_NS_A="hipbench-$$-a"
BENCH_NS_B="hipbench-$$-b"
BENCH_VETH_A="hbva$$"  # interface names are at most 15 characters
BENCH_VETH_B="hbvb$$"
# The veth: RFC 5737 / RFC 3849 documentation prefixes.
BENCH_V4_A=192.0.2.1
BENCH_V4_B=192.0.2.2
BENCH_V6_A=2001:db8:1::1
BENCH_V6_B=2001:db8:1::2

BENCH_PIDS=()      # background processes we started, in start order
BENCH_TMP=""       # scratch folder (keys, configs, logs, raw results)
BENCH_CLK_TCK=$(getconf CLK_TCK)

# Paths inside the repository are shown relative to it (commands in the
# report are run from the repository root).
bench_display_path() {
  case $1 in "$BENCH_REPO"/*) echo "${1#"$BENCH_REPO"/}" ;; *) echo "$1" ;; esac
}

bench_log() { echo "bench-netns: $*" >&2; }
bench_die() { bench_log "error: $*"; exit 1; }

# A command line as a shell would read it back: words with spaces or
# special characters in single quotes.
bench_quote() {
  local word out=()
  for word in "$@"; do
    if [[ $word =~ ^[A-Za-z0-9_./:=,+@%-]+$ ]]; then out+=("$word")
    else out+=("'${word//\'/\'\\\'\'}'"); fi
  done
  echo "${out[*]}"
}

# Runs a set-up command and records it for the report, so that every figure
# can be reproduced by hand.
bench_run() {
  bench_quote "$@" >>"$BENCH_TMP/setup-commands.txt"
  "$@"
}

# bench_spawn LOGFILE CMD...: starts CMD in the background, remembers its PID
# for the clean-up and leaves it in BENCH_LAST_PID. `ip netns exec` and `env`
# exec their command, so the PID is the daemon's own.
bench_spawn() {
  local log=$1
  shift
  echo "$(bench_quote "$@") &" >>"$BENCH_TMP/setup-commands.txt"
  "$@" >>"$log" 2>&1 </dev/null &
  BENCH_LAST_PID=$!
  BENCH_PIDS+=("$BENCH_LAST_PID")
}

bench_alive() { kill -0 "$1" 2>/dev/null; }

# Ends one of our children: SIGTERM, up to 5 s to exit, then SIGKILL.
bench_stop_pid() {
  local pid=$1 i
  bench_alive "$pid" || { wait "$pid" 2>/dev/null || true; return 0; }
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 50; i++)); do
    bench_alive "$pid" || break
    # A zombie is dead already; wait reaps it below.
    [ "$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)" = Z ] && break
    sleep 0.1
  done
  if bench_alive "$pid" && [ "$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)" != Z ]; then
    bench_log "PID $pid ignored SIGTERM for 5 s; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
}

bench_cleanup() {
  local status=$? i
  trap - EXIT INT TERM
  for ((i = ${#BENCH_PIDS[@]} - 1; i >= 0; i--)); do
    bench_stop_pid "${BENCH_PIDS[i]}"
  done
  for ns in "$BENCH_NS_A" "$BENCH_NS_B"; do
    if ip netns list 2>/dev/null | grep -qw -- "$ns"; then
      ip netns del "$ns" 2>/dev/null || bench_log "could not delete namespace $ns"
    fi
  done
  if [ -n "$BENCH_TMP" ] && [ -d "$BENCH_TMP" ]; then
    if [ "${KEEP_TMP:-0}" = 1 ] || [ "$status" -ne 0 ]; then
      bench_log "scratch files kept in $BENCH_TMP"
    else
      rm -rf "$BENCH_TMP"
    fi
  fi
  exit "$status"
}

bench_install_traps() {
  trap bench_cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
}

# bench_wait_for SECONDS DESCRIPTION CMD...: polls CMD every 50 ms, bounded.
bench_wait_for() {
  local seconds=$1 what=$2 i
  shift 2
  local tries=$((seconds * 20))
  for ((i = 0; i < tries; i++)); do
    "$@" >/dev/null 2>&1 && return 0
    sleep 0.05
  done
  bench_log "gave up after ${seconds}s waiting for $what"
  return 1
}

# The two hosts. The veth is created directly inside the namespaces, so it
# never exists in the host's own namespace; neither namespace has a default
# route or any other interface than lo and the veth (and later the tunnels).
bench_setup_namespaces() {
  bench_run ip netns add "$BENCH_NS_A"
  bench_run ip netns add "$BENCH_NS_B"
  bench_run ip link add name "$BENCH_VETH_A" netns "$BENCH_NS_A" type veth \
    peer name "$BENCH_VETH_B" netns "$BENCH_NS_B"
  local side ns dev v4 v6
  for side in A B; do
    if [ $side = A ]; then ns=$BENCH_NS_A dev=$BENCH_VETH_A v4=$BENCH_V4_A v6=$BENCH_V6_A
    else ns=$BENCH_NS_B dev=$BENCH_VETH_B v4=$BENCH_V4_B v6=$BENCH_V6_B; fi
    bench_run ip -n "$ns" link set lo up
    bench_run ip -n "$ns" addr add "$v4/24" dev "$dev"
    bench_run ip -n "$ns" addr add "$v6/64" dev "$dev" nodad
    bench_run ip -n "$ns" link set "$dev" up
  done
  bench_wait_for 5 "the veth to carry IPv4" ip netns exec "$BENCH_NS_A" ping -c1 -W1 "$BENCH_V4_B" ||
    bench_die "no IPv4 between the namespaces"
  bench_wait_for 5 "the veth to carry IPv6" ip netns exec "$BENCH_NS_A" ping -6 -c1 -W1 "$BENCH_V6_B" ||
    bench_die "no IPv6 between the namespaces"
  bench_check_isolated
}

# Refuses to go on if a namespace could reach anything but the veth's own
# documentation prefixes (a default route, or a route outside them).
bench_check_isolated() {
  local ns route
  for ns in "$BENCH_NS_A" "$BENCH_NS_B"; do
    while read -r route; do
      [ -z "$route" ] && continue
      case "$route" in
        192.0.2.0/24\ * | 198.51.100.0/24\ * | 203.0.113.0/24\ * | 2001:db8:*/*\ * | fe80::/64\ * | \
          local\ * | broadcast\ * | multicast\ * | ff00::/8\ *) ;;
        # hipd's TUN: ORCHIDs and LSIs end in hipd, which sends only to its
        # peers' locators (the veth's documentation addresses).
        2001:2?::/28\ dev\ hip0\ * | 2001:2*:*\ dev\ hip0\ * | 1.0.0.0/8\ dev\ hip0\ *) ;;
        *) bench_die "namespace $ns has a route outside the documentation prefixes: $route" ;;
      esac
    done < <(ip -n "$ns" -4 route show table all; ip -n "$ns" -6 route show table all)
  done
}

# CPU time (user + system, all threads) of a process so far, in clock ticks.
# Fields 14 and 15 of /proc/<pid>/stat; the command name in field 2 may hold
# spaces, so count from the closing parenthesis.
bench_cpu_ticks() {
  local pid=$1
  [ -r "/proc/$pid/stat" ] || { echo 0; return; }
  sed 's/.*) //' "/proc/$pid/stat" | awk '{print $12 + $13}'
}

# Sum of bench_cpu_ticks over several PIDs.
bench_cpu_ticks_sum() {
  local total=0 pid
  for pid in "$@"; do total=$((total + $(bench_cpu_ticks "$pid"))); done
  echo "$total"
}

# bench_stats FILE: "median min max count" of the numbers in FILE, one a line.
bench_stats() {
  sort -g "$1" | awk '
    { v[NR] = $1 }
    END {
      if (NR == 0) { print "nan nan nan 0"; exit }
      m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
      printf "%.6g %.6g %.6g %d\n", m, v[1], v[NR], NR
    }'
}

# Machine facts for the report.
bench_machine_facts() {
  local model
  model=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)
  echo "- machine: $(nproc) CPUs, ${model:-unknown CPU model}, kernel $(uname -r) ($(uname -m))"
  echo "- load average at start: $(cut -d' ' -f1-3 /proc/loadavg) (the machine may be shared: compare ratios within one run)"
}
