// A packet inside a caller-owned buffer, and the room the data plane needs
// around it so that ESP is applied and removed in place (no copy):
//
//   outbound, read from TUN at `offset`:
//     | headroom | inner IP header | payload | tailroom |
//               `-> | SPI | Seq | IV | payload (encrypted) | pad | PL | NH | ICV |
//   The ESP packet overwrites the stripped IP header (an IPv6 header is larger
//   than ESP header + IV; an IPv4 header may need kEspHeadroom bytes before it).
//
//   inbound, read from the socket at `offset`:
//     | headroom | SPI | Seq | IV | payload | trailer | ICV |
//     -> | inner IP header (rebuilt) | payload |
//   The inner header is written over the ESP header and IV, reaching into the
//   headroom when it is larger (IPv6 after NULL encryption).
//
// Reading every packet at kEspHeadroom into a buffer of kEspHeadroom + MTU +
// kEspTailroom bytes satisfies both directions for every transform.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "esp/transform.h"

namespace hip::esp {

struct PacketBuffer {
  std::span<std::uint8_t> buffer;  // the whole buffer
  std::size_t offset = 0;          // where the packet starts
  std::size_t length = 0;          // packet bytes
};

// 40-byte IPv6 header rebuilt in front of a NULL-transform payload, which
// follows an 8-byte ESP header: 32 bytes before the ESP packet. Outbound
// needs at most 8 + 16 - 20 = 4.
inline constexpr std::size_t kEspHeadroom = 32;
// Padding + Pad Length + Next Header + ICV after the inner packet.
inline constexpr std::size_t kEspTailroom = kMaxTrailerBytes;

}  // namespace hip::esp
