// The engine draws ESP keys by crypto::esp_key_sizes; the data plane keys its
// SAs by esp::find_transform. The two tables must agree for every suite, or
// an SA would be installed with keys of the wrong size.
#include <gtest/gtest.h>

#include "crypto/keymat.h"
#include "esp/transform.h"

namespace hip {
namespace {

TEST(SuiteKeys, KeymatDrawsWhatTheDataPlaneExpects) {
  int compared = 0;
  for (std::uint16_t suite = 0; suite < 32; ++suite) {
    const auto drawn = crypto::esp_key_sizes(suite);
    const auto spec = esp::find_transform(suite);
    ASSERT_EQ(drawn.has_value(), spec.has_value()) << "suite " << suite;
    if (!drawn) continue;
    EXPECT_EQ(drawn->encryption, spec->enc_keymat_bytes()) << "suite " << suite;
    EXPECT_EQ(drawn->authentication, spec->auth_keymat_bytes()) << "suite " << suite;
    ++compared;
  }
  EXPECT_EQ(compared, 6);  // 1, 7, 8, 9, 12, 13
}

}  // namespace
}  // namespace hip
