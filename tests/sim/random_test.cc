#include "sim/random.h"

#include <gtest/gtest.h>

#include <set>

#include "sim/replay.h"

namespace hip::sim {
namespace {

TEST(Random, DerivedSeedsDependOnRootAndLabel) {
  EXPECT_EQ(derive_seed(1, "host A"), derive_seed(1, "host A"));
  std::set<std::uint64_t> seen;
  for (std::uint64_t root : {0, 1, 2}) {
    for (const char* label : {"", "host A", "host B", "link a>b", "link b>a"}) {
      seen.insert(derive_seed(root, label));
    }
  }
  EXPECT_EQ(seen.size(), 15u);
}

TEST(Random, SameSeedSameStream) {
  Random a(42), b(42), c(43);
  bool differs = false;
  for (int i = 0; i < 100; ++i) {
    auto x = a.next();
    EXPECT_EQ(x, b.next());
    differs |= x != c.next();
  }
  EXPECT_TRUE(differs);
}

TEST(Random, SwitchedOffFeaturesDrawNothing) {
  Random a(7), b(7);
  EXPECT_FALSE(a.chance(0));
  EXPECT_TRUE(a.chance(1));
  EXPECT_EQ(a.up_to(base::Duration::zero()), base::Duration::zero());
  EXPECT_EQ(a.next(), b.next());
}

TEST(Random, UpToStaysInRangeAndSpreads) {
  Random r(3);
  const base::Duration max = std::chrono::microseconds(10);
  std::set<base::Duration::rep> values;
  for (int i = 0; i < 2000; ++i) {
    auto d = r.up_to(max);
    ASSERT_GE(d.count(), 0);
    ASSERT_LE(d, max);
    values.insert(d.count());
  }
  EXPECT_GT(values.size(), 1000u);  // 10001 possible values
}

TEST(Random, ChanceMatchesItsProbability) {
  Random r(11);
  int hits = 0;
  const int n = 20000;
  for (int i = 0; i < n; ++i) hits += r.chance(0.25) ? 1 : 0;
  // Binomial sd = sqrt(n p (1-p)) ~ 61; allow more than 6 sd.
  EXPECT_NEAR(hits, n / 4, 400);
}

TEST(Replay, OneSeedFromHipSimSeed) {
  auto s = seeds_from("0x10", std::nullopt, 5);
  ASSERT_TRUE(s);
  EXPECT_EQ(*s, std::vector<std::uint64_t>{16});
  // HIP_SIM_SEED wins over HIP_SIM_SEEDS.
  s = seeds_from("99", "3", 5);
  ASSERT_TRUE(s);
  EXPECT_EQ(*s, std::vector<std::uint64_t>{99});
}

TEST(Replay, CountFromHipSimSeedsOrTheDefault) {
  auto s = seeds_from(std::nullopt, "3", 5);
  ASSERT_TRUE(s);
  EXPECT_EQ(*s, (std::vector<std::uint64_t>{1, 2, 3}));
  s = seeds_from(std::nullopt, std::nullopt, 2);
  ASSERT_TRUE(s);
  EXPECT_EQ(*s, (std::vector<std::uint64_t>{1, 2}));
}

TEST(Replay, RejectsGarbage) {
  EXPECT_FALSE(seeds_from("12abc", std::nullopt, 1));
  EXPECT_FALSE(seeds_from("", std::nullopt, 1));
  EXPECT_FALSE(seeds_from(std::nullopt, "0", 1));
  EXPECT_FALSE(seeds_from(std::nullopt, "-4", 1));
}

TEST(Replay, CommandNamesBinaryFilterAndSeed) {
  EXPECT_EQ(replay_command("/b/sim_test", "Suite/Prop.Holds/3", 17),
            "HIP_SIM_SEED=17 /b/sim_test --gtest_filter='Suite/Prop.Holds/3'");
  EXPECT_NE(current_binary().find("sim_"), std::string::npos);
}

}  // namespace
}  // namespace hip::sim
