// Deterministic randomness for the simulator. One root seed per simulation;
// every consumer (each link direction, each host's crypto::Rng) gets its own
// stream derived from the root and a stable label ("link 192.0.2.1>192.0.2.2",
// "host A"), so adding a link or a host never shifts another one's draws, and
// a seed reproduces a run whatever order things were created in.
#pragma once

#include <cstdint>
#include <string_view>

#include "base/time.h"
#include "crypto/rng.h"

namespace hip::sim {

// splitmix64's output function: a bijective 64-bit mixer.
std::uint64_t mix64(std::uint64_t x);
// A child seed for `label` under `root` (FNV-1a of the label, mixed with root).
std::uint64_t derive_seed(std::uint64_t root, std::string_view label);

// The draws a link needs, on top of crypto::SeededRng (xoshiro256**).
class Random {
 public:
  explicit Random(std::uint64_t seed) : rng_(seed) {}

  std::uint64_t next() { return rng_.next(); }
  // Uniform in [0, 1) with 53 bits of precision.
  double uniform01();
  // True with probability p. Draws nothing when p <= 0 or p >= 1, so a
  // feature that is switched off does not consume randomness.
  bool chance(double p);
  // Uniform in [0, max] (nanosecond resolution); zero, without a draw, for max <= 0.
  base::Duration up_to(base::Duration max);

 private:
  crypto::SeededRng rng_;
};

}  // namespace hip::sim
