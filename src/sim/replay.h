// Which seeds a property test runs, and the command line that replays one.
//
//   HIP_SIM_SEED=<n>      run exactly seed n (decimal or 0x-hex)
//   HIP_SIM_SEEDS=<count> run seeds 1..count (default: the test's own count)
//
// A failing property test prints replay_command(): the test binary, its
// --gtest_filter and HIP_SIM_SEED, which reproduces the failing run exactly.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace hip::sim {

inline constexpr const char* kSeedEnv = "HIP_SIM_SEED";
inline constexpr const char* kSeedCountEnv = "HIP_SIM_SEEDS";

// The rule above, on explicit values (nullopt = variable not set).
base::Result<std::vector<std::uint64_t>, std::string> seeds_from(
    std::optional<std::string_view> seed, std::optional<std::string_view> count,
    std::size_t default_count);
// The rule above, on the process environment.
base::Result<std::vector<std::uint64_t>, std::string> seeds_from_env(std::size_t default_count);

// "HIP_SIM_SEED=7 /path/to/test --gtest_filter='Suite.Name'"
std::string replay_command(std::string_view binary, std::string_view gtest_filter,
                           std::uint64_t seed);
// This process's executable (/proc/self/exe), or "<test binary>" when unknown.
std::string current_binary();

}  // namespace hip::sim
