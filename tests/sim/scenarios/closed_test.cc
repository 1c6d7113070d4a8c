// CLOSED (RFC 7401 §4.4.3 Table 8; the seed's new CLOSED state): we sent
// CLOSE_ACK and keep the association for 2 x MSL to answer a repeated CLOSE.
// The scenarios hold B here by blocking its CLOSE_ACKs (A stays CLOSING).
#include <gtest/gtest.h>

#include "sim/scenarios/scenario.h"
#include "wire/params/control.h"

namespace hip::sim::test {
namespace {

// Datagram to send, requires another incarnation: send I1 and stay at CLOSED
// (Table 8; the seed wanted I1-SENT, see docs/state-machine.md).
TEST(StateTable, Closed_DataToSend_SendI1_StayClosed) {
  Scenario s;
  ASSERT_TRUE(s.hold_a_closing_b_closed()) << s.logs();
  s.to_b.block(PacketType::r1);
  const auto t = s.mark();
  s.b->send_data(s.a->hit());
  EXPECT_EQ(s.sent(*s.b, PacketType::i1, t), 1u);
  EXPECT_EQ(s.logged(*s.b, *s.a), State::closed);
  EXPECT_EQ(s.state(*s.b, *s.a), State::closed);
  EXPECT_EQ(s.changes_since(*s.b, t), 0u);
  // Still CLOSED: A's repeated CLOSE is answered again with the old keys.
  s.run_for(1100ms);
  EXPECT_GE(s.sent(*s.b, PacketType::close_ack, t), 1u);
}

// Receive R1, process: if successful, send I2 and go to I2-SENT (the R1
// answers the I1 sent from CLOSED); the new incarnation then completes.
TEST(StateTable, Closed_ReceiveR1ToOwnI1_SendI2_GoI2Sent) {
  Scenario s;
  ASSERT_TRUE(s.hold_a_closing_b_closed()) << s.logs();
  const auto t = s.mark();
  s.b->send_data(s.a->hit());
  ASSERT_TRUE(s.run_until([&] { return s.logged(*s.b, *s.a) == State::i2_sent; }, 1s)) << s.logs();
  EXPECT_EQ(s.last_change(*s.b)->from, State::closed);
  EXPECT_EQ(s.last_change(*s.b)->reason, Reason::r1_received);
  EXPECT_EQ(s.sent(*s.b, PacketType::i2, t), 1u);
  ASSERT_TRUE(s.run_until([&] { return s.a->delivered_from(s.b->hit()) == 1; }, 5s)) << s.logs();
  EXPECT_EQ(s.sa_problems(), "");
}

// ... if fail, stay at CLOSED.
TEST(StateTable, Closed_ReceiveR1ToOwnI1WithBadSignature_Drop_StayClosed) {
  Scenario s;
  ASSERT_TRUE(s.hold_a_closing_b_closed()) << s.logs();
  s.to_b.block(PacketType::r1);
  s.to_b.keep_copies(true);
  s.b->send_data(s.a->hit());
  ASSERT_TRUE(s.run_until([&] { return s.to_b.kept_last(PacketType::r1).has_value(); }, 1s));
  auto bad = with_flipped_bit(*s.to_b.kept_last(PacketType::r1), wire::ParamType::hip_signature_2);
  ASSERT_TRUE(bad);
  const auto t = s.mark();
  s.deliver(*s.b, *bad);
  EXPECT_EQ(s.drops(*s.b, Drop::bad_signature), 1u);
  EXPECT_EQ(s.sent(*s.b, PacketType::i2, t), 0u);
  EXPECT_EQ(s.logged(*s.b, *s.a), State::closed);
}

// ... an R1 that answers no I1 of ours: §6.8 drop.
TEST(StateTable, Closed_ReceiveUnsolicitedR1_Drop_StayClosed) {
  Scenario s;
  ASSERT_TRUE(s.hold_a_closing_b_closed()) << s.logs();
  s.deliver_i1(*s.b, *s.a);  // A answers "B" with a real R1
  s.run_for(30ms);
  EXPECT_EQ(s.drops(*s.b, Drop::wrong_state), 1u);
  EXPECT_EQ(s.logged(*s.b, *s.a), State::closed);
}

// Receive I1: send R1 and stay at CLOSED.
TEST(StateTable, Closed_ReceiveI1_SendR1_StayClosed) {
  Scenario s;
  ASSERT_TRUE(s.hold_a_closing_b_closed()) << s.logs();
  const auto t = s.mark();
  s.deliver_i1(*s.a, *s.b);
  EXPECT_EQ(s.sent(*s.b, PacketType::r1, t), 1u);
  EXPECT_EQ(s.logged(*s.b, *s.a), State::closed);
}

// Receive I2, process: if successful, send R2 and go to R2-SENT (A, closing,
// has data to send again).
TEST(StateTable, Closed_ReceiveI2_SendR2_GoR2Sent) {
  Scenario s;
  ASSERT_TRUE(s.hold_a_closing_b_closed()) << s.logs();
  const auto t = s.mark();
  s.a->send_data(s.b->hit());
  ASSERT_TRUE(s.run_until([&] { return s.logged(*s.b, *s.a) == State::r2_sent; }, 1s)) << s.logs();
  EXPECT_EQ(s.last_change(*s.b)->from, State::closed);
  EXPECT_EQ(s.last_change(*s.b)->reason, Reason::i2_received);
  EXPECT_EQ(s.sent(*s.b, PacketType::r2, t), 1u);
  ASSERT_TRUE(s.run_until([&] { return s.b->delivered_from(s.a->hit()) == 2; }, 5s)) << s.logs();
  EXPECT_EQ(s.sa_problems(), "");
}

// ... if fail, stay at CLOSED.
TEST(StateTable, Closed_ReceiveI2WithBadMac_Drop_StayClosed) {
  Scenario s;
  ASSERT_TRUE(s.hold_a_closing_b_closed()) << s.logs();
  s.to_b.block(PacketType::i2);
  s.to_b.keep_copies(true);
  s.a->send_data(s.b->hit());
  ASSERT_TRUE(s.run_until([&] { return s.to_b.kept_last(PacketType::i2).has_value(); }, 1s));
  auto bad = with_flipped_bit(*s.to_b.kept_last(PacketType::i2), wire::ParamType::hip_mac);
  ASSERT_TRUE(bad);
  const auto t = s.mark();
  s.deliver(*s.b, *bad);
  EXPECT_EQ(s.drops(*s.b, Drop::bad_mac), 1u);
  EXPECT_EQ(s.sent(*s.b, PacketType::r2, t), 0u);
  EXPECT_EQ(s.logged(*s.b, *s.a), State::closed);
}

// Receive CLOSE, process: if successful, send CLOSE_ACK and stay at CLOSED
// (the first CLOSE_ACK was lost; A retransmits its CLOSE after 1 s).
TEST(StateTable, Closed_ReceiveClose_SendCloseAckAgain_StayClosed) {
  Scenario s;
  ASSERT_TRUE(s.hold_a_closing_b_closed()) << s.logs();
  const auto t = s.mark();
  s.run_for(1100ms);
  EXPECT_EQ(s.sent(*s.a, PacketType::close, t), 1u);
  EXPECT_EQ(s.sent(*s.b, PacketType::close_ack, t), 1u);
  EXPECT_EQ(s.sent(*s.b, PacketType::close_ack), 2u);
  EXPECT_EQ(s.logged(*s.b, *s.a), State::closed);
  EXPECT_EQ(s.changes_since(*s.b, t), 0u);
  // Once the CLOSE_ACK gets through, A is done.
  s.to_a.clear();
  ASSERT_TRUE(s.run_until([&] { return !s.state(*s.a, *s.b).has_value(); }, 5s)) << s.logs();
  EXPECT_EQ(s.last_change(*s.a)->reason, Reason::close_ack_received);
}

// ... if failed, stay at CLOSED, nothing sent.
TEST(StateTable, Closed_ReceiveCloseWithBadMac_Drop_StayClosed) {
  Scenario s;
  ASSERT_TRUE(s.hold_a_closing_b_closed()) << s.logs();
  auto bad = with_flipped_bit(s.tap.last(PacketType::close, s.a->address())->d,
                              wire::ParamType::hip_mac);
  ASSERT_TRUE(bad);
  const auto t = s.mark();
  s.deliver(*s.b, *bad);
  EXPECT_EQ(s.drops(*s.b, Drop::bad_mac), 1u);
  EXPECT_EQ(s.sent(*s.b, PacketType::close_ack, t), 0u);
  EXPECT_EQ(s.logged(*s.b, *s.a), State::closed);
}

// Receive CLOSE_ACK, process: if successful (it answers the CLOSE we sent
// before we got the peer's: crossing CLOSEs, the seed's 8.17), discard state
// and go to UNASSOCIATED. Both sides go CLOSING -> CLOSED -> UNASSOCIATED.
TEST(StateTable, Closed_ReceiveCloseAckToOwnClose_GoUnassociated) {
  Scenario s;
  ASSERT_TRUE(s.establish()) << s.logs();
  s.a->close(s.b->hit());
  s.b->close(s.a->hit());
  ASSERT_TRUE(s.run_until([&] {
    return !s.state(*s.a, *s.b).has_value() && !s.state(*s.b, *s.a).has_value();
  }, 1s)) << s.logs();
  for (HipHost* h : {s.a, s.b}) {
    const auto& changes = h->log().state_changes();
    ASSERT_GE(changes.size(), 3u);
    EXPECT_EQ(changes[changes.size() - 3].change.to, State::closing) << h->name();
    EXPECT_EQ(changes[changes.size() - 2].change.to, State::closed) << h->name();
    EXPECT_EQ(changes.back().change.from, State::closed) << h->name();
    EXPECT_EQ(changes.back().change.reason, Reason::close_ack_received) << h->name();
  }
}

// ... if failed (we never sent a CLOSE to acknowledge), stay at CLOSED.
TEST(StateTable, Closed_ReceiveCloseAckWithoutOwnClose_Drop_StayClosed) {
  Scenario s;
  ASSERT_TRUE(s.hold_a_closing_b_closed()) << s.logs();
  s.deliver_crafted(PacketType::close_ack, *s.a, *s.b);
  EXPECT_EQ(s.drops(*s.b, Drop::wrong_state), 1u);
  EXPECT_EQ(s.logged(*s.b, *s.a), State::closed);
}

// Receive ANYOTHER: drop and stay at CLOSED. An R2 ...
TEST(StateTable, Closed_ReceiveR2_Drop_StayClosed) {
  Scenario s;
  ASSERT_TRUE(s.hold_a_closing_b_closed()) << s.logs();
  s.deliver_crafted(PacketType::r2, *s.a, *s.b);
  EXPECT_EQ(s.drops(*s.b, Drop::wrong_state), 1u);
  EXPECT_EQ(s.logged(*s.b, *s.a), State::closed);
}

// ... an UPDATE ...
TEST(StateTable, Closed_ReceiveUpdate_Drop_StayClosed) {
  Scenario s;
  ASSERT_TRUE(s.hold_a_closing_b_closed()) << s.logs();
  s.deliver_crafted(PacketType::update, *s.a, *s.b);
  EXPECT_EQ(s.drops(*s.b, Drop::wrong_state), 1u);
  EXPECT_EQ(s.logged(*s.b, *s.a), State::closed);
}

// ... a NOTIFY (logged only).
TEST(StateTable, Closed_ReceiveNotify_LogOnly_StayClosed) {
  Scenario s;
  ASSERT_TRUE(s.hold_a_closing_b_closed()) << s.logs();
  s.deliver(*s.b, s.datagram(*s.a, *s.b,
                             craft_notify(s.key_of(*s.a), s.a->hit(), s.b->hit(),
                                          wire::notify::kInvalidSyntax, {})));
  EXPECT_TRUE(s.b->log().notify_log().back().notify.verified);
  EXPECT_EQ(s.logged(*s.b, *s.a), State::closed);
}

// Timeout: discard state and go to UNASSOCIATED after 2 x MSL (the seed's
// "2 * MSL"; Table 8 says UAL + 2 MSL, see docs/state-machine.md).
TEST(StateTable, Closed_Timeout2Msl_GoUnassociated) {
  Scenario s;
  ASSERT_TRUE(s.hold_a_closing_b_closed()) << s.logs();
  const auto closed_at = *s.b->log().first_entered(State::closed);
  const auto msl = engine::Timers{}.msl;
  s.run_until([&] { return false; }, closed_at + 2 * msl - 1s - s.now());
  EXPECT_EQ(s.state(*s.b, *s.a), State::closed);
  ASSERT_TRUE(s.run_until([&] { return !s.state(*s.b, *s.a).has_value(); }, 2s)) << s.logs();
  EXPECT_EQ(*s.b->log().last_entered(State::unassociated), closed_at + 2 * msl);
  const auto& changes = s.b->log().state_changes();
  EXPECT_EQ(changes.back().change.reason, Reason::closed_expired);
}

}  // namespace
}  // namespace hip::sim::test
