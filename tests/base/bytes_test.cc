#include "base/bytes.h"

#include <gtest/gtest.h>

#include <array>

namespace hip::base {
namespace {

TEST(Bytes, ReadsBigEndian) {
  const std::array<std::uint8_t, 8> b = {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08};
  EXPECT_EQ(get_u16(b, 0), 0x0102);
  EXPECT_EQ(get_u16(b, 6), 0x0708);
  EXPECT_EQ(get_u32(b, 1), 0x02030405u);
  EXPECT_EQ(get_u64(b, 0), 0x0102030405060708ull);
}

TEST(Bytes, WritesBigEndian) {
  std::array<std::uint8_t, 8> b{};
  put_u64(b, 0, 0x1122334455667788ull);
  EXPECT_EQ(b, (std::array<std::uint8_t, 8>{0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88}));
  put_u16(b, 2, 0xabcd);
  put_u32(b, 4, 0xdeadbeef);
  EXPECT_EQ(b, (std::array<std::uint8_t, 8>{0x11, 0x22, 0xab, 0xcd, 0xde, 0xad, 0xbe, 0xef}));
}

TEST(Bytes, HexIsLowerCaseWithoutSeparators) {
  const std::array<std::uint8_t, 3> b = {0x00, 0xab, 0x7f};
  EXPECT_EQ(to_hex(b), "00ab7f");
  EXPECT_EQ(to_hex({}), "");
}

}  // namespace
}  // namespace hip::base
