// CLOSING (RFC 7401 §4.4.3 Table 7; the seed's CLOSING process): we sent
// CLOSE and wait for CLOSE_ACK. The scenarios hold A here by blocking its
// CLOSEs (B stays ESTABLISHED) or B's CLOSE_ACKs (B goes CLOSED).
#include <gtest/gtest.h>

#include "sim/scenarios/scenario.h"
#include "sim/seeded_key.h"
#include "wire/params/control.h"

namespace hip::sim::test {
namespace {

// User data to send, requires another incarnation: send I1 and go to
// I1-SENT (the seed: "creation of another HIP association").
TEST(StateTable, Closing_DataToSend_SendI1_GoI1Sent) {
  Scenario s;
  ASSERT_TRUE(s.hold_a_closing_b_established()) << s.logs();
  const auto t = s.mark();
  s.a->send_data(s.b->hit());
  EXPECT_EQ(s.sent(*s.a, PacketType::i1, t), 1u);
  EXPECT_EQ(s.logged(*s.a, *s.b), State::i1_sent);
  EXPECT_EQ(s.last_change(*s.a)->from, State::closing);
  EXPECT_EQ(s.last_change(*s.a)->reason, Reason::connect_requested);
  // The new incarnation replaces B's old association too, and data flows.
  ASSERT_TRUE(s.run_until([&] { return s.b->delivered_from(s.a->hit()) == 2; }, 5s)) << s.logs();
  EXPECT_EQ(s.sa_problems(), "");
}

// Receive I1: send R1 and stay at CLOSING.
TEST(StateTable, Closing_ReceiveI1_SendR1_StayClosing) {
  Scenario s;
  ASSERT_TRUE(s.hold_a_closing_b_established()) << s.logs();
  const auto t = s.mark();
  s.deliver_i1(*s.b, *s.a);
  EXPECT_EQ(s.sent(*s.a, PacketType::r1, t), 1u);
  EXPECT_EQ(s.logged(*s.a, *s.b), State::closing);
}

// Receive I2, process: if successful, send R2 and go to R2-SENT (B lost its
// state and starts over while A is closing).
TEST(StateTable, Closing_ReceiveI2_SendR2_GoR2Sent) {
  Scenario s;
  ASSERT_TRUE(s.hold_a_closing_b_established()) << s.logs();
  s.b->crash();
  s.b->restart();
  const auto t = s.mark();
  s.b->connect(s.a->hit());
  ASSERT_TRUE(s.run_until([&] { return s.logged(*s.a, *s.b) == State::r2_sent; }, 1s)) << s.logs();
  EXPECT_EQ(s.last_change(*s.a)->from, State::closing);
  EXPECT_EQ(s.sent(*s.a, PacketType::r2, t), 1u);
  ASSERT_TRUE(s.run_until([&] { return s.logged(*s.b, *s.a) == State::established; }, 1s));
  EXPECT_EQ(s.sa_problems(), "");
  // The closing is over: no CLOSE is retransmitted any more.
  const auto closes = s.sent(*s.a, PacketType::close);
  s.run_for(20s);
  EXPECT_EQ(s.sent(*s.a, PacketType::close), closes);
}

// ... if fail, stay at CLOSING.
TEST(StateTable, Closing_ReceiveI2WithBadMac_Drop_StayClosing) {
  Scenario s;
  ASSERT_TRUE(s.hold_a_closing_b_established()) << s.logs();
  s.b->crash();
  s.b->restart();
  s.to_a.block(PacketType::i2);
  s.to_a.keep_copies(true);
  s.b->connect(s.a->hit());
  ASSERT_TRUE(s.run_until([&] { return s.to_a.kept_last(PacketType::i2).has_value(); }, 1s));
  auto bad = with_flipped_bit(*s.to_a.kept_last(PacketType::i2), wire::ParamType::hip_mac);
  ASSERT_TRUE(bad);
  const auto t = s.mark();
  s.deliver(*s.a, *bad);
  EXPECT_EQ(s.drops(*s.a, Drop::bad_mac), 1u);
  EXPECT_EQ(s.sent(*s.a, PacketType::r2, t), 0u);
  EXPECT_EQ(s.logged(*s.a, *s.b), State::closing);
}

// Receive R1, process: A sent no I1 (data to send moves it to I1-SENT
// first), so the R1 answers nothing of ours: §6.8 "SHOULD silently drop".
TEST(StateTable, Closing_ReceiveUnsolicitedR1_Drop_StayClosing) {
  Scenario s;
  ASSERT_TRUE(s.hold_a_closing_b_established()) << s.logs();
  s.deliver_i1(*s.a, *s.b);  // B answers "A" with a real R1
  s.run_for(30ms);
  EXPECT_EQ(s.drops(*s.a, Drop::wrong_state), 1u);
  EXPECT_EQ(s.logged(*s.a, *s.b), State::closing);
}

// Receive CLOSE, process: if successful, send CLOSE_ACK, discard state and go
// to CLOSED (crossing CLOSEs).
TEST(StateTable, Closing_ReceiveClose_SendCloseAck_GoClosed) {
  Scenario s;
  ASSERT_TRUE(s.hold_a_closing_b_established()) << s.logs();
  const auto t = s.mark();
  s.b->close(s.a->hit());
  s.run_for(30ms);
  EXPECT_EQ(s.sent(*s.a, PacketType::close_ack, t), 1u);
  EXPECT_EQ(s.logged(*s.a, *s.b), State::closed);
  EXPECT_EQ(s.last_change(*s.a)->from, State::closing);
  EXPECT_EQ(s.last_change(*s.a)->reason, Reason::close_received);
  s.run_for(30ms);
  EXPECT_FALSE(s.state(*s.b, *s.a).has_value());  // B got the CLOSE_ACK to its CLOSE
}

// Receive CLOSE_ACK, process: if successful, discard state and go to UNASSOCIATED.
TEST(StateTable, Closing_ReceiveCloseAck_GoUnassociated) {
  Scenario s;
  ASSERT_TRUE(s.hold_a_closing_b_established()) << s.logs();
  s.to_b.clear();  // the next CLOSE (retransmitted after 1 s) gets through
  ASSERT_TRUE(s.run_until([&] { return !s.state(*s.a, *s.b).has_value(); }, 2s)) << s.logs();
  EXPECT_EQ(s.logged(*s.a, *s.b), State::unassociated);
  EXPECT_EQ(s.last_change(*s.a)->from, State::closing);
  EXPECT_EQ(s.last_change(*s.a)->reason, Reason::close_ack_received);
  EXPECT_EQ(s.a->sas().size(), 0u);
}

// ... if failed, stay at CLOSING: an echo that is not our CLOSE's nonce ...
TEST(StateTable, Closing_ReceiveCloseAckWithWrongEcho_Drop_StayClosing) {
  Scenario s;
  ASSERT_TRUE(s.hold_a_closing_b_established()) << s.logs();
  s.deliver_crafted(PacketType::close_ack, *s.b, *s.a);
  EXPECT_EQ(s.drops(*s.a, Drop::echo_mismatch), 1u);
  EXPECT_EQ(s.logged(*s.a, *s.b), State::closing);
}

// ... or B's real CLOSE_ACK with a bad HIP_MAC.
TEST(StateTable, Closing_ReceiveCloseAckWithBadMac_Drop_StayClosing) {
  Scenario s;
  ASSERT_TRUE(s.hold_a_closing_b_closed()) << s.logs();
  auto bad = with_flipped_bit(*s.to_a.kept_last(PacketType::close_ack), wire::ParamType::hip_mac);
  ASSERT_TRUE(bad);
  s.deliver(*s.a, *bad);
  EXPECT_EQ(s.drops(*s.a, Drop::bad_mac), 1u);
  EXPECT_EQ(s.logged(*s.a, *s.b), State::closing);
}

// Receive ANYOTHER: drop and stay at CLOSING. An R2 ...
TEST(StateTable, Closing_ReceiveR2_Drop_StayClosing) {
  Scenario s;
  ASSERT_TRUE(s.hold_a_closing_b_established()) << s.logs();
  s.deliver(*s.a, s.tap.last(PacketType::r2, s.b->address())->d);
  EXPECT_EQ(s.drops(*s.a, Drop::wrong_state), 1u);
  EXPECT_EQ(s.logged(*s.a, *s.b), State::closing);
}

// ... an UPDATE ...
TEST(StateTable, Closing_ReceiveUpdate_Drop_StayClosing) {
  Scenario s;
  ASSERT_TRUE(s.hold_a_closing_b_established()) << s.logs();
  s.deliver_crafted(PacketType::update, *s.b, *s.a);
  EXPECT_EQ(s.drops(*s.a, Drop::wrong_state), 1u);
  EXPECT_EQ(s.logged(*s.a, *s.b), State::closing);
}

// ... a NOTIFY of another type (logged only).
TEST(StateTable, Closing_ReceiveNotify_LogOnly_StayClosing) {
  Scenario s;
  ASSERT_TRUE(s.hold_a_closing_b_established()) << s.logs();
  s.deliver(*s.a, s.datagram(*s.b, *s.a,
                             craft_notify(s.key_of(*s.b), s.b->hit(), s.a->hit(),
                                          wire::notify::kInvalidSyntax, {})));
  EXPECT_TRUE(s.a->log().notify_log().back().notify.verified);
  EXPECT_EQ(s.logged(*s.a, *s.b), State::closing);
}

// Timeout: increment timeout sum and reset timer; if the sum is less than
// UAL+MSL, retransmit CLOSE and stay at CLOSING; if greater, go to
// UNASSOCIATED. The timer backs off 1, 2, 4, 8, 8, ... s (config.h).
TEST(StateTable, Closing_Timeout_RetransmitCloseUntilUalPlusMsl) {
  Scenario s;
  ASSERT_TRUE(s.hold_a_closing_b_established()) << s.logs();
  // B's own UAL runs out first (B never hears A's CLOSE); its CLOSE would
  // move A to CLOSED, so hold that back too.
  s.to_a.block(PacketType::close);
  const auto t0 = s.tap.first(PacketType::close, s.a->address())->at;
  const engine::Timers timers;
  // The schedule, from the table's rule: (time of each timeout, retransmit?)
  std::vector<base::Duration> expected_close_times{0s};
  base::Duration sum{}, timeout = timers.close_timeout;
  for (;;) {
    sum += timeout;
    if (sum >= timers.ual + timers.msl) break;
    expected_close_times.push_back(sum);
    timeout = std::min(timeout * 2, timers.backoff_cap);
  }
  ASSERT_TRUE(s.run_until([&] { return !s.state(*s.a, *s.b).has_value(); },
                          timers.ual + timers.msl + 1min)) << s.logs();
  EXPECT_EQ(*s.a->log().last_entered(State::unassociated), t0 + sum);
  EXPECT_EQ(s.last_change(*s.a)->reason, Reason::closing_gave_up);
  std::vector<base::Duration> close_times;
  for (const auto& p : s.tap.packets()) {
    if (p.type == PacketType::close && p.d.src == s.a->address()) {
      close_times.push_back(p.at - t0);
      EXPECT_EQ(p.d.payload, s.tap.first(PacketType::close, s.a->address())->d.payload);
    }
  }
  EXPECT_EQ(close_times, expected_close_times);
}

// The seed / hipstack: a NOTIFY UNKNOWN ASSOCIATION signed by the peer and
// echoing our CLOSE's nonce ends CLOSING at once (the peer lost its state;
// waiting for UAL+MSL would only bring the same answer).
TEST(StateTable, Closing_ReceiveNotifyUnknownAssociation_GoUnassociated) {
  Scenario s;
  ASSERT_TRUE(s.hold_a_closing_b_established()) << s.logs();
  s.b->crash();
  s.b->restart();
  s.to_b.clear();
  ASSERT_TRUE(s.run_until([&] { return !s.state(*s.a, *s.b).has_value(); }, 2s)) << s.logs();
  EXPECT_EQ(s.last_change(*s.a)->from, State::closing);
  EXPECT_EQ(s.last_change(*s.a)->reason, Reason::peer_has_no_association);
  EXPECT_EQ(s.a->log().notifies(engine::kNotifyUnknownAssociation), 1u);
}

// ... but not when it echoes another nonce (a replayed answer) ...
TEST(StateTable, Closing_ReceiveNotifyUnknownAssociationWithWrongNonce_LogOnly_StayClosing) {
  Scenario s;
  ASSERT_TRUE(s.hold_a_closing_b_established()) << s.logs();
  const std::array<std::uint8_t, 16> wrong{};
  s.deliver(*s.a, s.datagram(*s.b, *s.a,
                             craft_notify(s.key_of(*s.b), s.b->hit(), s.a->hit(),
                                          engine::kNotifyUnknownAssociation, wrong)));
  EXPECT_TRUE(s.a->log().notify_log().back().notify.verified);
  EXPECT_EQ(s.logged(*s.a, *s.b), State::closing);
}

// ... nor when someone else signed it, even with the right nonce.
TEST(StateTable, Closing_ReceiveNotifyUnknownAssociationNotSignedByPeer_LogOnly_StayClosing) {
  Scenario s;
  ASSERT_TRUE(s.hold_a_closing_b_established()) << s.logs();
  const auto nonce = close_nonce(*s.to_b.kept_last(PacketType::close));
  crypto::SeededRng rng(77);
  auto stranger = derive_private_key(crypto::KeyKind::ecdsa_p256, rng);
  ASSERT_TRUE(stranger);
  s.deliver(*s.a, s.datagram(*s.b, *s.a,
                             craft_notify(*stranger, s.b->hit(), s.a->hit(),
                                          engine::kNotifyUnknownAssociation, nonce)));
  EXPECT_FALSE(s.a->log().notify_log().back().notify.verified);
  EXPECT_EQ(s.logged(*s.a, *s.b), State::closing);
}

}  // namespace
}  // namespace hip::sim::test
