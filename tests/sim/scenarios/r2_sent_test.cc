// R2-SENT (RFC 7401 §4.4.3 Table 5): the Responder accepted an I2, sent R2,
// and waits for a sign that the Initiator has its keys. The scenarios hold B
// here by blocking its R2s (A stays in I2-SENT), or by an Initiator that
// never sends data.
#include <gtest/gtest.h>

#include "sim/scenarios/scenario.h"
#include "sim/scenarios/scripted_peer.h"
#include "wire/params/all.h"

namespace hip::sim::test {
namespace {

// A (established, no data sent) and B (R2-SENT): a connect, not send_data.
bool hold_b_in_r2_sent_a_established(Scenario& s) {
  s.a->connect(s.b->hit());
  return s.run_until([&] { return s.logged(*s.a, *s.b) == State::established; }, 1s) &&
         s.logged(*s.b, *s.a) == State::r2_sent;
}

// Receive I1: send R1 and stay at R2-SENT.
TEST(StateTable, R2Sent_ReceiveI1_SendR1_StayR2Sent) {
  Scenario s;
  ASSERT_TRUE(s.hold_a_in_i2_sent()) << s.logs();
  const auto t = s.mark();
  s.deliver_i1(*s.a, *s.b);
  EXPECT_EQ(s.sent(*s.b, PacketType::r1, t), 1u);
  EXPECT_EQ(s.logged(*s.b, *s.a), State::r2_sent);
  EXPECT_EQ(s.changes_since(*s.b, t), 0u);
}

// Receive I2, process: if successful, send R2 and stay at R2-SENT. The same
// I2 again (its R2 was lost) gets the same R2 (§6.9 step 4), nothing else.
TEST(StateTable, R2Sent_ReceiveSameI2_SendSameR2_StayR2Sent) {
  Scenario s;
  ASSERT_TRUE(s.hold_a_in_i2_sent()) << s.logs();
  const auto spi_in = s.b->sas().inbound_from(s.a->hit())->sa.spi;
  const auto t = s.mark();
  s.run_for(1100ms);  // A's I2 timer fires once
  ASSERT_EQ(s.sent(*s.a, PacketType::i2, t), 1u);
  ASSERT_EQ(s.sent(*s.b, PacketType::r2), 2u);
  EXPECT_EQ(s.tap.first(PacketType::r2, s.b->address())->d.payload,
            s.tap.last(PacketType::r2, s.b->address())->d.payload);
  EXPECT_EQ(s.b->engine()->counters().base_exchanges_completed, 1u);
  EXPECT_EQ(s.b->sas().inbound_from(s.a->hit())->sa.spi, spi_in);
  EXPECT_EQ(s.logged(*s.b, *s.a), State::r2_sent);
  EXPECT_EQ(s.changes_since(*s.b, t), 0u);
}

// A new valid I2 (the Initiator restarted its exchange on a newer R1): new
// keys and SAs, a new R2, still R2-SENT.
TEST(StateTable, R2Sent_ReceiveNewI2_ReplaceSas_SendR2_StayR2Sent) {
  engine::Config config;
  config.timers.r1_rotation = 2s;
  Scenario s(config);
  ASSERT_TRUE(s.hold_a_in_i2_sent()) << s.logs();
  const auto old_spi = s.b->sas().inbound_from(s.a->hit())->sa.spi;
  s.run_for(2500ms);
  const auto t = s.mark();
  s.deliver_i1(*s.a, *s.b);  // B's newer R1 reaches A, A sends a new I2
  s.run_for(60ms);
  EXPECT_EQ(s.sent(*s.a, PacketType::i2, t), 1u);
  EXPECT_EQ(s.sent(*s.b, PacketType::r2, t), 1u);
  EXPECT_EQ(s.b->engine()->counters().base_exchanges_completed, 2u);
  EXPECT_EQ(s.b->sas().inbound(old_spi), nullptr);
  EXPECT_EQ(s.logged(*s.b, *s.a), State::r2_sent);
  EXPECT_EQ(s.changes_since(*s.b, t), 0u);
  s.to_a.clear();  // let the new R2s through: A and B agree on the new SAs
  ASSERT_TRUE(s.run_until([&] { return s.logged(*s.a, *s.b) == State::established; }, 5s));
  EXPECT_EQ(s.sa_problems(), "");
}

// The same exchange's I2 with other bytes (its sender signed it again, or
// its unprotected padding changed on the way) is "similar" (§6.9 step 4):
// the same R2 again, no second set of keys. Found by the property tests
// (tests/sim/properties/regression_test.cc): before, B derived new keys and
// SPIs and sent a second R2, which A, already ESTABLISHED with the first,
// dropped; A then sent to an SPI B no longer had, for good.
TEST(StateTable, R2Sent_ReceiveReSignedCopyOfI2_SendSameR2_StayR2Sent) {
  Scenario s;
  ASSERT_TRUE(s.hold_a_in_i2_sent()) << s.logs();
  const auto spi_in = s.b->sas().inbound_from(s.a->hit())->sa.spi;
  const auto& i2 = s.tap.first(PacketType::i2, s.a->address())->d;
  auto again = resigned(i2.payload, s.key_of(*s.a));
  ASSERT_FALSE(again.empty());
  ASSERT_NE(again, i2.payload);
  const auto t = s.mark();
  s.deliver(*s.b, s.datagram(*s.a, *s.b, again));
  ASSERT_EQ(s.sent(*s.b, PacketType::r2, t), 1u);
  EXPECT_EQ(s.tap.last(PacketType::r2, s.b->address())->d.payload,
            s.tap.first(PacketType::r2, s.b->address())->d.payload);
  EXPECT_EQ(s.b->engine()->counters().base_exchanges_completed, 1u);
  EXPECT_EQ(s.b->sas().inbound_from(s.a->hit())->sa.spi, spi_in);
  EXPECT_EQ(s.changes_since(*s.b, t), 0u);
  s.deliver(*s.a, *s.to_a.kept_last(PacketType::r2));  // A takes the first R2
  EXPECT_EQ(s.sa_problems(), "");
}

// ... if fail, stay at R2-SENT (a tampered copy of the I2 is processed in
// full, as it differs from the one answered, and fails its MAC).
TEST(StateTable, R2Sent_ReceiveI2WithBadMac_Drop_StayR2Sent) {
  Scenario s;
  ASSERT_TRUE(s.hold_a_in_i2_sent()) << s.logs();
  const auto sas = s.b->sas().all().size();
  auto bad = with_flipped_bit(s.tap.last(PacketType::i2, s.a->address())->d, wire::ParamType::hip_mac);
  ASSERT_TRUE(bad);
  const auto t = s.mark();
  s.deliver(*s.b, *bad);
  EXPECT_EQ(s.drops(*s.b, Drop::bad_mac), 1u);
  EXPECT_EQ(s.sent(*s.b, PacketType::r2, t), 0u);
  EXPECT_EQ(s.b->sas().all().size(), sas);
  EXPECT_EQ(s.logged(*s.b, *s.a), State::r2_sent);
}

// Receive R1: drop and stay at R2-SENT (B sent no I1).
TEST(StateTable, R2Sent_ReceiveR1_Drop_StayR2Sent) {
  Scenario s;
  ASSERT_TRUE(s.hold_a_in_i2_sent()) << s.logs();
  s.deliver_i1(*s.b, *s.a);  // A answers "B" with a real R1
  s.run_for(30ms);
  EXPECT_EQ(s.drops(*s.b, Drop::wrong_state), 1u);
  EXPECT_EQ(s.logged(*s.b, *s.a), State::r2_sent);
}

// Receive R2: drop and stay at R2-SENT.
TEST(StateTable, R2Sent_ReceiveR2_Drop_StayR2Sent) {
  Scenario s;
  ASSERT_TRUE(s.hold_a_in_i2_sent()) << s.logs();
  s.deliver_crafted(PacketType::r2, *s.a, *s.b);
  EXPECT_EQ(s.drops(*s.b, Drop::wrong_state), 1u);
  EXPECT_EQ(s.logged(*s.b, *s.a), State::r2_sent);
}

// Receive data: move to ESTABLISHED (before the EC timer).
TEST(StateTable, R2Sent_ReceiveData_GoEstablished) {
  Scenario s;
  ASSERT_TRUE(s.hold_a_in_i2_sent()) << s.logs();
  const auto entered = *s.b->log().first_entered(State::r2_sent);
  s.deliver(*s.a, *s.to_a.kept_last(PacketType::r2));
  ASSERT_EQ(s.logged(*s.a, *s.b), State::established);
  s.a->send_data(s.b->hit());
  ASSERT_TRUE(s.run_until([&] { return s.logged(*s.b, *s.a) == State::established; }, 1s));
  EXPECT_EQ(s.last_change(*s.b)->reason, Reason::data_received);
  EXPECT_LT(*s.b->log().first_entered(State::established), entered + 1s);
  EXPECT_EQ(s.b->delivered_from(s.a->hit()), 1u);
}

// Receive UPDATE: move to ESTABLISHED. The UPDATE comes from a scripted
// Initiator (hipstack engines do not send UPDATEs of their own yet); B
// acknowledges its SEQ (§6.12.1).
TEST(StateTable, R2Sent_ReceiveUpdate_GoEstablished) {
  Scenario s;
  auto& peer = s.sim.add_node<ScriptedPeer>("S", ip("2001:db8::5"));
  s.sim.network().connect(peer.address(), s.b->address(), {.delay = 20ms});
  peer.start_base_exchange(s.b->hit(), s.b->address());
  ASSERT_TRUE(s.run_until([&] { return peer.got_r2(); }, 1s));
  ASSERT_EQ(s.b->log().current_state(peer.hit()), State::r2_sent);
  ASSERT_TRUE(peer.send_update(0));
  s.run_for(50ms);
  EXPECT_EQ(s.b->log().current_state(peer.hit()), State::established);
  EXPECT_EQ(s.last_change(*s.b)->reason, Reason::data_received);
  EXPECT_EQ(peer.received_count(PacketType::update), 1u);  // the ACK
}

// Exchange Complete timeout: move to ESTABLISHED (EC = 5 s by default).
TEST(StateTable, R2Sent_ExchangeCompleteTimeout_GoEstablished) {
  Scenario s;
  ASSERT_TRUE(s.hold_a_in_i2_sent()) << s.logs();
  const auto entered = *s.b->log().first_entered(State::r2_sent);
  ASSERT_TRUE(s.run_until([&] { return s.logged(*s.b, *s.a) == State::established; }, 10s));
  EXPECT_EQ(s.last_change(*s.b)->reason, Reason::ec_expired);
  EXPECT_EQ(*s.b->log().first_entered(State::established), entered + engine::Timers{}.ec);
}

// Receive CLOSE, process: if successful, send CLOSE_ACK and go to CLOSED.
TEST(StateTable, R2Sent_ReceiveClose_SendCloseAck_GoClosed) {
  Scenario s;
  ASSERT_TRUE(hold_b_in_r2_sent_a_established(s)) << s.logs();
  const auto t = s.mark();
  s.a->close(s.b->hit());
  s.run_for(30ms);
  EXPECT_EQ(s.sent(*s.b, PacketType::close_ack, t), 1u);
  EXPECT_EQ(s.logged(*s.b, *s.a), State::closed);
  EXPECT_EQ(s.last_change(*s.b)->from, State::r2_sent);
  EXPECT_EQ(s.b->sas().size(), 0u);
  s.run_for(30ms);
  EXPECT_FALSE(s.state(*s.a, *s.b).has_value());
}

// ... if failed, stay (Table 5 says "stay at ESTABLISHED", an evident slip
// for R2-SENT: a failed CLOSE changes nothing).
TEST(StateTable, R2Sent_ReceiveCloseWithBadSignature_Drop_StayR2Sent) {
  Scenario s;
  ASSERT_TRUE(hold_b_in_r2_sent_a_established(s)) << s.logs();
  s.to_b.block(PacketType::close);
  s.to_b.keep_copies(true);
  s.a->close(s.b->hit());
  auto bad = with_flipped_bit(*s.to_b.kept_last(PacketType::close), wire::ParamType::hip_signature);
  ASSERT_TRUE(bad);
  const auto t = s.mark();
  s.deliver(*s.b, *bad);
  EXPECT_EQ(s.drops(*s.b, Drop::bad_signature), 1u);
  EXPECT_EQ(s.sent(*s.b, PacketType::close_ack, t), 0u);
  EXPECT_EQ(s.logged(*s.b, *s.a), State::r2_sent);
}

// Receive CLOSE_ACK: drop and stay at R2-SENT.
TEST(StateTable, R2Sent_ReceiveCloseAck_Drop_StayR2Sent) {
  Scenario s;
  ASSERT_TRUE(s.hold_a_in_i2_sent()) << s.logs();
  s.deliver_crafted(PacketType::close_ack, *s.a, *s.b);
  EXPECT_EQ(s.drops(*s.b, Drop::wrong_state), 1u);
  EXPECT_EQ(s.logged(*s.b, *s.a), State::r2_sent);
}

// Receive NOTIFY: process (log; verified with the I2's HOST_ID) and stay.
TEST(StateTable, R2Sent_ReceiveNotify_LogOnly_StayR2Sent) {
  Scenario s;
  ASSERT_TRUE(s.hold_a_in_i2_sent()) << s.logs();
  s.deliver(*s.b, s.datagram(*s.a, *s.b,
                             craft_notify(s.key_of(*s.a), s.a->hit(), s.b->hit(),
                                          wire::notify::kInvalidSyntax, {})));
  ASSERT_EQ(s.b->log().notify_log().size(), 1u);
  EXPECT_TRUE(s.b->log().notify_log().back().notify.verified);
  EXPECT_EQ(s.logged(*s.b, *s.a), State::r2_sent);
}

}  // namespace
}  // namespace hip::sim::test
