// UNASSOCIATED (RFC 7401 §4.4.3 Table 2; the seed's UNASSOCIATED process):
// no state for the peer. Only data to send and a valid I2 create state.
#include <gtest/gtest.h>

#include "sim/scenarios/scenario.h"
#include "sim/esp_marker.h"
#include "wire/params/control.h"

namespace hip::sim::test {
namespace {

// User data to send, requiring a new HIP association: send I1, go to I1-SENT.
TEST(StateTable, Unassociated_DataToSend_SendI1_GoI1Sent) {
  Scenario s;
  s.a->send_data(s.b->hit());
  EXPECT_EQ(s.sent(*s.a, PacketType::i1), 1u);
  EXPECT_EQ(s.logged(*s.a, *s.b), State::i1_sent);
  ASSERT_NE(s.last_change(*s.a), nullptr);
  EXPECT_EQ(s.last_change(*s.a)->from, State::unassociated);
  EXPECT_EQ(s.last_change(*s.a)->reason, Reason::connect_requested);
  EXPECT_EQ(s.a->data().queued, 1u);  // the datagram waits for the SA
}

// Receive I1: send R1 and stay at UNASSOCIATED (no state: §4.1.1, §6.7).
TEST(StateTable, Unassociated_ReceiveI1_SendR1_StayUnassociated) {
  Scenario s;
  s.to_a.block(PacketType::r1);  // A never goes on: only B's answer matters
  s.a->connect(s.b->hit());
  s.run_for(100ms);
  EXPECT_EQ(s.sent(*s.b, PacketType::r1), 1u);
  EXPECT_EQ(s.b->engine()->counters().r1_sent, 1u);
  EXPECT_FALSE(s.state(*s.b, *s.a).has_value()) << "B keeps no state for an I1";
  EXPECT_TRUE(s.b->log().state_changes().empty());
  EXPECT_EQ(s.b->sas().size(), 0u);
}

// Receive I2, process: if successful, send R2 and go to R2-SENT.
TEST(StateTable, Unassociated_ReceiveI2_SendR2_GoR2Sent) {
  Scenario s;
  s.a->connect(s.b->hit());
  ASSERT_TRUE(s.run_until([&] { return s.logged(*s.b, *s.a) == State::r2_sent; }, 1s)) << s.logs();
  EXPECT_EQ(s.sent(*s.b, PacketType::r2), 1u);
  ASSERT_NE(s.last_change(*s.b), nullptr);
  EXPECT_EQ(s.last_change(*s.b)->from, State::unassociated);
  EXPECT_EQ(s.last_change(*s.b)->reason, Reason::i2_received);
  // Both of B's SAs exist from the I2 on (RFC 7402 §6.4 / §6.9 step 7).
  EXPECT_NE(s.b->sas().inbound_from(s.a->hit()), nullptr);
  EXPECT_NE(s.b->sas().outbound_to(s.a->hit()), nullptr);
  ASSERT_TRUE(s.run_until([&] { return s.logged(*s.a, *s.b) == State::established; }, 1s));
  EXPECT_EQ(s.sa_problems(), "");
}

// Receive I2, process: if fail (bad HIP_MAC), stay at UNASSOCIATED. The puzzle
// was solved, so B reports HIP_MAC_FAILED (§6.9.1).
TEST(StateTable, Unassociated_ReceiveI2WithBadMac_DropAndNotify_StayUnassociated) {
  Scenario s;
  s.to_b.block(PacketType::i2);
  s.to_b.keep_copies(true);
  s.a->connect(s.b->hit());
  ASSERT_TRUE(s.run_until([&] { return s.to_b.blocked() > 0; }, 1s));
  auto bad = with_flipped_bit(s.to_b.take_kept().front(), wire::ParamType::hip_mac);
  ASSERT_TRUE(bad);
  const auto t = s.mark();
  s.deliver(*s.b, *bad);
  EXPECT_EQ(s.drops(*s.b, Drop::bad_mac), 1u);
  EXPECT_FALSE(s.state(*s.b, *s.a).has_value());
  EXPECT_EQ(s.b->sas().size(), 0u);
  ASSERT_EQ(s.sent(*s.b, PacketType::notify, t), 1u);
  EXPECT_EQ(notification_of(s.tap.last(PacketType::notify, s.b->address())->d)->type,
            wire::notify::kHipMacFailed);
}

// The same for a bad HIP_SIGNATURE (the MAC is right): AUTHENTICATION_FAILED.
TEST(StateTable, Unassociated_ReceiveI2WithBadSignature_DropAndNotify_StayUnassociated) {
  Scenario s;
  s.to_b.block(PacketType::i2);
  s.to_b.keep_copies(true);
  s.a->connect(s.b->hit());
  ASSERT_TRUE(s.run_until([&] { return s.to_b.blocked() > 0; }, 1s));
  auto bad = with_flipped_bit(s.to_b.take_kept().front(), wire::ParamType::hip_signature);
  ASSERT_TRUE(bad);
  const auto t = s.mark();
  s.deliver(*s.b, *bad);
  EXPECT_EQ(s.drops(*s.b, Drop::bad_signature), 1u);
  EXPECT_FALSE(s.state(*s.b, *s.a).has_value());
  ASSERT_EQ(s.sent(*s.b, PacketType::notify, t), 1u);
  EXPECT_EQ(notification_of(s.tap.last(PacketType::notify, s.b->address())->d)->type,
            wire::notify::kAuthenticationFailed);
}

// Receive user data for an unknown HIP association: "optionally send ICMP"
// (§5.4, §4.5.4). hipstack sends no ICMP (the engine does no I/O of its own);
// when the driver knows who sits at the source locator it restarts the base
// exchange instead, as a host that lost its state would (§4.5.4, §6.16).
TEST(StateTable, Unassociated_ReceiveDataForUnknownSpi_StartBaseExchange_GoI1Sent) {
  Scenario s;
  ASSERT_TRUE(s.establish()) << s.logs();
  s.b->crash();
  s.b->restart();  // B: UNASSOCIATED, A still has its SAs
  const auto t = s.mark();
  s.a->send_data(s.b->hit());
  ASSERT_TRUE(s.run_until([&] { return s.b->data().unknown_spi > 0; }, 1s));
  EXPECT_EQ(s.b->engine()->counters().unknown_spi, 1u);
  EXPECT_EQ(s.sent(*s.b, PacketType::i1, t), 1u);
  EXPECT_EQ(s.logged(*s.b, *s.a), State::i1_sent);
  // ... and the exchange it starts brings the data path back.
  ASSERT_TRUE(s.run_until([&] { return s.sa_problems().empty(); }, 5s)) << s.sa_problems();
}

// The same datagram from a locator the peer table does not know: counted,
// nothing sent (no ICMP, no I1), no state.
TEST(StateTable, Unassociated_ReceiveDataFromUnknownLocator_CountOnly_StayUnassociated) {
  Scenario s;
  Datagram esp;
  esp.src = ip("2001:db8::99");
  esp.dst = s.b->address();
  esp.payload_type = Payload::esp;
  esp.payload = encode_esp_marker({0x4242, 1});
  s.deliver(*s.b, esp);
  EXPECT_EQ(s.b->engine()->counters().unknown_spi, 1u);
  EXPECT_EQ(s.tap.count_hip(s.b->address()), 0u);
  EXPECT_TRUE(s.b->engine()->snapshot().empty());
}

// Receive CLOSE (for an unknown association): RFC 7401 says "optionally send
// ICMP Parameter Problem"; the seed answers with NOTIFY. hipstack sends its
// own NOTIFY type kNotifyUnknownAssociation (8236), signed, echoing the
// CLOSE's nonce, never larger than the CLOSE, and stays UNASSOCIATED.
TEST(StateTable, Unassociated_ReceiveClose_SendNotifyUnknownAssociation_StayUnassociated) {
  Scenario s;
  ASSERT_TRUE(s.establish()) << s.logs();
  s.b->crash();
  s.b->restart();
  const auto t = s.mark();
  s.a->close(s.b->hit());
  s.run_for(30ms);  // the CLOSE arrives, the NOTIFY is on its way
  const Tapped* close = s.tap.last(PacketType::close, s.a->address());
  const Tapped* notify = s.tap.last(PacketType::notify, s.b->address());
  ASSERT_TRUE(close && notify);
  EXPECT_GE(notify->at, t.at);
  const auto n = notification_of(notify->d);
  ASSERT_TRUE(n);
  EXPECT_EQ(n->type, engine::kNotifyUnknownAssociation);
  EXPECT_EQ(n->data, close_nonce(close->d));
  EXPECT_LE(notify->d.payload.size(), close->d.payload.size());  // no amplification
  EXPECT_EQ(s.drops(*s.b, Drop::no_association), 1u);
  EXPECT_FALSE(s.state(*s.b, *s.a).has_value());
  EXPECT_EQ(s.changes_since(*s.b, t), 0u);
  // A checks the signature with B's HOST_ID from the exchange.
  s.run_for(30ms);
  ASSERT_EQ(s.a->log().notify_log().size(), 1u);
  EXPECT_TRUE(s.a->log().notify_log().back().notify.verified);
}

// With the policy switch off, the CLOSE is dropped silently.
TEST(StateTable, Unassociated_ReceiveClose_NotifySwitchedOff_DropSilently) {
  engine::Config config;
  config.policy.notify_unknown_association = false;
  Scenario s(config);
  ASSERT_TRUE(s.establish()) << s.logs();
  s.b->crash();
  s.b->restart();
  const auto t = s.mark();
  s.a->close(s.b->hit());
  s.run_for(50ms);
  EXPECT_EQ(s.tap.count_hip(s.b->address(), t.at), 0u);
  EXPECT_EQ(s.drops(*s.b, Drop::no_association), 1u);
}

// Many CLOSEs from one source: NOTIFYs are rate-limited (each costs a signature).
TEST(StateTable, Unassociated_ReceiveCloseFlood_NotifyRateLimited) {
  Scenario s;
  s.to_b.block(PacketType::close);
  s.to_b.keep_copies(true);
  ASSERT_TRUE(s.establish()) << s.logs();
  s.a->close(s.b->hit());
  const Datagram close = s.to_b.take_kept().front();
  s.b->crash();
  s.b->restart();
  const auto t = s.mark();
  for (int i = 0; i < 10; ++i) s.deliver(*s.b, close);
  const auto burst = static_cast<std::size_t>(engine::RateLimits{}.notify_per_source_burst);
  EXPECT_EQ(s.sent(*s.b, PacketType::notify, t), burst);
  EXPECT_EQ(s.drops(*s.b, Drop::rate_limited), 10u - burst);
}

// Receive ANYOTHER: drop and stay at UNASSOCIATED. A real R1 that answers an
// I1 A never sent (forged in A's name to B).
TEST(StateTable, Unassociated_ReceiveR1_Drop_StayUnassociated) {
  Scenario s;
  s.deliver_i1(*s.a, *s.b);  // B answers "A" with a real R1
  s.run_for(30ms);
  EXPECT_EQ(s.sent(*s.b, PacketType::r1), 1u);
  EXPECT_EQ(s.drops(*s.a, Drop::no_association), 1u);
  EXPECT_TRUE(s.a->engine()->snapshot().empty());
  EXPECT_EQ(s.tap.count_hip(s.a->address()), 0u);
}

// ... a real R2 replayed after A lost its state.
TEST(StateTable, Unassociated_ReceiveR2_Drop_StayUnassociated) {
  Scenario s;
  ASSERT_TRUE(s.establish()) << s.logs();
  const Datagram r2 = s.tap.last(PacketType::r2, s.b->address())->d;
  s.a->crash();
  s.a->restart();
  s.deliver(*s.a, r2);
  EXPECT_EQ(s.drops(*s.a, Drop::no_association), 1u);
  EXPECT_TRUE(s.a->engine()->snapshot().empty());
  EXPECT_EQ(s.a->sas().size(), 0u);
}

// ... an UPDATE.
TEST(StateTable, Unassociated_ReceiveUpdate_Drop_StayUnassociated) {
  Scenario s;
  s.deliver_crafted(PacketType::update, *s.b, *s.a);
  EXPECT_EQ(s.drops(*s.a, Drop::no_association), 1u);
  EXPECT_TRUE(s.a->engine()->snapshot().empty());
  EXPECT_EQ(s.tap.count_hip(s.a->address()), 0u);
}

// ... a real CLOSE_ACK replayed once the close is over.
TEST(StateTable, Unassociated_ReceiveCloseAck_Drop_StayUnassociated) {
  Scenario s;
  ASSERT_TRUE(s.establish()) << s.logs();
  s.a->close(s.b->hit());
  ASSERT_TRUE(s.run_until([&] { return !s.state(*s.a, *s.b).has_value(); }, 1s)) << s.logs();
  const Datagram ack = s.tap.last(PacketType::close_ack, s.b->address())->d;
  s.deliver(*s.a, ack);
  EXPECT_EQ(s.drops(*s.a, Drop::no_association), 1u);
  EXPECT_FALSE(s.state(*s.a, *s.b).has_value());
}

// ... a NOTIFY: logged (unverified: no HOST_ID to check it with), no state.
TEST(StateTable, Unassociated_ReceiveNotify_LogOnly_StayUnassociated) {
  Scenario s;
  const std::uint8_t data[] = {1, 2, 3, 4};
  s.deliver(*s.a, s.datagram(*s.b, *s.a,
                             craft_notify(s.key_of(*s.b), s.b->hit(), s.a->hit(),
                                          engine::kNotifyUnknownAssociation, data)));
  EXPECT_EQ(s.a->engine()->counters().notify_received, 1u);
  ASSERT_EQ(s.a->log().notify_log().size(), 1u);
  EXPECT_FALSE(s.a->log().notify_log().back().notify.verified);
  EXPECT_TRUE(s.a->engine()->snapshot().empty());
  EXPECT_TRUE(s.a->log().state_changes().empty());
}

}  // namespace
}  // namespace hip::sim::test
