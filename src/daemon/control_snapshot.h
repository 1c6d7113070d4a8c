// Building the control replies from what the driver owns: the engine's
// snapshot, the ESP data plane's SA counters and the peer table. The driver's
// ControlHandler is then a few lines (see control_handler.h).
#pragma once

#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "base/time.h"
#include "daemon/control_protocol.h"
#include "daemon/peer_table.h"
#include "engine/engine.h"
#include "esp/counters.h"

namespace hip::daemon {

// The association part of `info`, ages taken against `now`. SA traffic and
// since_rekey are left for the caller (sa_stats(), its own rekey times).
AssociationStatus association_status(const engine::AssociationInfo& info, base::Time now);

// One SA's traffic; `counters` is nullptr when the data plane has no such SA
// (e.g. before keys are installed): only the SPI is kept.
SaStats sa_stats(std::uint32_t spi, const esp::SaCounters* counters, base::Time now);

// Appends one counter per drop reason of `counters`, named
// "<prefix>.<reason>" (e.g. "esp_in.bad_icv"), plus "<prefix>.packets" and
// "<prefix>.bytes".
void append_esp_counters(std::string_view prefix, const esp::DirectionCounters& counters,
                         std::vector<NamedCount>& out);

// The peer table with each peer's association state (from the engine's
// snapshot; several local HITs: the first association found).
PeersReply peers_reply(const PeerTable& table, std::span<const engine::AssociationInfo> associations);

}  // namespace hip::daemon
