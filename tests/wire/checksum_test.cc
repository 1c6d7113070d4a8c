// RFC 7401 Appendix C: the example I1 over IPv6 and IPv4 and a TCP SYN over
// HITs. Packets are built from the field values the appendix lists; the
// expected checksums are the appendix's numbers.
#include "wire/checksum.h"

#include <gtest/gtest.h>

#include <array>
#include <vector>

#include "wire/builder.h"
#include "wire/packet.h"
#include "wire/params/handshake.h"

namespace hip::wire {
namespace {

using base::Hit;
using base::IpAddress;

std::vector<std::uint8_t> appendix_c_i1() {
  static const std::array<std::uint8_t, 3> groups = {3, 4, 8};
  std::vector<std::uint8_t> buf(kMaxPacketSize);
  PacketBuilder b(buf, PacketType::i1, *Hit::parse("2001:20::1"), *Hit::parse("2001:20::2"));
  EXPECT_TRUE(b.add(DhGroupList{U8List(std::span<const std::uint8_t>(groups))}));
  auto packet = b.finish();
  EXPECT_TRUE(packet);
  buf.resize(packet->size());
  return buf;
}

TEST(AppendixC, I1HasTheListedFields) {
  auto i1 = appendix_c_i1();
  ASSERT_EQ(i1.size(), 48u);  // "Upper-Layer Packet Length: 48"
  EXPECT_EQ(i1[0], 59);       // Payload Protocol
  EXPECT_EQ(i1[1], 5);        // Header Length
  EXPECT_EQ(i1[2], 1);        // Packet Type
  EXPECT_EQ(i1[3], 0x21);     // Version 2, Reserved 1
}

TEST(AppendixC, C1_Ipv6ChecksumIs0x1a5e) {
  auto i1 = appendix_c_i1();
  const auto src = *IpAddress::parse("2001:db8::1");
  const auto dst = *IpAddress::parse("2001:db8::2");
  EXPECT_EQ(hip_checksum(i1, src, dst), 0x1a5e);
  set_hip_checksum(i1, src, dst);
  EXPECT_TRUE(hip_checksum_ok(i1, src, dst));
  EXPECT_EQ(i1[4], 0x1a);
  EXPECT_EQ(i1[5], 0x5e);
}

TEST(AppendixC, C2_Ipv4ChecksumIs0xf1ce) {
  auto i1 = appendix_c_i1();
  const auto src = *IpAddress::parse("192.0.2.1");
  const auto dst = *IpAddress::parse("192.0.2.2");
  EXPECT_EQ(hip_checksum(i1, src, dst), 0xf1ce);
}

TEST(AppendixC, C3_TcpSynOverHitsIs0x6faa) {
  // Source port 65500, destination 22, seq 1, ack 0, offset 5, SYN, window 65535.
  const std::array<std::uint8_t, 20> syn = {0xff, 0xdc, 0x00, 0x16, 0, 0, 0, 1, 0, 0, 0, 0,
                                            0x50, 0x02, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00};
  const auto hit_i = IpAddress::v6(Hit::parse("2001:20::1")->bytes);
  const auto hit_r = IpAddress::v6(Hit::parse("2001:20::2")->bytes);
  EXPECT_EQ(transport_checksum(syn, 16, 6, hit_i, hit_r), 0x6faa);
}

TEST(Checksum, DetectsEveryFlippedByteAndWrongAddresses) {
  auto i1 = appendix_c_i1();
  const auto src = *IpAddress::parse("2001:db8::1");
  const auto dst = *IpAddress::parse("2001:db8::2");
  set_hip_checksum(i1, src, dst);
  for (std::size_t i = 0; i < i1.size(); ++i) {
    auto copy = i1;
    copy[i] ^= 0x01;
    EXPECT_FALSE(hip_checksum_ok(copy, src, dst)) << "byte " << i;
  }
  EXPECT_FALSE(hip_checksum_ok(i1, src, *IpAddress::parse("2001:db8::3")));
  EXPECT_FALSE(hip_checksum_ok(i1, *IpAddress::parse("192.0.2.1"), *IpAddress::parse("192.0.2.2")));
}

TEST(Checksum, OddLengthIsPaddedWithZero) {
  // RFC 1071: an odd trailing byte is summed as if followed by a zero byte.
  const std::array<std::uint8_t, 3> odd = {0x12, 0x34, 0x56};
  const std::array<std::uint8_t, 4> even = {0x12, 0x34, 0x56, 0x00};
  EXPECT_EQ(ones_complement_add(odd), ones_complement_add(even));
  EXPECT_EQ(ones_complement_add(even), 0x1234u + 0x5600u);
}

}  // namespace
}  // namespace hip::wire
