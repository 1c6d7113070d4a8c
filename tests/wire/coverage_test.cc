// The bytes covered by MACs and signatures (RFC 7401 §6.4): header + lower
// parameters, Header Length rewritten, Checksum zeroed.
#include "wire/coverage.h"

#include <gtest/gtest.h>

#include <vector>

#include "wire/builder.h"

namespace hip::wire {
namespace {

using base::Hit;

TEST(Coverage, StopsBelowTheLimitAndRewritesTheHeader) {
  std::vector<std::uint8_t> buf(kMaxPacketSize);
  PacketBuilder b(buf, PacketType::close, *Hit::parse("2001:21::1"), *Hit::parse("2001:21::2"));
  ASSERT_TRUE(b.add_raw(897, std::vector<std::uint8_t>{1, 2, 3, 4}));          // ECHO_REQUEST_SIGNED
  ASSERT_TRUE(b.add_raw(61505, std::vector<std::uint8_t>(32, 0xaa)));          // HIP_MAC
  ASSERT_TRUE(b.add_raw(61697, std::vector<std::uint8_t>{0, 7, 1, 2, 3, 4}));  // HIP_SIGNATURE
  auto built = b.finish();
  ASSERT_TRUE(built);
  (*built)[4] = 0x12;  // some checksum
  (*built)[5] = 0x34;
  auto packet = parse_packet(*built);
  ASSERT_TRUE(packet);

  std::vector<std::uint8_t> out(kMaxPacketSize);
  auto mac = covered_bytes(*packet, 61505, out);
  ASSERT_TRUE(mac);
  ASSERT_EQ(mac->size(), 48u);  // header + ECHO_REQUEST_SIGNED
  EXPECT_EQ((*mac)[1], 5);
  EXPECT_EQ((*mac)[4], 0);
  EXPECT_EQ((*mac)[5], 0);
  EXPECT_TRUE(std::equal(mac->begin() + 6, mac->end(), built->begin() + 6));

  auto sig = covered_bytes(*packet, 61697, out);
  ASSERT_TRUE(sig);
  EXPECT_EQ(sig->size(), 48u + 40);  // + HIP_MAC (4 + 32 + 4 padding)
  EXPECT_EQ((*sig)[1], 10);
}

TEST(Coverage, AppendsTheResponderHostIdForMac2) {
  std::vector<std::uint8_t> buf(kMaxPacketSize);
  PacketBuilder b(buf, PacketType::r2, Hit{}, Hit{});
  ASSERT_TRUE(b.add_raw(65, std::vector<std::uint8_t>(12, 0)));
  auto packet = parse_packet(*b.finish());
  ASSERT_TRUE(packet);
  const std::vector<std::uint8_t> host_id_tlv = {0x02, 0xc1, 0, 4, 9, 9, 9, 9};
  std::vector<std::uint8_t> out(kMaxPacketSize);
  auto cov = covered_bytes(*packet, 61569, out, host_id_tlv);
  ASSERT_TRUE(cov);
  ASSERT_EQ(cov->size(), 40u + 16 + 8);
  EXPECT_EQ((*cov)[1], 7);
  EXPECT_TRUE(std::equal(host_id_tlv.begin(), host_id_tlv.end(), cov->end() - 8));
}

TEST(Coverage, ReportsASmallBuffer) {
  std::vector<std::uint8_t> buf(kMaxPacketSize);
  PacketBuilder b(buf, PacketType::r2, Hit{}, Hit{});
  ASSERT_TRUE(b.add_raw(65, std::vector<std::uint8_t>(12, 0)));
  auto packet = parse_packet(*b.finish());
  std::vector<std::uint8_t> out(48);
  auto cov = covered_bytes(*packet, 61569, out);
  ASSERT_FALSE(cov);
  EXPECT_EQ(cov.error().code, ParseErrorCode::no_buffer);
}

}  // namespace
}  // namespace hip::wire
