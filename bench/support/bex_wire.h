// Two engines wired back to back in memory, the benchmarks' driver: every
// packet one engine transmits is handed to the other at once, in order, and
// the CPU time spent inside each engine's calls is added to that engine's
// account. Delivering, copying and freeing actions is the driver's work and
// is not counted. Timers are not driven.
#pragma once

#include <cstdint>
#include <vector>

#include "base/hit.h"
#include "base/time.h"
#include "engine/engine.h"

namespace hip::bench {

struct Party {
  engine::Engine* engine = nullptr;
  std::int64_t cpu_ns = 0;                     // inside this engine's calls
  engine::State state = engine::State::unassociated;  // as its last state change said
};

// Packets as they were sent, in order, for tests of the driver and for
// benchmarks that want the real bytes of an exchange.
using Capture = std::vector<std::vector<std::uint8_t>>;

// The initiator connects to `responder_hit` along `initiator_path` (local =
// the initiator's locator); the responder sees the same path reversed. Runs
// until nobody has anything to send. True when the initiator reached
// ESTABLISHED and the responder R2-SENT.
bool run_base_exchange(Party& initiator, Party& responder, const base::Hit& responder_hit,
                       const engine::Path& initiator_path, base::Time now,
                       Capture* capture = nullptr);

}  // namespace hip::bench
