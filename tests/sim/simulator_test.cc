#include "sim/simulator.h"

#include <gtest/gtest.h>

#include "test_nodes.h"

namespace hip::sim {
namespace {

using test::ip;
using test::LivelockNode;
using test::RecorderNode;
using test::TickerNode;

TEST(Simulator, StartsAtItsStartTime) {
  Simulator sim(5);
  EXPECT_EQ(sim.now(), kStartTime);
  EXPECT_EQ(sim.seed(), 5u);
  EXPECT_NE(sim.derive_seed("a"), Simulator(6).derive_seed("a"));
}

TEST(Simulator, RunUntilStopsRightWhenThePredicateHolds) {
  Simulator sim(1);
  int step = 0;
  for (int i = 1; i <= 5; ++i) sim.at(kStartTime + i * 100ms, [&step, i] { step = i; });
  auto r = sim.run_until([&] { return step == 3; }, 10s);
  EXPECT_TRUE(r.met()) << r.describe();
  EXPECT_EQ(r.events, 3u);
  EXPECT_EQ(sim.now(), kStartTime + 300ms);
  EXPECT_EQ(sim.queue().size(), 2u);  // steps 4 and 5 have not run
}

TEST(Simulator, RunUntilGivesUpAtTheTimeLimit) {
  Simulator sim(1);
  auto& ticker = sim.add_node<TickerNode>("T", 1s);
  auto r = sim.run_until([] { return false; }, 5500ms);
  EXPECT_EQ(r.status, RunResult::Status::time_limit) << r.describe();
  EXPECT_EQ(sim.now(), kStartTime + 5500ms);
  EXPECT_EQ(ticker.ticks().size(), 5u);
}

TEST(Simulator, RunUntilReportsIdleWhenNothingIsLeft) {
  Simulator sim(1);
  sim.after(1s, [] {});
  auto r = sim.run_until([] { return false; }, 1h);
  EXPECT_EQ(r.status, RunResult::Status::idle);
  EXPECT_EQ(sim.now(), kStartTime + 1s);
}

TEST(Simulator, RunForRunsWhatIsDueAndKeepsTheRest) {
  Simulator sim(1);
  int ran = 0;
  sim.after(1s, [&] { ++ran; });
  sim.after(2s, [&] { ++ran; });
  sim.after(3s, [&] { ++ran; });
  auto r = sim.run_for(2s);
  EXPECT_EQ(r.status, RunResult::Status::time_limit);
  EXPECT_EQ(ran, 2);  // an event at exactly now + d runs
  EXPECT_EQ(sim.now(), kStartTime + 2s);
  (void)sim.run_for(10s);
  EXPECT_EQ(ran, 3);
  EXPECT_EQ(sim.now(), kStartTime + 12s);
}

TEST(Simulator, EventLimitStopsALivelockLoudly) {
  Simulator sim(1);
  sim.set_max_events_per_run(1000);
  sim.add_node<LivelockNode>("spinner");
  auto r = sim.run_until([] { return false; }, 10s);
  EXPECT_TRUE(r.hit_event_limit()) << r.describe();
  EXPECT_EQ(r.events, 1000u);
  EXPECT_EQ(sim.now(), kStartTime);  // virtual time never moved
  EXPECT_NE(r.describe().find("EVENT LIMIT"), std::string::npos);
  // The cap is per run: the next run gets a fresh budget, and hits it again.
  EXPECT_TRUE(sim.run_for(1s).hit_event_limit());
}

TEST(Simulator, CrashKillsTimersAndRestartBringsTheNodeBack) {
  Simulator sim(1);
  auto& t = sim.add_node<TickerNode>("T", 1s);
  sim.network().attach(t, ip("192.0.2.1"));
  sim.crash_at(t, kStartTime + 2500ms);
  sim.restart_at(t, kStartTime + 5200ms);

  (void)sim.run_for(4s);
  EXPECT_FALSE(t.up());
  EXPECT_EQ(t.ticks().size(), 2u);  // at 1 s and 2 s; the 3 s timer died with the crash
  EXPECT_EQ(t.lifecycle().crashes, 1u);
  EXPECT_EQ(t.lifecycle().incarnation, 1u);
  EXPECT_EQ(t.lifecycle().last_crash, kStartTime + 2500ms);
  EXPECT_EQ(t.crash_hooks(), 1u);

  (void)sim.run_for(3s);  // to 7 s: restarted at 5.2 s, ticks at 6.2 s
  EXPECT_TRUE(t.up());
  EXPECT_EQ(t.lifecycle().restarts, 1u);
  EXPECT_EQ(t.lifecycle().last_restart, kStartTime + 5200ms);
  ASSERT_EQ(t.ticks().size(), 3u);
  EXPECT_EQ(t.ticks()[2], kStartTime + 6200ms);
  // Crashing twice or restarting a running node changes nothing.
  t.restart();
  EXPECT_EQ(t.lifecycle().restarts, 1u);
  EXPECT_EQ(t.addresses().size(), 1u);  // addresses survive a crash
}

TEST(Simulator, FindsNodesByName) {
  Simulator sim(1);
  auto& a = sim.add_node<RecorderNode>("alpha");
  EXPECT_EQ(sim.find_node("alpha"), &a);
  EXPECT_EQ(sim.find_node("beta"), nullptr);
}

}  // namespace
}  // namespace hip::sim
