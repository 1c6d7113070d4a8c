// Inbound ESP in BEET mode (RFC 4303 §3.4, RFC 7402 B.1.6): one ESP packet
// (SPI..ICV, as the raw or UDP socket delivers it) becomes one inner IP packet
// for the TUN device, in place.
//
// Order (RFC 4303 §3.4.3-3.4.4): length checks, sequence number inference and
// replay check, ICV, window update, decryption, padding check, header rebuild.
#pragma once

#include <cstdint>

#include "esp/beet.h"
#include "esp/counters.h"
#include "esp/packet.h"
#include "esp/sa.h"

namespace hip::esp {

struct DecapResult {
  Status status = Status::ok;
  std::uint32_t spi = 0;     // from the packet; with unknown_spi, for the engine
  std::size_t offset = 0;    // the inner IP packet in the buffer
  std::size_t length = 0;
  std::uint64_t sequence = 0;  // full (inferred) sequence number
  bool first_on_sa = false;  // first packet that passed on this SA: the peer
                             // switched to it (RFC 7402 §3.3.2, old SAs may go)
  bool rekey_due = false;    // raised once per SA: incoming counter near its end (§6.8)
};

// The SPI of an ESP packet, if it is long enough to have one.
bool peek_spi(const PacketBuffer& pkt, std::uint32_t& spi) noexcept;

// Verifies and decrypts `pkt` with the inbound SA `sa` (whose SPI it carries).
// Counts the packet or the drop on the SA.
DecapResult decapsulate_on(Sa& sa, const PacketBuffer& pkt, const beet::OuterHints& hints,
                           Time now) noexcept;

}  // namespace hip::esp
