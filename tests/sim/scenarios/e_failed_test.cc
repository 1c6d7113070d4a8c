// E-FAILED (RFC 7401 §4.4.3 Table 9): the base exchange failed. The table
// has one row (wait, then UNASSOCIATED); the other rows here are what
// hipstack does where the RFC is silent.
#include <gtest/gtest.h>

#include "sim/scenarios/scenario.h"

namespace hip::sim::test {
namespace {

// Wait for implementation-specific time (e_failed_hold, 5 s): go to UNASSOCIATED.
TEST(StateTable, EFailed_WaitExpires_GoUnassociated) {
  Scenario s;
  ASSERT_TRUE(s.hold_a_in_e_failed()) << s.logs();
  const auto failed_at = *s.a->log().first_entered(State::e_failed);
  ASSERT_TRUE(s.run_until([&] { return !s.state(*s.a, *s.b).has_value(); }, 10s)) << s.logs();
  EXPECT_EQ(*s.a->log().last_entered(State::unassociated), failed_at + engine::Timers{}.e_failed_hold);
  EXPECT_EQ(s.last_change(*s.a)->reason, Reason::failed_expired);
  EXPECT_EQ(s.a->sas().size(), 0u);
}

// Data to send while E-FAILED starts nothing (no I1 storm towards a peer
// that does not answer); "renegotiation is possible after moving to
// UNASSOCIATED", where the next datagram sends I1.
TEST(StateTable, EFailed_DataToSend_NoI1UntilUnassociated) {
  Scenario s;
  ASSERT_TRUE(s.hold_a_in_e_failed()) << s.logs();
  const auto t = s.mark();
  s.a->send_data(s.b->hit());
  EXPECT_EQ(s.sent(*s.a, PacketType::i1, t), 0u);
  EXPECT_EQ(s.logged(*s.a, *s.b), State::e_failed);
  ASSERT_TRUE(s.run_until([&] { return !s.state(*s.a, *s.b).has_value(); }, 10s));
  s.to_b.clear();
  const auto t2 = s.now();
  s.a->send_data(s.b->hit());
  EXPECT_EQ(s.sent(*s.a, PacketType::i1, t2), 1u);
  ASSERT_TRUE(s.run_until([&] { return s.b->delivered_from(s.a->hit()) == 2; }, 5s)) << s.logs();
}

// Receive I1 (RFC silent): send R1 (stateless, as in every state) and stay.
TEST(StateTable, EFailed_ReceiveI1_SendR1_StayEFailed) {
  Scenario s;
  ASSERT_TRUE(s.hold_a_in_e_failed()) << s.logs();
  const auto t = s.mark();
  s.deliver_i1(*s.b, *s.a);
  EXPECT_EQ(s.sent(*s.a, PacketType::r1, t), 1u);
  EXPECT_EQ(s.logged(*s.a, *s.b), State::e_failed);
}

// Receive I2 (RFC silent): a valid I2 is the peer's own exchange; accept it
// as UNASSOCIATED would: send R2, go to R2-SENT.
TEST(StateTable, EFailed_ReceiveI2_SendR2_GoR2Sent) {
  Scenario s;
  ASSERT_TRUE(s.hold_a_in_e_failed()) << s.logs();
  const auto t = s.mark();
  s.b->connect(s.a->hit());
  ASSERT_TRUE(s.run_until([&] { return s.logged(*s.a, *s.b) == State::r2_sent; }, 1s)) << s.logs();
  EXPECT_EQ(s.last_change(*s.a)->from, State::e_failed);
  EXPECT_EQ(s.sent(*s.a, PacketType::r2, t), 1u);
  ASSERT_TRUE(s.run_until([&] { return s.logged(*s.b, *s.a) == State::established; }, 1s));
  EXPECT_EQ(s.sa_problems(), "");
}

// Receive R1 after giving up (a late answer to one of our I1s, RFC silent):
// drop (§6.8: we are not in I1-SENT) and stay.
TEST(StateTable, EFailed_ReceiveLateR1_Drop_StayEFailed) {
  Scenario s;
  s.to_a.block(PacketType::r1);
  s.to_a.keep_copies(true);
  s.a->connect(s.b->hit());
  ASSERT_TRUE(s.run_until([&] { return s.logged(*s.a, *s.b) == State::e_failed; }, 60s));
  s.deliver(*s.a, *s.to_a.kept_last(PacketType::r1));
  EXPECT_EQ(s.drops(*s.a, Drop::wrong_state), 1u);
  EXPECT_EQ(s.logged(*s.a, *s.b), State::e_failed);
  EXPECT_EQ(s.sent(*s.a, PacketType::i2), 0u);
}

}  // namespace
}  // namespace hip::sim::test
