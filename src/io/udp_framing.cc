#include "io/udp_framing.h"

#include "base/bytes.h"

namespace hip::io {
namespace {

constexpr std::size_t kStunHeaderBytes = 20;
constexpr std::uint32_t kStunMagicCookie = 0x2112a442;  // RFC 5389 §6

// RFC 5389 §6: the top two bits are zero, the cookie sits at bytes 4-7, and
// the 16-bit length (a multiple of 4) counts what follows the header.
bool is_stun(std::span<const std::uint8_t> d) {
  if (d.size() < kStunHeaderBytes || (d[0] & 0xc0) != 0) return false;
  if (base::get_u32(d, 4) != kStunMagicCookie) return false;
  const std::size_t body = base::get_u16(d, 2);
  return body % 4 == 0 && kStunHeaderBytes + body == d.size();
}

}  // namespace

std::string_view to_string(UdpPayloadKind kind) {
  switch (kind) {
    case UdpPayloadKind::hip_control: return "hip_control";
    case UdpPayloadKind::esp: return "esp";
    case UdpPayloadKind::nat_keepalive: return "nat_keepalive";
    case UdpPayloadKind::stun: return "stun";
    case UdpPayloadKind::malformed: return "malformed";
  }
  return "unknown";
}

UdpPayload classify_udp_payload(std::span<const std::uint8_t> d) noexcept {
  UdpPayload out;
  if (d.size() == 1 && d[0] == kNatKeepaliveByte) {
    out.kind = UdpPayloadKind::nat_keepalive;
    return out;
  }
  if (d.size() < kZeroMarkerBytes) return out;
  const std::uint32_t first = base::get_u32(d, 0);
  if (first == 0) {
    // A marker with nothing after it carries no HIP packet.
    if (d.size() == kZeroMarkerBytes) return out;
    out.kind = UdpPayloadKind::hip_control;
    out.offset = kZeroMarkerBytes;
    out.length = d.size() - kZeroMarkerBytes;
    return out;
  }
  if (is_stun(d)) {
    out.kind = UdpPayloadKind::stun;
    out.length = d.size();
    return out;
  }
  if (d.size() < kEspHeaderBytes) return out;
  out.kind = UdpPayloadKind::esp;
  out.length = d.size();
  out.spi = first;
  return out;
}

}  // namespace hip::io
