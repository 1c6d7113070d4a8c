#include "sim/link.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "test_nodes.h"

namespace hip::sim {
namespace {

using test::hip_packet;
using test::ip;

const base::Time kT0 = base::time_from_ns(1'000'000'000);

Datagram packet() {
  return test::datagram(ip("192.0.2.1"), ip("192.0.2.2"), hip_packet(wire::PacketType::i1));
}

TEST(Link, FixedDelayWithoutJitter) {
  Link link({.delay = 25ms}, 1);
  auto v = link.offer(packet(), kT0);
  ASSERT_FALSE(v.dropped);
  ASSERT_EQ(v.arrivals.size(), 1u);
  EXPECT_EQ(v.arrivals[0].at, kT0 + 25ms);
  EXPECT_FALSE(v.arrivals[0].duplicate);
  EXPECT_EQ(link.counters().sent, 1u);
}

TEST(Link, JitterStaysWithinItsBoundAndVaries) {
  Link link({.delay = 10ms, .jitter = 5ms}, 2);
  base::Duration lo = base::Duration::max(), hi = base::Duration::min();
  for (int i = 0; i < 1000; ++i) {
    auto v = link.offer(packet(), kT0);
    ASSERT_EQ(v.arrivals.size(), 1u);
    auto d = v.arrivals[0].at - kT0;
    lo = std::min(lo, d);
    hi = std::max(hi, d);
  }
  EXPECT_GE(lo, 10ms);
  EXPECT_LE(hi, 15ms);
  EXPECT_LT(lo, 10ms + 500us);  // 1000 uniform draws cover the range
  EXPECT_GT(hi, 15ms - 500us);
}

TEST(Link, LossRateWithinStatisticalBounds) {
  Link link({.loss = 0.2}, 3);
  const int n = 20000;
  for (int i = 0; i < n; ++i) (void)link.offer(packet(), kT0);
  const auto& c = link.counters();
  EXPECT_EQ(c.sent, static_cast<std::uint64_t>(n));
  // Binomial sd ~ 57 packets; 400 is 7 sd.
  EXPECT_NEAR(static_cast<double>(c.drops(DropCause::random_loss)), n * 0.2, 400);
  EXPECT_EQ(c.dropped_total(), c.drops(DropCause::random_loss));
}

TEST(Link, DuplicatesCarryTheirOwnJitter) {
  Link link({.delay = 10ms, .jitter = 2ms, .duplicate = 0.1}, 4);
  const int n = 10000;
  int copies = 0;
  for (int i = 0; i < n; ++i) {
    auto v = link.offer(packet(), kT0);
    copies += static_cast<int>(v.arrivals.size());
    if (v.arrivals.size() == 2) {
      EXPECT_TRUE(v.arrivals[1].duplicate);
      EXPECT_GE(v.arrivals[1].at, kT0 + 10ms);
      EXPECT_LE(v.arrivals[1].at, kT0 + 12ms);
    }
  }
  EXPECT_NEAR(static_cast<double>(link.counters().duplicated), n * 0.1, 200);  // sd 30
  EXPECT_EQ(static_cast<std::uint64_t>(copies - n), link.counters().duplicated);
}

TEST(Link, ReorderingHoldsPacketsBackSoLaterOnesOvertake) {
  Link link({.delay = 10ms, .reorder = 0.3, .reorder_delay = 40ms}, 5);
  std::vector<base::Time> arrivals;
  for (int i = 0; i < 1000; ++i) {
    // One packet per millisecond.
    auto v = link.offer(packet(), kT0 + std::chrono::milliseconds(i));
    ASSERT_EQ(v.arrivals.size(), 1u);
    auto d = v.arrivals[0].at - (kT0 + std::chrono::milliseconds(i));
    EXPECT_TRUE(d == 10ms || d == 50ms);
    arrivals.push_back(v.arrivals[0].at);
  }
  EXPECT_NEAR(static_cast<double>(link.counters().reordered), 300, 100);  // sd 14.5
  EXPECT_FALSE(std::is_sorted(arrivals.begin(), arrivals.end()));
}

TEST(Link, PartitionToggledAndByWindow) {
  Link link({}, 6);
  link.set_up(false);
  EXPECT_EQ(link.offer(packet(), kT0).dropped, DropCause::partition);
  link.set_up(true);
  EXPECT_FALSE(link.offer(packet(), kT0).dropped);

  link.add_outage(kT0 + 2s, kT0 + 3s);
  EXPECT_FALSE(link.offer(packet(), kT0 + 1999ms).dropped);
  EXPECT_EQ(link.offer(packet(), kT0 + 2s).dropped, DropCause::partition);
  EXPECT_EQ(link.offer(packet(), kT0 + 2999ms).dropped, DropCause::partition);
  EXPECT_FALSE(link.offer(packet(), kT0 + 3s).dropped);  // half-open window
  EXPECT_EQ(link.counters().drops(DropCause::partition), 3u);
}

TEST(Link, DropsExactlyTheNthPacket) {
  Link link({}, 7);
  link.drop_nth(3);
  link.drop_nth(5);
  std::vector<int> dropped;
  for (int i = 1; i <= 6; ++i) {
    if (link.offer(packet(), kT0).dropped == DropCause::pattern) dropped.push_back(i);
  }
  EXPECT_EQ(dropped, (std::vector<int>{3, 5}));
}

TEST(Link, DropsTheFirstI2Only) {
  using wire::PacketType;
  Link link({}, 8);
  link.drop_matching(hip_packet_type(PacketType::i2));
  const PacketType sequence[] = {PacketType::i1, PacketType::i2, PacketType::r2, PacketType::i2};
  std::vector<bool> dropped;
  for (auto t : sequence) {
    auto d = test::datagram(ip("2001:db8::1"), ip("2001:db8::2"), hip_packet(t));
    dropped.push_back(link.offer(d, kT0).dropped.has_value());
  }
  EXPECT_EQ(dropped, (std::vector<bool>{false, true, false, false}));
}

TEST(Link, UnlimitedMatchDropsEveryMatchAndIgnoresOtherPayloads) {
  Link link({}, 9);
  link.drop_matching(esp_packets(), 0);
  auto esp = test::datagram(ip("192.0.2.1"), ip("192.0.2.2"), {1, 2, 3, 4}, Payload::esp);
  auto not_hip = test::datagram(ip("192.0.2.1"), ip("192.0.2.2"), {1, 2, 3}, Payload::hip);
  for (int i = 0; i < 5; ++i) EXPECT_EQ(link.offer(esp, kT0).dropped, DropCause::pattern);
  // A truncated "HIP" payload does not match a HIP type rule, and is not dropped by it.
  link.drop_matching(hip_packet_type(wire::PacketType::i1), 0);
  EXPECT_FALSE(link.offer(not_hip, kT0).dropped);
  EXPECT_EQ(link.counters().drops(DropCause::pattern), 5u);
}

std::vector<int> loss_pattern(std::uint64_t seed) {
  Link link({.delay = 5ms, .jitter = 1ms, .loss = 0.3}, seed);
  std::vector<int> lost;
  for (int i = 0; i < 200; ++i) {
    if (link.offer(packet(), kT0).dropped) lost.push_back(i);
  }
  return lost;
}

TEST(Link, SeedFixesTheLossPattern) {
  EXPECT_EQ(loss_pattern(100), loss_pattern(100));
  EXPECT_NE(loss_pattern(100), loss_pattern(101));
}

}  // namespace
}  // namespace hip::sim
