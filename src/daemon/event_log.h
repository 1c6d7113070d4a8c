// hipd's log: spdlog to stderr (systemd's journal takes it from there), one
// line per association state change with the peer's HIT and the reason, one
// per NOTIFY, start-up and shutdown summaries. Key material never reaches
// these functions: they see HITs, states, SPIs and counts only.
#pragma once

#include <string>

#include "daemon/config_values.h"
#include "engine/actions.h"

namespace hip::daemon {

// Sets the default logger's level and a line format with millisecond times.
void setup_logging(LogLevel level);

// "peer 2001:2x::... I1-SENT -> I2-SENT (r1 received)"; the local HIT is
// named only when `several_identities` (otherwise it is always the same).
std::string describe(const engine::StateChanged& change, bool several_identities);
// "peer 2001:2x::... sent NOTIFY 8236 UNKNOWN_ASSOCIATION (signature verified)"
std::string describe(const engine::NotifyReceived& notify);

}  // namespace hip::daemon
