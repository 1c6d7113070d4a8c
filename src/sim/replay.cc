#include "sim/replay.h"

#include <charconv>
#include <cstdlib>
#include <filesystem>
#include <system_error>

namespace hip::sim {

namespace {

// A whole decimal or 0x-prefixed hexadecimal unsigned 64-bit number.
std::optional<std::uint64_t> parse_u64(std::string_view text) {
  int base = 10;
  if (text.starts_with("0x") || text.starts_with("0X")) {
    text.remove_prefix(2);
    base = 16;
  }
  if (text.empty()) return std::nullopt;
  std::uint64_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v, base);
  if (ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return v;
}

std::optional<std::string_view> env(const char* name) {
  const char* v = std::getenv(name);
  if (v == nullptr) return std::nullopt;
  return std::string_view(v);
}

}  // namespace

base::Result<std::vector<std::uint64_t>, std::string> seeds_from(
    std::optional<std::string_view> seed, std::optional<std::string_view> count,
    std::size_t default_count) {
  if (seed) {
    auto v = parse_u64(*seed);
    if (!v) return base::unexpected(std::string(kSeedEnv) + ": not a number: " + std::string(*seed));
    return std::vector<std::uint64_t>{*v};
  }
  std::uint64_t n = default_count;
  if (count) {
    auto v = parse_u64(*count);
    if (!v || *v == 0 || *v > 1'000'000) {
      return base::unexpected(std::string(kSeedCountEnv) + ": want 1..1000000, got " +
                              std::string(*count));
    }
    n = *v;
  }
  std::vector<std::uint64_t> seeds;
  seeds.reserve(n);
  for (std::uint64_t s = 1; s <= n; ++s) seeds.push_back(s);
  return seeds;
}

base::Result<std::vector<std::uint64_t>, std::string> seeds_from_env(std::size_t default_count) {
  return seeds_from(env(kSeedEnv), env(kSeedCountEnv), default_count);
}

std::string replay_command(std::string_view binary, std::string_view gtest_filter,
                           std::uint64_t seed) {
  return std::string(kSeedEnv) + "=" + std::to_string(seed) + " " + std::string(binary) +
         " --gtest_filter='" + std::string(gtest_filter) + "'";
}

std::string current_binary() {
  std::error_code ec;
  auto path = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return "<test binary>";
  return path.string();
}

}  // namespace hip::sim
