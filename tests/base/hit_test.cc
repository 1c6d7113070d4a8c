#include "base/hit.h"

#include <gtest/gtest.h>

namespace hip::base {
namespace {

TEST(Hit, ParsesAndPrints) {
  auto hit = Hit::parse("2001:21:17ff:234:b200:ad27:767:f466");
  ASSERT_TRUE(hit);
  EXPECT_EQ(hit->to_string(), "2001:21:17ff:234:b200:ad27:767:f466");
  EXPECT_TRUE(hit->is_orchid_v2());
  EXPECT_EQ(hit->oga_id(), 1);
  EXPECT_FALSE(Hit::parse("192.0.2.1"));
}

TEST(Hit, Orchidv2PrefixIs2001_20_Slash28) {
  EXPECT_TRUE(Hit::parse("2001:2f::1")->is_orchid_v2());
  EXPECT_FALSE(Hit::parse("2001:10::1")->is_orchid_v2());  // ORCHIDv1 (RFC 4843)
  EXPECT_FALSE(Hit::parse("2001:30::1")->is_orchid_v2());
  EXPECT_FALSE(Hit::parse("2001:db8::1")->is_orchid_v2());
}

TEST(Hit, OrdersAsUnsigned128BitNumbers) {
  auto low = *Hit::parse("2001:20::2");
  auto high = *Hit::parse("2001:20::1:0");
  auto top = *Hit::parse("ffff::");
  EXPECT_LT(low, high);
  EXPECT_LT(high, top);  // first byte 0xff compares above 0x20 (unsigned)
  EXPECT_TRUE(Hit{}.is_null());
  EXPECT_FALSE(low.is_null());
}

}  // namespace
}  // namespace hip::base
