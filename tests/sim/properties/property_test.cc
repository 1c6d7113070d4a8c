// Property tests over many seeds (world.h, recovery.h). HIP_SIM_SEEDS=<n>
// runs seeds 1..n, HIP_SIM_SEED=<n> exactly one; a failing seed prints its
// replay line. Each test ends with a summary: seeds, virtual time, faults
// injected, and the worst times the bounds were measured against.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>

#include "sim/properties/recovery.h"
#include "sim/properties/world.h"
#include "sim/replay_gtest.h"

namespace hip::sim::test {
namespace {

// Default seed counts, sized so that all property tests together take about
// two minutes on two cores in a RelWithDebInfo build (docs/state-machine.md).
#ifndef HIP_PROPERTY_SEEDS_2
#define HIP_PROPERTY_SEEDS_2 3000
#endif
#ifndef HIP_PROPERTY_SEEDS_3
#define HIP_PROPERTY_SEEDS_3 2000
#endif
#ifndef HIP_PROPERTY_SEEDS_RECOVERY
#define HIP_PROPERTY_SEEDS_RECOVERY 4000
#endif

double hours(base::Duration d) { return std::chrono::duration<double, std::ratio<3600>>(d).count(); }
double seconds(base::Duration d) { return base::to_seconds(d); }

void report(const char* name, std::size_t seeds, std::size_t failed, base::Duration virtual_time,
            const FaultTally& faults, const std::string& extra) {
  std::printf("[property] %s: %zu seeds, %zu failed, %.2f virtual hours, %s%s\n", name, seeds,
              failed, hours(virtual_time), faults.describe().c_str(), extra.c_str());
  ::testing::Test::RecordProperty("seeds", static_cast<int>(seeds));
  ::testing::Test::RecordProperty("failed", static_cast<int>(failed));
  ::testing::Test::RecordProperty("faults", std::to_string(faults.total()));
}

void lifecycle(int hosts, std::size_t default_seeds, const char* name) {
  FaultTally faults;
  base::Duration virtual_time{}, worst_live{}, worst_clean{};
  std::uint64_t checked = 0, stale = 0, exchanges = 0;
  std::size_t failed = 0;
  const auto seeds = property_seeds(default_seeds);
  for (std::uint64_t seed : seeds) {
    World world(seed, WorldConfig{.hosts = hosts});
    const RunOutcome out = world.run();
    virtual_time += out.virtual_time;
    faults.add(out.faults);
    checked += out.outbound_sas_checked;
    stale += out.stale_sas;
    exchanges += out.base_exchanges;
    if (out.time_to_live) worst_live = std::max(worst_live, *out.time_to_live);
    if (out.time_to_clean) worst_clean = std::max(worst_clean, *out.time_to_clean);
    if (!out.failures.empty()) {
      ++failed;
      std::string all;
      for (const auto& f : out.failures) all += "\n  " + f;
      ADD_FAILURE() << "seed " << seed << ":" << all << world.logs() << "\n" << replay_line(seed);
    }
  }
  char extra[256];
  std::snprintf(extra, sizeof extra,
                "; %llu ESTABLISHED entries, %llu outbound SAs audited (%llu stale at install); "
                "worst heal->live %.1f s (bound %.0f s), close->clean %.1f s (bound %.0f s)",
                static_cast<unsigned long long>(exchanges), static_cast<unsigned long long>(checked),
                static_cast<unsigned long long>(stale), seconds(worst_live), seconds(kLivenessBound),
                seconds(worst_clean), seconds(kCloseBound));
  report(name, seeds.size(), failed, virtual_time, faults, extra);
  EXPECT_GT(faults.corruption.rejected_by_auth, 0u) << "the corrupter never reached a MAC or signature check";
}

void recovery(FirstSender first, std::size_t default_seeds, const char* name) {
  FaultTally faults;
  base::Duration virtual_time{}, worst{};
  std::size_t failed = 0;
  const auto seeds = property_seeds(default_seeds);
  for (std::uint64_t seed : seeds) {
    const RecoveryOutcome out = run_recovery(seed, first);
    virtual_time += out.virtual_time;
    faults.add(out.faults);
    if (out.took) worst = std::max(worst, *out.took);
    if (!out.failure.empty()) {
      ++failed;
      ADD_FAILURE() << "seed " << seed << ": " << out.failure << out.logs << "\n" << replay_line(seed);
    }
  }
  char extra[128];
  std::snprintf(extra, sizeof extra, "; worst restart->data both ways %.1f s (bound %.0f s)",
                seconds(worst), seconds(kRecoveryBound));
  report(name, seeds.size(), failed, virtual_time, faults, extra);
}

// Two hosts: safety (SA audit after every event, tampered packets change
// nothing), liveness after healing, no leaks after closing.
TEST(Property, TwoHosts_ChaosThenHealThenClose) {
  lifecycle(2, HIP_PROPERTY_SEEDS_2, "two hosts");
}

// The same with three hosts on a full mesh (each pair its own association).
TEST(Property, ThreeHosts_ChaosThenHealThenClose) {
  lifecycle(3, HIP_PROPERTY_SEEDS_3, "three hosts");
}

// Recovery after a crash: the restarted host has data first ...
TEST(Property, Recovery_RestartedHostSendsFirst) {
  recovery(FirstSender::restarted, HIP_PROPERTY_SEEDS_RECOVERY, "recovery, restarted host first");
}

// ... or the survivor, which still holds the SAs the other side forgot.
TEST(Property, Recovery_SurvivorSendsFirst) {
  recovery(FirstSender::survivor, HIP_PROPERTY_SEEDS_RECOVERY, "recovery, survivor first");
}

}  // namespace
}  // namespace hip::sim::test
