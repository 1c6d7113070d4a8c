#!/usr/bin/env bash
# `make demo-sim`: hipstack's state machine at work between two simulated hosts
# (base exchange, ESP, a crash and recovery, CLOSE/CLOSE_ACK, NOTIFY), then
# every packet of that run decoded by `hipctl decode`, and a capture made by
# another HIPv2 implementation decoded the same way.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD_DIR:-build}
out=$build/demo
mkdir -p "$out"

echo "=== 1. Two HIP hosts in the deterministic simulator"
"$build/src/sim/hip-sim-demo" --pcap "$out/hip-demo.pcap"

echo
echo "=== 2. The packets of that run, decoded by hipctl ($out/hip-demo.pcap)"
"$build/src/cli/hipctl" decode "$out/hip-demo.pcap"

vectors=../shared/vectors/cutehip-hip.pcap
if [ -f "$vectors" ]; then
  echo
  echo "=== 3. A base exchange captured from another implementation (cutehip)"
  "$build/src/cli/hipctl" decode "$vectors"
fi
