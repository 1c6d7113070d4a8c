// RFC 5770 §5.1 / RFC 3948 §2.1-2.3 classification of UDP 10500 payloads.
#include "io/udp_framing.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

namespace hip::io {
namespace {

using Bytes = std::vector<std::uint8_t>;

struct Case {
  std::string name;
  Bytes datagram;
  UdpPayloadKind kind;
  std::size_t offset;
  std::size_t length;
  std::uint32_t spi;
};

// A STUN Binding Indication (type 0x0011) with an 8-byte FINGERPRINT
// attribute: header 20 bytes, length field 8, cookie 0x2112A442 (RFC 5389 §6).
Bytes stun_indication() {
  Bytes b = {0x00, 0x11, 0x00, 0x08, 0x21, 0x12, 0xa4, 0x42};
  for (int i = 0; i < 12; ++i) b.push_back(static_cast<std::uint8_t>(i + 1));  // transaction ID
  Bytes attr = {0x80, 0x28, 0x00, 0x04, 0xde, 0xad, 0xbe, 0xef};
  b.insert(b.end(), attr.begin(), attr.end());
  return b;
}

std::vector<Case> cases() {
  Bytes hip = {0, 0, 0, 0, 0x3b, 0x05, 0x01, 0x21, 0, 0, 0, 0};  // marker + HIP header start
  Bytes esp = {0x00, 0x00, 0x12, 0x34, 0, 0, 0, 1, 0xaa, 0xbb};  // SPI 0x1234, seq 1
  Bytes stun = stun_indication();
  Bytes stun_bad_length = stun;
  stun_bad_length[3] = 0x0c;  // says 12, has 8: not STUN, so ESP with SPI 0x0011000c
  return {
      {"nat_keepalive", {0xff}, UdpPayloadKind::nat_keepalive, 0, 0, 0},
      {"single_other_byte", {0x00}, UdpPayloadKind::malformed, 0, 0, 0},
      {"empty", {}, UdpPayloadKind::malformed, 0, 0, 0},
      {"three_zero_bytes", {0, 0, 0}, UdpPayloadKind::malformed, 0, 0, 0},
      {"marker_alone", {0, 0, 0, 0}, UdpPayloadKind::malformed, 0, 0, 0},
      {"hip_control_strips_marker", hip, UdpPayloadKind::hip_control, 4, 8, 0},
      {"esp", esp, UdpPayloadKind::esp, 0, 10, 0x1234},
      {"esp_header_only", {0xde, 0xad, 0xbe, 0xef, 0, 0, 0, 0}, UdpPayloadKind::esp, 0, 8,
       0xdeadbeef},
      {"esp_too_short", {0xde, 0xad, 0xbe, 0xef, 0, 0, 0}, UdpPayloadKind::malformed, 0, 0, 0},
      {"two_ff_bytes_is_not_keepalive", {0xff, 0xff}, UdpPayloadKind::malformed, 0, 0, 0},
      {"stun", stun, UdpPayloadKind::stun, 0, 28, 0},
      {"stun_length_mismatch_is_esp", stun_bad_length, UdpPayloadKind::esp, 0, 28, 0x0011000c},
  };
}

TEST(UdpFraming, ClassifiesEachKind) {
  for (const Case& c : cases()) {
    SCOPED_TRACE(c.name);
    const UdpPayload p = classify_udp_payload(c.datagram);
    EXPECT_EQ(p.kind, c.kind) << to_string(p.kind);
    EXPECT_EQ(p.offset, c.offset);
    EXPECT_EQ(p.length, c.length);
    EXPECT_EQ(p.spi, c.spi);
    EXPECT_LE(p.offset + p.length, c.datagram.size());
  }
}

TEST(UdpFraming, HipPacketIsTheBytesAfterTheMarker) {
  const Bytes d = {0, 0, 0, 0, 9, 8, 7, 6, 5};
  const UdpPayload p = classify_udp_payload(d);
  ASSERT_EQ(p.kind, UdpPayloadKind::hip_control);
  EXPECT_EQ(Bytes(d.begin() + static_cast<long>(p.offset), d.end()), (Bytes{9, 8, 7, 6, 5}));
}

TEST(UdpFraming, Names) {
  EXPECT_EQ(to_string(UdpPayloadKind::hip_control), "hip_control");
  EXPECT_EQ(to_string(UdpPayloadKind::nat_keepalive), "nat_keepalive");
  EXPECT_EQ(kHipUdpPort, 10500);
}

}  // namespace
}  // namespace hip::io
