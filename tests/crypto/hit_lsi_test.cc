// LSIs: 1.0.0.0/8 handles for HITs, unique per host (crypto/lsi.h).
#include <gtest/gtest.h>

#include "crypto/lsi.h"

namespace hip::crypto {
namespace {

base::Hit hit_ending(std::uint8_t a, std::uint8_t b, std::uint8_t c, std::uint8_t tag = 0) {
  base::Hit h;
  h.bytes = {0x20, 0x01, 0x00, 0x21, tag, 0, 0, 0, 0, 0, 0, 0, 0, a, b, c};
  return h;
}

TEST(Lsi, PreferredIsOnePrefixAndTheHitsLast24Bits) {
  EXPECT_EQ(preferred_lsi(hit_ending(0x0a, 0x0b, 0x0c)).to_string(), "1.10.11.12");
  // The all-zeros and all-ones hosts are skipped.
  EXPECT_EQ(preferred_lsi(hit_ending(0, 0, 0)).to_string(), "1.0.0.1");
  EXPECT_EQ(preferred_lsi(hit_ending(0xff, 0xff, 0xff)).to_string(), "1.0.0.1");
  EXPECT_TRUE(is_lsi(*base::IpAddress::parse("1.2.3.4")));
  EXPECT_FALSE(is_lsi(*base::IpAddress::parse("2.2.3.4")));
  EXPECT_FALSE(is_lsi(*base::IpAddress::parse("2001:db8::1")));
}

TEST(Lsi, AllocatorKeepsAssignmentsUniqueAndStable) {
  LsiAllocator lsis;
  const auto a = hit_ending(1, 2, 3, 0xaa);
  const auto b = hit_ending(1, 2, 3, 0xbb);  // same last 24 bits
  auto lsi_a = lsis.assign(a);
  auto lsi_b = lsis.assign(b);
  ASSERT_TRUE(lsi_a && lsi_b);
  EXPECT_EQ(lsi_a->to_string(), "1.1.2.3");
  EXPECT_EQ(lsi_b->to_string(), "1.1.2.4");  // probed past the collision
  EXPECT_EQ(lsis.assign(a), lsi_a);          // stable
  EXPECT_EQ(lsis.hit_of(*lsi_b), b);
  EXPECT_EQ(lsis.size(), 2u);
  lsis.release(a);
  EXPECT_FALSE(lsis.find(a));
  EXPECT_FALSE(lsis.hit_of(*lsi_a));
  EXPECT_EQ(lsis.find(b), lsi_b);
}

}  // namespace
}  // namespace hip::crypto
