#!/usr/bin/env bash
# Installs every Debian 12 package hipstack needs to build, test, fuzz, run the
# demo and the benchmarks. Installs only what is missing; safe to run again.
set -euo pipefail

packages=(
  # toolchain
  build-essential cmake pkg-config clang libclang-rt-14-dev ccache
  # libraries
  libssl-dev libgtest-dev libgmock-dev libbenchmark-dev libspdlog-dev libfmt-dev
  libcli11-dev libtomlplusplus-dev nlohmann-json3-dev libmnl-dev libpcap-dev
  # tools the tests and the demo run
  openssl tshark iproute2 nftables iputils-ping python3 procps
  # the network benchmark (scripts/bench-netns.sh)
  iperf3 wireguard-go wireguard-tools jq
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps: missing packages: ${missing[*]}" >&2
  echo "install-deps: run as root (or: sudo apt-get install ${missing[*]})" >&2
  exit 1
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
