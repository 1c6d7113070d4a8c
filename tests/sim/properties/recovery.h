// The recovery property (RFC 7401 §4.5.4, §6.16): two hosts with an
// established association over a mildly lossy link; one of them crashes and
// restarts at a random time. Afterwards one side sends data (the restarted
// host, or the survivor that still holds the old SAs), the other side starts
// sending once that data arrived. Without any administrative action (no
// connect, no close: only application data), data must flow both ways again
// within kRecoveryBound of the restart, over SAs both sides agree on.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "sim/properties/world.h"

namespace hip::sim::test {

inline constexpr base::Duration kRecoveryBound = 60s;

enum class FirstSender : std::uint8_t { restarted, survivor };

struct RecoveryOutcome {
  std::string failure;  // empty: recovered in time
  std::optional<base::Duration> took;  // restart -> data both ways
  base::Duration virtual_time{};
  FaultTally faults;
  std::string logs;
};

RecoveryOutcome run_recovery(std::uint64_t seed, FirstSender first);

}  // namespace hip::sim::test
