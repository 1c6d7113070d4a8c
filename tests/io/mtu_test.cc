// TUN MTU from the path MTU (mtu.h): values worked out by hand.
#include "io/mtu.h"

#include <gtest/gtest.h>

namespace hip::io {
namespace {

// ESP header 8 + IV 16 + padding 15 + 2 + ICV 16: the largest of hipstack's
// transforms (AES-CBC with a 16-byte ICV).
constexpr std::size_t kWorstEsp = 57;

TEST(TunMtu, WorkedExamples) {
  // 1500 - 40 (IPv6) - 8 (UDP) - 57 + 20 (stripped IPv4 header) = 1415
  EXPECT_EQ(tun_mtu_for_path(1500, true, true, kWorstEsp), 1415u);
  // 1500 - 20 - 57 + 20 = 1443
  EXPECT_EQ(tun_mtu_for_path(1500, false, false, kWorstEsp), 1443u);
  // 1500 - 40 - 57 + 20 = 1423
  EXPECT_EQ(tun_mtu_for_path(1500, true, false, kWorstEsp), 1423u);
  // 9000 jumbo, IPv4 + UDP: 9000 - 28 - 57 + 20 = 8935
  EXPECT_EQ(tun_mtu_for_path(9000, false, true, kWorstEsp), 8935u);
}

TEST(TunMtu, TinyPathGivesZero) {
  EXPECT_EQ(tun_mtu_for_path(60, true, true, kWorstEsp), 0u);
  EXPECT_EQ(tun_mtu_for_path(85, true, true, kWorstEsp), 0u);  // exactly the cost - 20
  EXPECT_EQ(tun_mtu_for_path(86, true, true, kWorstEsp), 1u);
}

// 1280 = path - 40 - 8 - 57 + 20  <=>  path = 1365
TEST(TunMtu, PathBelow1365CannotCarryIpv6OverUdpV6) {
  EXPECT_EQ(tun_mtu_for_path(1364, true, true, kWorstEsp), 1279u);
  EXPECT_EQ(tun_mtu_for_path(1365, true, true, kWorstEsp), kIpv6MinimumMtu);
}

}  // namespace
}  // namespace hip::io
