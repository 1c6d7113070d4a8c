// I2-SENT (RFC 7401 §4.4.3 Table 4): we answered an R1 with I2 and wait for
// the R2. The scenarios hold A here by blocking B's R2s.
#include <gtest/gtest.h>

#include "sim/scenarios/scenario.h"
#include "wire/params/all.h"

namespace hip::sim::test {
namespace {

std::uint64_t r1_counter_of(const Datagram& d) {
  auto p = wire::parse_packet(d.payload);
  if (!p) return 0;
  auto c = p->get<wire::R1Counter>();
  return c ? c->counter : 0;
}

// Receive I1: send R1 and stay at I2-SENT.
TEST(StateTable, I2Sent_ReceiveI1_SendR1_StayI2Sent) {
  Scenario s;
  ASSERT_TRUE(s.hold_a_in_i2_sent()) << s.logs();
  const auto t = s.mark();
  s.deliver_i1(*s.b, *s.a);
  EXPECT_EQ(s.sent(*s.a, PacketType::r1, t), 1u);
  EXPECT_EQ(s.logged(*s.a, *s.b), State::i2_sent);
  EXPECT_EQ(s.changes_since(*s.a, t), 0u);
}

// Receive R1, process: if successful, send I2 and stay at I2-SENT. §6.8 lets
// the Initiator do so only for an R1 of a larger R1 generation; hipstack
// does exactly that, with fresh keys (the old exchange is dropped).
TEST(StateTable, I2Sent_ReceiveNewerR1_SendNewI2_StayI2Sent) {
  engine::Config config;
  config.timers.r1_rotation = 2s;
  Scenario s(config);
  ASSERT_TRUE(s.hold_a_in_i2_sent()) << s.logs();
  const std::uint64_t first = r1_counter_of(s.tap.first(PacketType::i2, s.a->address())->d);
  s.run_until([&] { return false; }, 2500ms);  // B's R1 generation rotates
  const auto t = s.mark();
  s.deliver_i1(*s.a, *s.b);  // an I1 in A's name: B's newer R1 goes to A
  s.run_for(30ms);
  const Tapped* newer = s.tap.first(PacketType::i2, s.a->address(), t.at);
  ASSERT_NE(newer, nullptr);
  EXPECT_GT(r1_counter_of(newer->d), first);
  EXPECT_EQ(s.logged(*s.a, *s.b), State::i2_sent);
  EXPECT_EQ(s.changes_since(*s.a, t), 0u);
}

// ... an R1 of the same generation (a duplicate) is dropped: §6.8 "any
// other state ... SHOULD silently drop".
TEST(StateTable, I2Sent_ReceiveSameGenerationR1_Drop_StayI2Sent) {
  Scenario s;
  ASSERT_TRUE(s.hold_a_in_i2_sent()) << s.logs();
  const auto t = s.mark();
  s.deliver_i1(*s.a, *s.b);
  s.run_for(30ms);
  EXPECT_EQ(s.drops(*s.a, Drop::wrong_state), 1u);
  EXPECT_EQ(s.sent(*s.a, PacketType::i2, t), 0u);
  EXPECT_EQ(s.logged(*s.a, *s.b), State::i2_sent);
}

// Both hosts in I2-SENT, each with its own exchange (Scenario::hold_both_in_i2_sent).
struct CrossingI2s {
  Scenario s;
  Datagram i2_from_a, i2_from_b;

