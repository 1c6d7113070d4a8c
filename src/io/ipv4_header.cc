#include "io/ipv4_header.h"

#include "base/bytes.h"

namespace hip::io {

base::Result<Ipv4Header, Ipv4HeaderError> parse_ipv4_header(
    std::span<const std::uint8_t> packet) noexcept {
  constexpr std::size_t kMinHeader = 20;
  if (packet.size() < kMinHeader) return base::unexpected(Ipv4HeaderError::truncated);
  if ((packet[0] >> 4) != 4) return base::unexpected(Ipv4HeaderError::not_ipv4);
  Ipv4Header h;
  h.header_bytes = std::size_t{packet[0] & 0x0fu} * 4;
  if (h.header_bytes < kMinHeader) return base::unexpected(Ipv4HeaderError::bad_header_length);
  if (h.header_bytes > packet.size()) return base::unexpected(Ipv4HeaderError::truncated);
  h.total_bytes = base::get_u16(packet, 2);
  if (h.total_bytes < h.header_bytes || h.total_bytes > packet.size()) {
    return base::unexpected(Ipv4HeaderError::bad_total_length);
  }
  h.tos = packet[1];
  h.ttl = packet[8];
  h.protocol = packet[9];
  h.source = base::IpAddress::v4(packet.subspan<12, 4>());
  h.destination = base::IpAddress::v4(packet.subspan<16, 4>());
  return h;
}

}  // namespace hip::io
