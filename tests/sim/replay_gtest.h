// The replay line for the running GoogleTest test: print it when a property
// test fails for one seed (see src/sim/replay.h for the convention).
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "sim/replay.h"

namespace hip::sim::test {

inline std::string replay_line(std::uint64_t seed) {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  const std::string filter = std::string(info->test_suite_name()) + "." + info->name();
  return "replay: " + replay_command(current_binary(), filter, seed);
}

// The seeds to run; an unusable HIP_SIM_SEED/HIP_SIM_SEEDS fails the test.
inline std::vector<std::uint64_t> property_seeds(std::size_t default_count) {
  auto seeds = seeds_from_env(default_count);
  EXPECT_TRUE(seeds) << seeds.error();
  return seeds ? *seeds : std::vector<std::uint64_t>{};
}

}  // namespace hip::sim::test
