#include "sim/esp_marker.h"

#include <gtest/gtest.h>

namespace hip::sim {
namespace {

TEST(EspMarker, SpiAndSequenceInNetworkOrderThenTheTag) {
  auto bytes = encode_esp_marker({0xdeadbeef, 0x00000102});
  const std::vector<std::uint8_t> expected = {0xde, 0xad, 0xbe, 0xef, 0, 0, 1, 2,
                                              'H', 'I', 'P', 'S', 'I', 'M', 'D', 'A'};
  EXPECT_EQ(bytes, expected);
  auto parsed = parse_esp_marker(bytes);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->spi, 0xdeadbeefu);
  EXPECT_EQ(parsed->sequence, 0x102u);
}

TEST(EspMarker, RejectsAnythingElse) {
  auto bytes = encode_esp_marker({1, 1});
  bytes[15] ^= 1;
  EXPECT_FALSE(parse_esp_marker(bytes));
  bytes = encode_esp_marker({1, 1});
  bytes.push_back(0);
  EXPECT_FALSE(parse_esp_marker(bytes));
  EXPECT_FALSE(parse_esp_marker({}));
}

}  // namespace
}  // namespace hip::sim