  bool setup() { return s.hold_both_in_i2_sent(i2_from_a, i2_from_b); }
  const Datagram& i2_from(const HipHost& h) const { return &h == s.a ? i2_from_a : i2_from_b; }
};

// Receive I2, process: if successful and local HIT is smaller than the peer
// HIT, drop I2 and stay at I2-SENT (§6.9 step 5: keep our own exchange).
TEST(StateTable, I2Sent_ReceiveI2_LocalHitSmaller_DropI2_StayI2Sent) {
  CrossingI2s x;
  ASSERT_TRUE(x.setup()) << x.s.logs();
  HipHost& low = x.s.smaller();
  const auto t = x.s.mark();
  x.s.deliver(low, x.i2_from(x.s.greater()));
  EXPECT_EQ(x.s.drops(low, Drop::simultaneous_lost), 1u);
  EXPECT_EQ(x.s.sent(low, PacketType::r2, t), 0u);
  EXPECT_EQ(x.s.logged(low, x.s.other(low)), State::i2_sent);
}

// ... if successful and local HIT is greater than the peer HIT, send R2 and
// go to R2-SENT, dropping our own exchange (its inbound SA included).
TEST(StateTable, I2Sent_ReceiveI2_LocalHitGreater_SendR2_GoR2Sent) {
  CrossingI2s x;
  ASSERT_TRUE(x.setup()) << x.s.logs();
  Scenario& s = x.s;
  HipHost& high = s.greater();
  HipHost& low = s.smaller();
  const std::uint32_t own_inbound = high.sas().inbound_from(low.hit())->sa.spi;
  const auto t = s.mark();
  s.deliver(high, x.i2_from(low));
  EXPECT_EQ(s.sent(high, PacketType::r2, t), 1u);
  EXPECT_EQ(s.logged(high, low), State::r2_sent);
  EXPECT_EQ(s.last_change(high)->reason, Reason::i2_received);
  EXPECT_EQ(high.sas().inbound(own_inbound), nullptr);
  s.to_a.clear();
  s.to_b.clear();
  ASSERT_TRUE(s.run_until([&] {
    return s.logged(low, high) == State::established && s.sa_problems().empty();
  }, 10s)) << s.logs() << s.sa_problems();
}

// ... if fail, stay at I2-SENT (the greater HIT, which would take the
// peer's I2, gets a tampered one).
TEST(StateTable, I2Sent_ReceiveI2WithBadMac_Drop_StayI2Sent) {
  CrossingI2s x;
  ASSERT_TRUE(x.setup()) << x.s.logs();
  HipHost& high = x.s.greater();
  auto bad = with_flipped_bit(x.i2_from(x.s.other(high)), wire::ParamType::hip_mac);
  ASSERT_TRUE(bad);
  const auto t = x.s.mark();
  x.s.deliver(high, *bad);
  EXPECT_EQ(x.s.drops(high, Drop::bad_mac), 1u);
  EXPECT_EQ(x.s.sent(high, PacketType::r2, t), 0u);
  EXPECT_EQ(x.s.logged(high, x.s.other(high)), State::i2_sent);
}

// Receive R2, process: if successful, go to ESTABLISHED (outbound SA too).
TEST(StateTable, I2Sent_ReceiveR2_GoEstablished) {
  Scenario s;
  ASSERT_TRUE(s.hold_a_in_i2_sent()) << s.logs();
  s.deliver(*s.a, *s.to_a.kept_last(PacketType::r2));
  EXPECT_EQ(s.logged(*s.a, *s.b), State::established);
  EXPECT_EQ(s.last_change(*s.a)->reason, Reason::r2_received);
  EXPECT_EQ(s.sa_problems(), "");
}

// ... if fail, stay at I2-SENT: a bad HIP_MAC_2 ...
TEST(StateTable, I2Sent_ReceiveR2WithBadMac_Drop_StayI2Sent) {
  Scenario s;
  ASSERT_TRUE(s.hold_a_in_i2_sent()) << s.logs();
  auto bad = with_flipped_bit(*s.to_a.kept_last(PacketType::r2), wire::ParamType::hip_mac_2);
  ASSERT_TRUE(bad);
  s.deliver(*s.a, *bad);
  EXPECT_EQ(s.drops(*s.a, Drop::bad_mac), 1u);
  EXPECT_EQ(s.logged(*s.a, *s.b), State::i2_sent);
  EXPECT_EQ(s.a->sas().outbound_to(s.b->hit()), nullptr);
}

// ... or a bad HIP_SIGNATURE.
TEST(StateTable, I2Sent_ReceiveR2WithBadSignature_Drop_StayI2Sent) {
  Scenario s;
  ASSERT_TRUE(s.hold_a_in_i2_sent()) << s.logs();
  auto bad = with_flipped_bit(*s.to_a.kept_last(PacketType::r2), wire::ParamType::hip_signature);
  ASSERT_TRUE(bad);
  s.deliver(*s.a, *bad);
  EXPECT_EQ(s.drops(*s.a, Drop::bad_signature), 1u);
  EXPECT_EQ(s.logged(*s.a, *s.b), State::i2_sent);
  EXPECT_EQ(s.a->sas().outbound_to(s.b->hit()), nullptr);
}

// Receive CLOSE, process: if successful, send CLOSE_ACK and go to CLOSED.
// (B, in R2-SENT, closes before A ever got the R2.)
TEST(StateTable, I2Sent_ReceiveClose_SendCloseAck_GoClosed) {
  Scenario s;
  ASSERT_TRUE(s.hold_a_in_i2_sent()) << s.logs();
  const auto t = s.mark();
  s.b->close(s.a->hit());
  s.run_for(30ms);
  EXPECT_EQ(s.sent(*s.a, PacketType::close_ack, t), 1u);
  EXPECT_EQ(s.logged(*s.a, *s.b), State::closed);
  EXPECT_EQ(s.last_change(*s.a)->from, State::i2_sent);
  EXPECT_EQ(s.last_change(*s.a)->reason, Reason::close_received);
  EXPECT_EQ(s.a->sas().size(), 0u);
  s.run_for(30ms);
  EXPECT_EQ(s.logged(*s.b, *s.a), State::unassociated);
}

// ... if fail, stay at I2-SENT.
TEST(StateTable, I2Sent_ReceiveCloseWithBadMac_Drop_StayI2Sent) {
  Scenario s;
  ASSERT_TRUE(s.hold_a_in_i2_sent()) << s.logs();
  s.to_a.block(PacketType::close);
  s.b->close(s.a->hit());
  auto kept = s.to_a.kept_last(PacketType::close);
  ASSERT_TRUE(kept);
  auto bad = with_flipped_bit(*kept, wire::ParamType::hip_mac);
  ASSERT_TRUE(bad);
  const auto t = s.mark();
  s.deliver(*s.a, *bad);
  EXPECT_EQ(s.drops(*s.a, Drop::bad_mac), 1u);
  EXPECT_EQ(s.sent(*s.a, PacketType::close_ack, t), 0u);
  EXPECT_EQ(s.logged(*s.a, *s.b), State::i2_sent);
}

// Receive ANYOTHER: drop and stay at I2-SENT. An UPDATE ...
TEST(StateTable, I2Sent_ReceiveUpdate_Drop_StayI2Sent) {
  Scenario s;
  ASSERT_TRUE(s.hold_a_in_i2_sent()) << s.logs();
  s.deliver_crafted(PacketType::update, *s.b, *s.a);
  EXPECT_EQ(s.drops(*s.a, Drop::wrong_state), 1u);
  EXPECT_EQ(s.logged(*s.a, *s.b), State::i2_sent);
}

// ... a CLOSE_ACK (we sent no CLOSE) ...
TEST(StateTable, I2Sent_ReceiveCloseAck_Drop_StayI2Sent) {
  Scenario s;
  ASSERT_TRUE(s.hold_a_in_i2_sent()) << s.logs();
  s.deliver_crafted(PacketType::close_ack, *s.b, *s.a);
  EXPECT_EQ(s.drops(*s.a, Drop::wrong_state), 1u);
  EXPECT_EQ(s.logged(*s.a, *s.b), State::i2_sent);
}

// ... a NOTIFY: verified with the HOST_ID from the R1, logged, no change (§6.13).
TEST(StateTable, I2Sent_ReceiveNotify_LogOnly_StayI2Sent) {
  Scenario s;
  ASSERT_TRUE(s.hold_a_in_i2_sent()) << s.logs();
  s.deliver(*s.a, s.datagram(*s.b, *s.a,
                             craft_notify(s.key_of(*s.b), s.b->hit(), s.a->hit(),
                                          wire::notify::kInvalidSyntax, {})));
  ASSERT_EQ(s.a->log().notify_log().size(), 1u);
  EXPECT_TRUE(s.a->log().notify_log().back().notify.verified);
  EXPECT_EQ(s.logged(*s.a, *s.b), State::i2_sent);
}

// Timeout: if counter is less than I2_RETRIES_MAX, send I2 and stay at
// I2-SENT. The Responder, in R2-SENT, answers each with the same R2 (§6.9 step 4).
TEST(StateTable, I2Sent_Timeout_ResendI2_StayI2Sent) {
  Scenario s;
  ASSERT_TRUE(s.hold_a_in_i2_sent()) << s.logs();
  const auto t0 = s.tap.first(PacketType::i2, s.a->address())->at;
  s.run_for(10s);
  std::vector<base::Duration> at;
  for (const auto& p : s.tap.packets()) {
    if (p.type == PacketType::i2) at.push_back(p.at - t0);
  }
  EXPECT_EQ(at, (std::vector<base::Duration>{0s, 1s, 3s, 7s}));
  EXPECT_EQ(s.logged(*s.a, *s.b), State::i2_sent);
  std::vector<std::vector<std::uint8_t>> r2s;
  for (const auto& p : s.tap.packets()) {
    if (p.type == PacketType::r2) r2s.push_back(p.d.payload);
  }
  ASSERT_EQ(r2s.size(), 4u);
  for (const auto& r2 : r2s) EXPECT_EQ(r2, r2s.front());
}

// ... if counter is greater than I2_RETRIES_MAX, go to E-FAILED.
TEST(StateTable, I2Sent_TimeoutRetriesExhausted_GoEFailed) {
  Scenario s;
  ASSERT_TRUE(s.hold_a_in_i2_sent()) << s.logs();
  ASSERT_TRUE(s.run_until([&] { return s.logged(*s.a, *s.b) == State::e_failed; }, 60s));
  EXPECT_EQ(s.sent(*s.a, PacketType::i2), 6u);
  EXPECT_EQ(s.last_change(*s.a)->from, State::i2_sent);
  EXPECT_EQ(s.last_change(*s.a)->reason, Reason::retries_exhausted);
  EXPECT_EQ(s.a->sas().size(), 0u);  // the inbound SA of the failed exchange is gone
}

}  // namespace
}  // namespace hip::sim::test
