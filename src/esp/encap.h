// Outbound ESP in BEET mode (RFC 7402 B.1.5, RFC 4303 §3.3): one inner packet
// from the TUN device becomes one ESP packet, in place.
#pragma once

#include <cstdint>

#include "esp/beet.h"
#include "esp/counters.h"
#include "esp/packet.h"
#include "esp/sa.h"

namespace hip::esp {

struct EncapResult {
  Status status = Status::ok;
  std::uint32_t spi = 0;       // the SA used (0 when none was found)
  std::size_t offset = 0;      // the ESP packet (SPI..ICV) in the buffer
  std::size_t length = 0;
  OuterAddressing outer;       // where the caller's socket sends it
  bool rekey_due = false;      // raised once per SA: ask the engine to rekey (RFC 7402 §6.8)
};

// Protects the packet `pkt` (already parsed as `inner`) with the outbound SA
// `sa`, after checking that its inner addresses are the SA's. Counts the
// packet or the drop on the SA.
EncapResult encapsulate_on(Sa& sa, const PacketBuffer& pkt, const beet::InnerPacket& inner,
                           Time now) noexcept;

}  // namespace hip::esp
