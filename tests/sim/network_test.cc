#include "sim/network.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sim/simulator.h"
#include "test_nodes.h"

namespace hip::sim {
namespace {

using test::EchoNode;
using test::ip;
using test::RecorderNode;

Datagram hip_to(const char* src, const char* dst) {
  return test::datagram(ip(src), ip(dst), test::hip_packet(wire::PacketType::i1));
}

TEST(Network, DeliversAfterTheLinkDelayToTheAddressOwner) {
  Simulator sim(1);
  auto& a = sim.add_node<RecorderNode>("A");
  auto& b = sim.add_node<RecorderNode>("B");
  ASSERT_TRUE(sim.network().attach(a, ip("2001:db8::a")));
  ASSERT_TRUE(sim.network().attach(b, ip("2001:db8::b")));
  EXPECT_FALSE(sim.network().attach(a, ip("2001:db8::b")));  // taken
  sim.network().connect(ip("2001:db8::a"), ip("2001:db8::b"), {.delay = 30ms});

  const base::Time sent_at = sim.now();
  a.send_now(hip_to("2001:db8::a", "2001:db8::b"));
  (void)sim.run_for(1s);

  ASSERT_EQ(b.received().size(), 1u);
  EXPECT_EQ(b.received()[0].at, sent_at + 30ms);
  engine::Path path = b.received()[0].d.receiver_path();
  EXPECT_EQ(path.local, ip("2001:db8::b"));
  EXPECT_EQ(path.peer, ip("2001:db8::a"));
  EXPECT_TRUE(a.received().empty());
  const auto& link = sim.network().link(ip("2001:db8::a"), ip("2001:db8::b"));
  EXPECT_EQ(link.counters().sent, 1u);
  EXPECT_EQ(link.counters().delivered, 1u);
  EXPECT_EQ(sim.network().counters().delivered, 1u);
}

TEST(Network, EachDirectionHasItsOwnConfig) {
  Simulator sim(1);
  auto& a = sim.add_node<RecorderNode>("A");
  auto& b = sim.add_node<EchoNode>("B");
  sim.network().attach(a, ip("192.0.2.1"));
  sim.network().attach(b, ip("192.0.2.2"));
  sim.network().link(ip("192.0.2.1"), ip("192.0.2.2")).config().delay = 10ms;
  sim.network().link(ip("192.0.2.2"), ip("192.0.2.1")).config().delay = 70ms;

  const base::Time t0 = sim.now();
  a.send_now(hip_to("192.0.2.1", "192.0.2.2"));
  (void)sim.run_for(1s);
  ASSERT_EQ(a.received().size(), 1u);
  EXPECT_EQ(a.received()[0].at, t0 + 80ms);
}

TEST(Network, CountsPacketsWithNoRouteNoHostOrMixedFamilies) {
  Simulator sim(1);
  auto& a = sim.add_node<RecorderNode>("A");
  sim.network().attach(a, ip("192.0.2.1"));
  a.send_now(hip_to("192.0.2.1", "192.0.2.9"));  // no link
  sim.network().connect(ip("192.0.2.1"), ip("192.0.2.8"));
  a.send_now(hip_to("192.0.2.1", "192.0.2.8"));  // link, but nobody there
  a.send_now(hip_to("192.0.2.1", "2001:db8::8"));
  (void)sim.run_for(1s);
  const auto& c = sim.network().counters();
  EXPECT_EQ(c.sent, 3u);
  EXPECT_EQ(c.no_route, 1u);
  EXPECT_EQ(c.no_host, 1u);
  EXPECT_EQ(c.malformed, 1u);
  EXPECT_EQ(c.delivered, 0u);
}

TEST(Network, DefaultLinkConnectsEveryPairOnFirstUse) {
  Simulator sim(1);
  auto& a = sim.add_node<RecorderNode>("A");
  auto& b = sim.add_node<RecorderNode>("B");
  sim.network().attach(a, ip("198.51.100.1"));
  sim.network().attach(b, ip("203.0.113.1"));
  sim.network().set_default_link(LinkConfig{.delay = 5ms});
  EXPECT_FALSE(sim.network().has_link(ip("198.51.100.1"), ip("203.0.113.1")));
  a.send_now(hip_to("198.51.100.1", "203.0.113.1"));
  (void)sim.run_for(10ms);
  EXPECT_EQ(b.received().size(), 1u);
  EXPECT_TRUE(sim.network().has_link(ip("198.51.100.1"), ip("203.0.113.1")));
}

TEST(Network, PacketsToACrashedNodeAreDroppedAndCounted) {
  Simulator sim(1);
  auto& a = sim.add_node<RecorderNode>("A");
  auto& b = sim.add_node<RecorderNode>("B");
  sim.network().attach(a, ip("192.0.2.1"));
  sim.network().attach(b, ip("192.0.2.2"));
  sim.network().connect(ip("192.0.2.1"), ip("192.0.2.2"), {.delay = 10ms});
  a.send_now(hip_to("192.0.2.1", "192.0.2.2"));
  b.crash();  // before the packet arrives
  (void)sim.run_for(1s);
  EXPECT_TRUE(b.received().empty());
  EXPECT_EQ(b.lifecycle().dropped_while_down, 1u);
  EXPECT_EQ(sim.network().counters().host_down, 1u);
  b.restart();
  a.send_now(hip_to("192.0.2.1", "192.0.2.2"));
  (void)sim.run_for(1s);
  EXPECT_EQ(b.received().size(), 1u);
}

// Two echo nodes bouncing packets over a lossy, jittery, duplicating link;
// returns the network trace.
std::vector<std::string> bounce(std::uint64_t seed) {
  Simulator sim(seed);
  sim.network().enable_trace(true);
  auto& a = sim.add_node<RecorderNode>("A");
  auto& b = sim.add_node<EchoNode>("B");
  sim.network().attach(a, ip("2001:db8::1"));
  sim.network().attach(b, ip("2001:db8::2"));
  sim.network().connect(ip("2001:db8::1"), ip("2001:db8::2"),
                        {.delay = 10ms, .jitter = 3ms, .loss = 0.2, .duplicate = 0.05,
                         .reorder = 0.05, .reorder_delay = 20ms});
  for (int i = 0; i < 100; ++i) {
    sim.at(sim.now() + std::chrono::milliseconds(2 * i),
           [&a] { a.send_now(hip_to("2001:db8::1", "2001:db8::2")); });
  }
  EXPECT_FALSE(sim.run_for(5s).hit_event_limit());
  std::vector<std::string> lines;
  for (const auto& r : sim.network().trace()) lines.push_back(r.to_string());
  return lines;
}

std::vector<std::uint64_t> dropped_packets(const std::vector<std::string>& trace) {
  std::vector<std::uint64_t> out;
  for (const auto& line : trace) {
    if (line.find(" dropped ") == std::string::npos) continue;
    auto hash = line.find('#');
    out.push_back(std::stoull(line.substr(hash + 1)));
  }
  return out;
}

TEST(Network, SameSeedGivesAnIdenticalTraceAnotherSeedAnotherLossPattern) {
  const auto first = bounce(2024);
  const auto again = bounce(2024);
  const auto other = bounce(2025);
  ASSERT_GT(first.size(), 200u);
  EXPECT_EQ(first, again);
  EXPECT_FALSE(dropped_packets(first).empty());
  EXPECT_NE(dropped_packets(first), dropped_packets(other));
}

}  // namespace
}  // namespace hip::sim
