// The driver's pure parts: the queue of packets waiting for an exchange, the
// mapping of the engine's "install SA" onto esp::SaConfig, and the log lines.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "daemon/event_log.h"
#include "daemon/pending_queue.h"
#include "daemon/sa_config.h"
#include "engine/config.h"

namespace hip::daemon {
namespace {

const base::Hit kPeerA = *base::Hit::parse("2001:22:aaaa::1");
const base::Hit kPeerB = *base::Hit::parse("2001:22:bbbb::2");
const base::Hit kOwn = *base::Hit::parse("2001:22:cccc::3");

std::vector<std::uint8_t> packet(std::uint8_t tag) { return std::vector<std::uint8_t>(40, tag); }

TEST(PendingQueue, FlushesInArrivalOrderAndForgets) {
  PendingQueue q;
  ASSERT_TRUE(q.push(kPeerA, packet(1)));
  ASSERT_TRUE(q.push(kPeerA, packet(2)));
  ASSERT_TRUE(q.push(kPeerB, packet(9)));
  std::vector<std::uint8_t> order;
  EXPECT_EQ(q.flush(kPeerA, [&](std::vector<std::uint8_t>& p) { order.push_back(p[0]); }), 2u);
  EXPECT_EQ(order, (std::vector<std::uint8_t>{1, 2}));
  EXPECT_FALSE(q.holds(kPeerA));
  EXPECT_TRUE(q.holds(kPeerB));
  EXPECT_EQ(q.size(), 1u);
  EXPECT_EQ(q.counters().flushed, 2u);
}

TEST(PendingQueue, PerPeerLimitDropsAndCounts) {
  PendingQueue q({/*per_peer=*/2, /*total=*/10});
  EXPECT_TRUE(q.push(kPeerA, packet(1)));
  EXPECT_TRUE(q.push(kPeerA, packet(2)));
  EXPECT_FALSE(q.push(kPeerA, packet(3)));
  EXPECT_TRUE(q.push(kPeerB, packet(4)));  // another peer still has room
  EXPECT_EQ(q.counters().dropped_full, 1u);
  EXPECT_EQ(q.size(), 3u);
}

TEST(PendingQueue, TotalLimitHoldsAcrossPeersAndLeavesNoEmptyQueue) {
  PendingQueue q({/*per_peer=*/8, /*total=*/2});
  EXPECT_TRUE(q.push(kPeerA, packet(1)));
  EXPECT_TRUE(q.push(kPeerA, packet(2)));
  EXPECT_FALSE(q.push(kPeerB, packet(3)));
  EXPECT_FALSE(q.holds(kPeerB));  // a refused first packet leaves nothing behind
  EXPECT_EQ(q.counters().dropped_full, 1u);
}

TEST(PendingQueue, DiscardCountsAsFailed) {
  PendingQueue q;
  q.push(kPeerA, packet(1));
  q.push(kPeerA, packet(2));
  EXPECT_EQ(q.discard(kPeerA), 2u);
  EXPECT_EQ(q.discard(kPeerA), 0u);
  EXPECT_EQ(q.size(), 0u);
  EXPECT_EQ(q.counters().dropped_failed, 2u);
}

engine::InstallSa sample_install(bool udp) {
  engine::InstallSa s;
  s.local_hit = kOwn;
  s.peer_hit = kPeerA;
  s.direction = engine::Direction::outbound;
  s.spi = 0x12345678;
  s.esp_suite = 13;
  s.encryption_key = std::vector<std::uint8_t>(20, 0x11);
  s.path.local = *base::IpAddress::parse("192.0.2.1");
  s.path.peer = *base::IpAddress::parse("192.0.2.2");
  s.path.udp = udp;
  s.path.local_port = udp ? 10500 : 0;
  s.path.peer_port = udp ? 40000 : 0;
  return s;
}

TEST(SaConfigMapping, CarriesKeysAddressesAndRawEncapsulation) {
  const engine::InstallSa install = sample_install(false);
  const esp::SaConfig c = to_sa_config(install, std::nullopt);
  EXPECT_EQ(c.direction, esp::Direction::outbound);
  EXPECT_EQ(c.spi, 0x12345678u);
  EXPECT_EQ(c.suite, 13);
  EXPECT_EQ(c.enc_key.data(), install.encryption_key.data());
  EXPECT_EQ(c.enc_key.size(), 20u);
  EXPECT_TRUE(c.auth_key.empty());
  EXPECT_EQ(c.own_hit, kOwn);
  EXPECT_EQ(c.peer_hit, kPeerA);
  EXPECT_EQ(c.outer.local, install.path.local);
  EXPECT_EQ(c.outer.remote, install.path.peer);
  EXPECT_EQ(c.outer.encapsulation, esp::Encapsulation::raw_esp);
  EXPECT_FALSE(c.own_lsi.has_value());
  EXPECT_TRUE(c.esn);  // RFC 7402 §3.3.6
}

TEST(SaConfigMapping, UdpPathKeepsPortsAndLsisAreBoth) {
  const engine::InstallSa install = sample_install(true);
  const SaLsis lsis{*base::IpAddress::parse("1.2.3.4"), *base::IpAddress::parse("1.5.6.7")};
  const esp::SaConfig c = to_sa_config(install, lsis);
  EXPECT_EQ(c.outer.encapsulation, esp::Encapsulation::udp);
  EXPECT_EQ(c.outer.local_port, 10500);
  EXPECT_EQ(c.outer.remote_port, 40000);
  ASSERT_TRUE(c.own_lsi && c.peer_lsi);
  EXPECT_EQ(*c.own_lsi, lsis.own);
  EXPECT_EQ(*c.peer_lsi, lsis.peer);
}

TEST(EventLog, StateChangeLineNamesPeerStatesAndReason) {
  engine::StateChanged change{kOwn, kPeerA, engine::State::i1_sent, engine::State::i2_sent,
                              engine::Reason::r1_received};
  EXPECT_EQ(describe(change, false), "peer 2001:22:aaaa::1 I1-SENT -> I2-SENT (R1 received)");
  EXPECT_EQ(describe(change, true),
            "peer 2001:22:aaaa::1 (local 2001:22:cccc::3) I1-SENT -> I2-SENT (R1 received)");
}

TEST(EventLog, NotifyLineNamesOurUnknownAssociationType) {
  engine::NotifyReceived n{kOwn, kPeerB, engine::kNotifyUnknownAssociation, true};
  EXPECT_EQ(describe(n), "peer 2001:22:bbbb::2 sent NOTIFY 8236 UNKNOWN_ASSOCIATION (signature verified)");
  n.notify_type = 7;  // INVALID_SYNTAX, RFC 7401 §5.2.19
  n.verified = false;
  EXPECT_EQ(describe(n), "peer 2001:22:bbbb::2 sent NOTIFY 7 INVALID_SYNTAX (unverified, ignored)");
}

}  // namespace
}  // namespace hip::daemon
