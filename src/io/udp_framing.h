// What a datagram on UDP port 10500 carries (RFC 5770 §5.1, §5.3, §5.11):
//
//   0 0 0 0 | HIP header and parameters ...   HIP control: the 32-bit zero
//                                             marker, stripped here
//   SPI (non-zero) | Sequence | ...           ESP (RFC 3948 §2.1)
//   FF                                        NAT keepalive (RFC 3948 §2.3):
//                                             one 0xFF byte, ignore it
//   STUN header, magic cookie 0x2112A442      ICE keepalive / check (RFC 5770
//                                             §5.3, RFC 5389 §6): no marker
//
// A zero SPI cannot be ESP (RFC 4303 §2.1 reserves 0 for local use), which is
// what makes the marker unambiguous. STUN is told apart by its cookie and its
// length field, so it never reaches esp/ as an unknown SPI (which would make
// the engine think it lost state).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace hip::io {

inline constexpr std::uint16_t kHipUdpPort = 10500;  // RFC 5770 §5.1
inline constexpr std::size_t kZeroMarkerBytes = 4;
inline constexpr std::uint8_t kNatKeepaliveByte = 0xff;
inline constexpr std::size_t kEspHeaderBytes = 8;  // SPI + Sequence Number (RFC 4303 §2)

enum class UdpPayloadKind : std::uint8_t {
  hip_control,    // -> engine (Engine::on_hip_packet), after the marker
  esp,            // -> esp::DataPlane::decapsulate
  nat_keepalive,  // ignore
  stun,           // ignore until ICE exists
  malformed,      // too short for any of the above: count and drop
};

std::string_view to_string(UdpPayloadKind kind);

struct UdpPayload {
  UdpPayloadKind kind = UdpPayloadKind::malformed;
  std::size_t offset = 0;  // where the HIP or ESP packet starts in the datagram
  std::size_t length = 0;  // its bytes
  std::uint32_t spi = 0;   // ESP only
};

UdpPayload classify_udp_payload(std::span<const std::uint8_t> datagram) noexcept;

}  // namespace hip::io
