#include "base/result.h"

#include <gtest/gtest.h>

#include <string>

namespace hip::base {
namespace {

enum class Err { bad };

Result<int, Err> half(int x) {
  if (x % 2 != 0) return unexpected(Err::bad);
  return x / 2;
}

TEST(Result, CarriesValueOrError) {
  auto ok = half(8);
  ASSERT_TRUE(ok);
  EXPECT_EQ(*ok, 4);
  auto bad = half(3);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error(), Err::bad);
  EXPECT_EQ(bad.value_or(-1), -1);
}

TEST(Result, VoidSpecialisation) {
  Result<void, std::string> ok;
  EXPECT_TRUE(ok);
  Result<void, std::string> bad = unexpected(std::string("why"));
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error(), "why");
}

}  // namespace
}  // namespace hip::base
