#include "base/ip_address.h"

#include <gtest/gtest.h>

namespace hip::base {
namespace {

TEST(IpAddress, ParsesAndPrintsBothFamilies) {
  auto v4 = IpAddress::parse("192.0.2.1");
  ASSERT_TRUE(v4);
  EXPECT_TRUE(v4->is_v4());
  EXPECT_EQ(v4->bytes().size(), 4u);
  EXPECT_EQ(v4->to_string(), "192.0.2.1");

  auto v6 = IpAddress::parse("2001:db8::1");
  ASSERT_TRUE(v6);
  EXPECT_FALSE(v6->is_v4());
  EXPECT_EQ(v6->bytes().size(), 16u);
  EXPECT_EQ(v6->to_string(), "2001:db8::1");
}

TEST(IpAddress, RejectsGarbage) {
  EXPECT_FALSE(IpAddress::parse(""));
  EXPECT_FALSE(IpAddress::parse("192.0.2"));
  EXPECT_FALSE(IpAddress::parse("2001:db8:::1"));
  EXPECT_FALSE(IpAddress::parse("host.example"));
}

TEST(IpAddress, MappedIpv4RoundTrips) {
  auto v4 = *IpAddress::parse("198.51.100.7");
  auto sixteen = v4.to_16_bytes();
  EXPECT_EQ(sixteen[10], 0xff);
  EXPECT_EQ(sixteen[11], 0xff);
  EXPECT_EQ(IpAddress::from_16_bytes(sixteen), v4);

  auto v6 = *IpAddress::parse("2001:db8::42");
  EXPECT_EQ(IpAddress::from_16_bytes(v6.to_16_bytes()), v6);
}

}  // namespace
}  // namespace hip::base
