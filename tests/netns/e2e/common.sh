# Shared by the end-to-end tests: two namespaced hosts running real hipd
# processes (scripts/lib/hipnet.sh), checks that print what they saw, and the
# CTest conventions (exit 77 = skipped, with the reason).
#
# Usage in a test: source common.sh; e2e_begin NAME BUILD_DIR; ...; e2e_end
set -uo pipefail

E2E_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
# shellcheck source=../../../scripts/lib/hipnet.sh
source "$E2E_ROOT/scripts/lib/hipnet.sh"
E2E_FAILED=0
E2E_TRANSFER="$E2E_ROOT/scripts/lib/tcp_transfer.py"

e2e_skip() { echo "SKIP: $*"; exit 77; }

e2e_begin() {
  local name=$1 build=$2
  [ "$(id -u)" = 0 ] || e2e_skip "needs root (network namespaces, TUN, raw sockets)"
  [ -c /dev/net/tun ] || e2e_skip "no /dev/net/tun"
  command -v python3 >/dev/null || e2e_skip "python3 missing (scripts/install-deps.sh installs it)"
  [ -x "$build/src/daemon/hipd" ] || e2e_skip "hipd not built in $build"
  [ -x "$build/src/cli/hipctl" ] || e2e_skip "hipctl not built in $build"
  hipnet_init "e2e-$name-$$" "$build"
  ip netns add "$HIPNET_NAME-probe" 2>/dev/null || e2e_skip "cannot create network namespaces"
  ip netns del "$HIPNET_NAME-probe"
  E2E_START=$(date +%s.%N)
}

# check DESCRIPTION COMMAND...: runs COMMAND, prints ok/FAIL with the text.
check() {
  local what=$1
  shift
  if "$@"; then
    echo "ok:   $what"
  else
    echo "FAIL: $what"
    E2E_FAILED=1
  fi
}

e2e_logs() {
  local host
  for host in a b; do
    [ -f "$HIPNET_DIR/$host.log" ] || continue
    echo "--- hipd log of host $host (last 40 lines)"
    tail -n 40 "$HIPNET_DIR/$host.log"
  done
}

e2e_end() {
  local took
  took=$(awk -v a="$(date +%s.%N)" -v b="$E2E_START" 'BEGIN { printf "%.1f", a - b }')
  if [ "$E2E_FAILED" != 0 ]; then
    e2e_logs
    echo "FAILED after ${took}s"
    exit 1
  fi
  echo "PASSED in ${took}s"
  exit 0
}

e2e_two_hosts() {  # MODE FAMILY [extra [network] lines...]
  local mode=$1 family=$2
  shift 2
  hipnet_create
  hipnet_identities "${E2E_ALGO:-ecdsa-p256}"
  hipnet_configure a "$mode" "$family" "$@"
  hipnet_configure b "$mode" "$family" "$@"
  hipnet_start a && hipnet_start b
}

# e2e_same_bytes SENT RECEIVED: the two tcp_transfer.py report lines name
# the same byte count and SHA-256 (and the sender finished at all).
e2e_same_bytes() {
  [ -n "$1" ] && [ "$(awk '{print $2, $4}' <<<"$1")" = "$(awk '{print $2, $4}' <<<"$2")" ]
}

# e2e_transfer FROM TO BYTES [TIMEOUT]: TCP from host FROM to host TO's HIT;
# true when the receiver got every byte with the sender's SHA-256.
e2e_transfer() {
  local from=$1 to=$2 bytes=$3 limit=${4:-20} port=$((5000 + RANDOM % 1000))
  local tag=xfer$RANDOM
  hipnet_spawn "$to" "$tag" timeout "$limit" python3 "$E2E_TRANSFER" serve "${HIPNET_HIT[$to]}" "$port" --timeout "$limit"
  sleep 0.2
  local sent
  sent=$(hipnet_in "$from" timeout "$limit" python3 "$E2E_TRANSFER" send "${HIPNET_HIT[$to]}" "$port" "$bytes" --timeout "$limit")
  local rc=$?
  hipnet_wait_exit "${HIPNET_BG[$tag]}" || true
  unset "HIPNET_BG[$tag]"
  local received
  received=$(cat "$HIPNET_DIR/$tag.out")
  echo "      sender:   $sent"
  echo "      receiver: $received"
  [ $rc = 0 ] || return 1
  e2e_same_bytes "$sent" "$received"
}

# e2e_counter HOST NAME: one of hipd's counters from `hipctl --json status`:
# "hip.<name>", "hip.dropped.<reason>" or a daemon counter ("esp_in.bad_icv").
e2e_counter() {
  hipnet_ctl "$1" --json status | python3 -c '
import json, sys
counters = json.load(sys.stdin)["counters"]
name = sys.argv[1]
if name.startswith("hip."):
    v = counters["hip"]
    for part in name.split(".")[1:]:
        v = v.get(part, 0) if isinstance(v, dict) else 0
    print(v)
else:
    print(counters["daemon"].get(name, 0))' "$2"
}

# e2e_ping FROM TO COUNT [v6|lsi]: COUNT pings from host FROM to host TO's
# HIT; true when every one was answered. Prints ping's summary.
e2e_ping() {
  local from=$1 to=$2 count=$3 out
  out=$(hipnet_in "$from" timeout 20 ping -6 -c "$count" -i 0.2 -W 5 "${HIPNET_HIT[$to]}" 2>&1)
  echo "$out" | grep -E "transmitted" | sed 's/^/      /'
  grep -q " $count received" <<<"$out"
}
