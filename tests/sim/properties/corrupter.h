// An on-path attacker that tampers with HIP control packets: for a share of
// the packets offered to a link it makes a copy, flips 1-3 bits in the bytes
// the packet's HIP_MAC / HIP_SIGNATURE / HIP_SIGNATURE_2 cover, fixes the
// checksum (so the copy is not simply dropped as corrupt), and hands the copy
// to the destination host straight away, next to the original.
//
// Around each delivery it takes a snapshot of the receiver (associations,
// SAs, state-change log) and compares: a tampered packet must never change
// anything (RFC 7401 §6.4: MAC and signature exist exactly for that). It
// also records which drop counter absorbed the copy, so a run can report how
// many were rejected by MAC or signature checks.
//
// One region is tampered with although nothing covers it: the padding of the
// signature parameter itself (§5.2.1: padding is not checked on receipt). A
// quarter of the copies change only that, on purpose, and so do random flips
// that happen to land only there. Such a copy is as authentic as the
// original: it is delivered without the no-change check, as a duplicate with
// other bytes (what an implementation that signs each retransmission anew
// sends too), and the run's liveness and SA checks judge what it does. (This
// is how the simulator found that such a copy of an I2 made the Responder
// derive a second set of keys: docs/state-machine.md.)
//
// Left out on purpose: I1 (no MAC, no signature: tampering yields another
// valid I1, which only ever earns a stateless R1), the fields HIP_SIGNATURE_2
// leaves unsigned in R1 (Receiver's HIT, PUZZLE Opaque and #I, §5.2.15:
// tampering with #I is a known, accepted weakness of the puzzle), and ESP
// (its integrity is esp/'s ICV, which the simulator does not model).
//
// The copies bypass the link (no random draws of its own stream are used), so
// a run with the corrupter makes the same link decisions as one without.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "engine/counters.h"
#include "sim/hip_host.h"
#include "sim/link.h"
#include "sim/random.h"
#include "sim/simulator.h"

namespace hip::sim::test {

struct CorruptionTally {
  std::uint64_t injected = 0;
  std::uint64_t receiver_down = 0;
  std::uint64_t rejected_by_auth = 0;  // bad_mac or bad_signature rose
  std::uint64_t rejected_other = 0;    // another drop counter rose (malformed, echo, ...)
  std::uint64_t logged_only = 0;       // nothing dropped (an unverified NOTIFY, ...)
  std::uint64_t padding_only = 0;      // every flip hit the signature's padding: see below
  std::array<std::uint64_t, static_cast<std::size_t>(engine::Drop::count_)> by_drop{};

  void add(const CorruptionTally& o);
};

class Corrupter {
 public:
  Corrupter(Simulator& sim, std::uint64_t seed, double probability)
      : sim_(sim), random_(seed), probability_(probability) {}

  // Tampers with packets offered to `link`, which leads to `to`.
  void attach(Link& link, HipHost& to);
  void set_enabled(bool on) { enabled_ = on; }

  const CorruptionTally& tally() const { return tally_; }
  const std::vector<std::string>& violations() const { return violations_; }

 private:
  void maybe_corrupt(const Datagram& d, base::Duration delay, HipHost& to);
  void deliver(const Datagram& bad, HipHost& to, bool only_padding);

  Simulator& sim_;
  Random random_;
  double probability_;
  bool enabled_ = true;
  CorruptionTally tally_;
  std::vector<std::string> violations_;
};

}  // namespace hip::sim::test
