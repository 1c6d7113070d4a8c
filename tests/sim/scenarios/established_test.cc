// ESTABLISHED (RFC 7401 §4.4.3 Table 6; the seed's ESTABLISHED process).
#include <gtest/gtest.h>

#include "sim/scenarios/scenario.h"
#include "sim/scenarios/scripted_peer.h"
#include "wire/params/control.h"

namespace hip::sim::test {
namespace {

std::vector<std::uint32_t> spis(const HipHost& h) {
  std::vector<std::uint32_t> v;
  for (const auto& r : h.sas().all()) v.push_back(r.sa.spi);
  return v;
}

// Receive I1: send R1 and stay at ESTABLISHED (§6.7 step 2). The I1 comes
// from B after it lost its state; its I2 is held back.
TEST(StateTable, Established_ReceiveI1_SendR1_StayEstablished) {
  Scenario s;
  ASSERT_TRUE(s.establish()) << s.logs();
  const auto before = spis(*s.a);
  s.b->crash();
  s.b->restart();
  s.to_a.block(PacketType::i2);
  const auto t = s.mark();
  s.b->connect(s.a->hit());
  s.run_for(100ms);
  EXPECT_EQ(s.sent(*s.a, PacketType::r1, t), 1u);
  EXPECT_EQ(s.logged(*s.a, *s.b), State::established);
  EXPECT_EQ(s.changes_since(*s.a, t), 0u);
  EXPECT_EQ(spis(*s.a), before);  // "does not reset its state until ... a valid I2" (§4.5.4)
}

// Receive I2 (puzzle checked): if successful, send R2, drop the old
// association, establish a new one, and go to R2-SENT.
TEST(StateTable, Established_ReceiveI2_SendR2_ReplaceSas_GoR2Sent) {
  Scenario s;
  ASSERT_TRUE(s.establish()) << s.logs();
  const auto old = spis(*s.a);
  s.b->crash();
  s.b->restart();
  const auto t = s.mark();
  s.b->connect(s.a->hit());
  ASSERT_TRUE(s.run_until([&] { return s.logged(*s.a, *s.b) == State::r2_sent; }, 1s)) << s.logs();
  EXPECT_EQ(s.last_change(*s.a)->from, State::established);
  EXPECT_EQ(s.last_change(*s.a)->reason, Reason::i2_received);
  EXPECT_EQ(s.sent(*s.a, PacketType::r2, t), 1u);
  for (std::uint32_t spi : old) {
    for (const auto& r : s.a->sas().all()) EXPECT_NE(r.sa.spi, spi) << "old SA still installed";
  }
  EXPECT_EQ(s.a->sas().size(), 2u);
  ASSERT_TRUE(s.run_until([&] { return s.logged(*s.b, *s.a) == State::established; }, 1s));
  EXPECT_EQ(s.sa_problems(), "");
}

// ... if fail, stay at ESTABLISHED (and keep the old SAs).
TEST(StateTable, Established_ReceiveI2WithBadSignature_Drop_StayEstablished) {
  Scenario s;
  ASSERT_TRUE(s.establish()) << s.logs();
  const auto before = spis(*s.a);
  s.b->crash();
  s.b->restart();
  s.to_a.block(PacketType::i2);
  s.to_a.keep_copies(true);
  s.b->connect(s.a->hit());
  s.run_for(100ms);
  auto bad = with_flipped_bit(*s.to_a.kept_last(PacketType::i2), wire::ParamType::hip_signature);
  ASSERT_TRUE(bad);
  const auto t = s.mark();
  s.deliver(*s.a, *bad);
  EXPECT_EQ(s.drops(*s.a, Drop::bad_signature), 1u);
  EXPECT_EQ(s.logged(*s.a, *s.b), State::established);
  EXPECT_EQ(s.changes_since(*s.a, t), 0u);
  EXPECT_EQ(spis(*s.a), before);
  EXPECT_EQ(s.sent(*s.a, PacketType::r2, t), 0u);
}

// ... and a stale I2 is dropped ("possible Opaque data verification"): a late
// copy of the I2 the peer sent in a simultaneous open that our own exchange
// won by the HIT comparison (§6.9 step 5). It answers an R1 we sent before
// our exchange completed; the R1's PUZZLE Opaque, echoed in the I2's
// SOLUTION, tells when. Before the fix the smaller host took it as a new
// exchange and rekeyed alone: both sides ESTABLISHED, each sending to an SPI
// the other no longer had, for good (found by the property tests).
TEST(StateTable, Established_ReceiveLateI2OfLostCrossingExchange_Drop_StayEstablished) {
  Scenario s;
  Datagram from_a, from_b;
  ASSERT_TRUE(s.hold_both_in_i2_sent(from_a, from_b)) << s.logs();
  HipHost& high = s.greater();
  HipHost& low = s.smaller();
  s.to_a.clear();
  s.to_b.clear();
  s.deliver(high, &low == s.a ? from_a : from_b);  // the greater HIT takes the smaller's exchange
  ASSERT_TRUE(s.run_until([&] {
    return s.logged(low, high) == State::established && s.sa_problems().empty();
  }, 10s)) << s.logs() << s.sa_problems();
  const auto before = spis(low);
  const auto t = s.mark();
  s.deliver(low, &high == s.a ? from_a : from_b);  // the greater's own I2, late
  EXPECT_EQ(s.drops(low, Drop::simultaneous_lost), 1u);
  EXPECT_EQ(s.sent(low, PacketType::r2, t), 0u);
  EXPECT_EQ(s.changes_since(low, t), 0u);
  EXPECT_EQ(spis(low), before);
  s.run_for(6s);
  high.send_data(low.hit());
  low.send_data(high.hit());
  s.run_for(1s);
  EXPECT_EQ(s.sa_problems(), "") << s.logs();
}

// ... while a peer that lost its state and starts over (its I1 reached us
// after our exchange completed) is accepted: Established_ReceiveI2_... above.

// Data from the peer for an SPI we do not know while ESTABLISHED: the two
// sides hold different SAs (RFC silent; §4.5.4 covers only a host that lost
// its state). Once our keys are older than EC, hipstack sends I1 and stays
// ESTABLISHED, keeping its SAs until the R1, as CLOSED does; the new exchange
// brings both sides together again. Found by the property tests (two hosts,
// seed 3840), whose story this scenario replays: A (smaller HIT) initiates
// and closes before its I2 arrives; B, which had no association yet, answers
// the CLOSE with NOTIFY and A forgets the exchange. B's own exchange then
// reaches A (UNASSOCIATED: accepted), and A's stale I2 reaches B in I2-SENT
// (greater HIT: accepted too). Each took the other's exchange; both went
// ESTABLISHED, each sending to an SPI the other did not have, for good.
TEST(StateTable, Established_ReceiveDataForUnknownSpiFromPeer_SendI1_StayEstablishedUntilR1) {
  Scenario s;
  HipHost& low = s.smaller();
  HipHost& high = s.greater();
  Blocker& to_high = s.blocker_to(high);
  to_high.block(PacketType::i2);  // the smaller's I2s are held back and kept
  to_high.keep_copies(true);
  s.a->connect(s.b->hit());
  s.b->connect(s.a->hit());  // crossing I1s: only the greater answers
  ASSERT_TRUE(s.run_until([&] { return s.logged(low, high) == State::i2_sent; }, 1s)) << s.logs();
  low.close(high.hit());  // CLOSE -> high (I1-SENT, no keys) -> NOTIFY -> low forgets
  ASSERT_TRUE(s.run_until([&] { return !s.state(low, high).has_value(); }, 1s)) << s.logs();
  const Datagram stale_i2 = *to_high.kept_last(PacketType::i2);
  to_high.clear();
  to_high.block(PacketType::r2);  // low's R2 for high's exchange stays away
  // high's I1 retransmission gets an R1 from low; its I2 makes low R2-SENT.
  ASSERT_TRUE(s.run_until([&] { return s.logged(low, high) == State::r2_sent; }, 5s)) << s.logs();
  ASSERT_EQ(s.logged(high, low), State::i2_sent);
  s.deliver(high, stale_i2);  // high, greater, takes low's old exchange
  ASSERT_EQ(s.logged(high, low), State::r2_sent) << s.logs();
  to_high.clear();
  ASSERT_TRUE(s.run_until([&] {
    return s.logged(high, low) == State::established && s.logged(low, high) == State::established;
  }, 10s)) << s.logs();
  ASSERT_NE(s.sa_problems(), "") << "the scenario should have made the two sides diverge";

  // The application keeps sending both ways; the unknown SPIs repair it.
  for (int i = 0; i < 20; ++i) {
    s.sim.after(std::chrono::milliseconds(500 * i), [&] {
      low.send_data(high.hit());
      high.send_data(low.hit());
    });
  }
  const auto t = s.mark();
  ASSERT_TRUE(s.run_until([&] { return s.sa_problems().empty(); }, 10s)) << s.logs();
  EXPECT_GE(s.sent(low, PacketType::i1, t) + s.sent(high, PacketType::i1, t), 1u);
  const auto delivered_low = low.delivered_from(high.hit());
  const auto delivered_high = high.delivered_from(low.hit());
  s.run_for(2s);
  EXPECT_GT(low.delivered_from(high.hit()), delivered_low);
  EXPECT_GT(high.delivered_from(low.hit()), delivered_high);
}

// Receive R1: drop and stay at ESTABLISHED.
TEST(StateTable, Established_ReceiveR1_Drop_StayEstablished) {
  Scenario s;
  ASSERT_TRUE(s.establish()) << s.logs();
  s.deliver_i1(*s.a, *s.b);  // B answers "A" with a real R1
  s.run_for(30ms);
  EXPECT_EQ(s.drops(*s.a, Drop::wrong_state), 1u);
  EXPECT_EQ(s.logged(*s.a, *s.b), State::established);
}

// Receive R2: drop and stay at ESTABLISHED (the real R2, replayed).
TEST(StateTable, Established_ReceiveR2_Drop_StayEstablished) {
  Scenario s;
  ASSERT_TRUE(s.establish()) << s.logs();
  const auto before = spis(*s.a);
  s.deliver(*s.a, s.tap.last(PacketType::r2, s.b->address())->d);
  EXPECT_EQ(s.drops(*s.a, Drop::wrong_state), 1u);
  EXPECT_EQ(s.logged(*s.a, *s.b), State::established);
  EXPECT_EQ(spis(*s.a), before);
}

// Receive user data for the association: process and stay at ESTABLISHED.
TEST(StateTable, Established_ReceiveData_Process_StayEstablished) {
  Scenario s;
  ASSERT_TRUE(s.establish()) << s.logs();
  s.run_for(5s);
  const auto t = s.mark();
  s.a->send_data(s.b->hit());
  s.run_for(30ms);
  EXPECT_EQ(s.b->delivered_from(s.a->hit()), 2u);
  EXPECT_GE(s.b->association(s.a->hit())->last_activity, t.at);  // keeps UAL away
  EXPECT_EQ(s.changes_since(*s.b, t), 0u);
}

// No packet sent/received during UAL: send CLOSE and go to CLOSING.
TEST(StateTable, Established_UalExpires_SendClose_GoClosing) {
  Scenario s;
  ASSERT_TRUE(s.establish()) << s.logs();
  const auto idle_since = s.a->association(s.b->hit())->last_activity;
  const auto ual = engine::Timers{}.ual;
  ASSERT_TRUE(s.run_until([&] { return s.logged(*s.a, *s.b) == State::closing ||
                                       s.logged(*s.a, *s.b) == State::unassociated; },
                          ual + 1min));
  const auto closing_at = *s.a->log().first_entered(State::closing);
  EXPECT_EQ(closing_at, idle_since + ual);
  EXPECT_EQ(s.a->log().state_changes()[s.a->log().state_changes().size() - 1].change.reason,
            Reason::ual_expired);
  EXPECT_EQ(s.sent(*s.a, PacketType::close, closing_at), 1u);
}

// ... also when ESTABLISHED was entered on data in R2-SENT (§4.4.3 Table 5),
// and the peer then vanished for good: the association must not outlive UAL.
// Before the fix, that path armed no UAL timer: B kept the association and
// its SAs forever (found by the property tests' leak check).
TEST(StateTable, Established_EnteredOnData_UalExpires_SendClose_GoClosing) {
  Scenario s;
  ASSERT_TRUE(s.establish()) << s.logs();
  ASSERT_EQ(s.b->log().state_changes().back().change.reason, Reason::data_received);
  const auto idle_since = s.b->association(s.a->hit())->last_activity;
  s.a->crash();  // and never comes back
  const engine::Timers timers;
  ASSERT_TRUE(s.run_until([&] { return s.logged(*s.b, *s.a) == State::closing; }, timers.ual + 1min))
      << s.logs();
  EXPECT_EQ(*s.b->log().first_entered(State::closing), idle_since + timers.ual);
  EXPECT_EQ(s.last_change(*s.b)->reason, Reason::ual_expired);
  ASSERT_TRUE(s.run_until([&] { return !s.state(*s.b, *s.a).has_value(); }, timers.ual + timers.msl + 1min));
  EXPECT_EQ(s.b->sas().size(), 0u);
}

// ... traffic before UAL runs out keeps the association open.
TEST(StateTable, Established_TrafficDefersUal_StayEstablished) {
  Scenario s;
  ASSERT_TRUE(s.establish()) << s.logs();
  const auto ual = engine::Timers{}.ual;
  s.run_for(ual - 1min);
  s.a->send_data(s.b->hit());
  s.run_for(2min);
  EXPECT_EQ(s.logged(*s.a, *s.b), State::established);
  EXPECT_EQ(s.logged(*s.b, *s.a), State::established);
  EXPECT_EQ(s.sent(*s.a, PacketType::close) + s.sent(*s.b, PacketType::close), 0u);
}

// An authenticated UPDATE from a scripted peer whose exchange B completed.
struct ScriptedSession {
  Scenario s;
  ScriptedPeer* peer = nullptr;
  Blocker to_b;

  bool setup() {
    peer = &s.sim.add_node<ScriptedPeer>("S", ip("2001:db8::5"));
    s.sim.network().connect(peer->address(), s.b->address(), {.delay = 20ms});
    to_b.attach(s.sim.network().link(peer->address(), s.b->address()));
    peer->start_base_exchange(s.b->hit(), s.b->address());
    s.run_for(6s);  // EC: B goes ESTABLISHED on its own
    return peer->got_r2() && s.b->log().current_state(peer->hit()) == State::established;
  }
};

// Receive UPDATE: process (acknowledge the SEQ, §6.12.1) and stay at ESTABLISHED.
TEST(StateTable, Established_ReceiveUpdate_SendAck_StayEstablished) {
  ScriptedSession x;
  ASSERT_TRUE(x.setup()) << x.s.logs();
  const auto t = x.s.mark();
  ASSERT_TRUE(x.peer->send_update(1));
  x.s.run_for(50ms);
  EXPECT_EQ(x.peer->received_count(PacketType::update), 1u);
  EXPECT_EQ(x.s.b->log().current_state(x.peer->hit()), State::established);
  EXPECT_EQ(x.s.changes_since(*x.s.b, t), 0u);
}

// ... an UPDATE whose HIP_MAC fails is dropped (§6.12.1 step 3), no ACK.
TEST(StateTable, Established_ReceiveUpdateWithBadMac_Drop_StayEstablished) {
  ScriptedSession x;
  ASSERT_TRUE(x.setup()) << x.s.logs();
  x.to_b.block(PacketType::update);
  x.to_b.keep_copies(true);
  ASSERT_TRUE(x.peer->send_update(1));
  auto bad = with_flipped_bit(*x.to_b.kept_last(PacketType::update), wire::ParamType::hip_mac);
  ASSERT_TRUE(bad);
  x.s.deliver(*x.s.b, *bad);
  x.s.run_for(50ms);
  EXPECT_EQ(x.s.drops(*x.s.b, Drop::bad_mac), 1u);
  EXPECT_EQ(x.peer->received_count(PacketType::update), 0u);
}

// Receive CLOSE, process: if successful, send CLOSE_ACK and go to CLOSED
// (the seed: CLOSED instead of UNASSOCIATED), SAs removed.
TEST(StateTable, Established_ReceiveClose_SendCloseAck_GoClosed) {
  Scenario s;
  ASSERT_TRUE(s.establish()) << s.logs();
  const auto t = s.mark();
  s.a->close(s.b->hit());
  s.run_for(30ms);
  EXPECT_EQ(s.sent(*s.b, PacketType::close_ack, t), 1u);
  EXPECT_EQ(s.logged(*s.b, *s.a), State::closed);
  EXPECT_EQ(s.last_change(*s.b)->from, State::established);
  EXPECT_EQ(s.last_change(*s.b)->reason, Reason::close_received);
  EXPECT_EQ(s.b->sas().size(), 0u);
}

// ... if failed, stay at ESTABLISHED.
TEST(StateTable, Established_ReceiveCloseWithBadMac_Drop_StayEstablished) {
  Scenario s;
  ASSERT_TRUE(s.establish()) << s.logs();
  s.to_b.block(PacketType::close);
  s.to_b.keep_copies(true);
  s.a->close(s.b->hit());
  auto bad = with_flipped_bit(*s.to_b.kept_last(PacketType::close), wire::ParamType::hip_mac);
  ASSERT_TRUE(bad);
  const auto t = s.mark();
  s.deliver(*s.b, *bad);
  EXPECT_EQ(s.drops(*s.b, Drop::bad_mac), 1u);
  EXPECT_EQ(s.sent(*s.b, PacketType::close_ack, t), 0u);
  EXPECT_EQ(s.logged(*s.b, *s.a), State::established);
  EXPECT_EQ(s.b->sas().size(), 2u);
}

// Receive CLOSE_ACK: drop and stay at ESTABLISHED.
TEST(StateTable, Established_ReceiveCloseAck_Drop_StayEstablished) {
  Scenario s;
  ASSERT_TRUE(s.establish()) << s.logs();
  s.deliver_crafted(PacketType::close_ack, *s.b, *s.a);
  EXPECT_EQ(s.drops(*s.a, Drop::wrong_state), 1u);
  EXPECT_EQ(s.logged(*s.a, *s.b), State::established);
}

// Receive NOTIFY: process (log) and stay at ESTABLISHED (§6.13) ...
TEST(StateTable, Established_ReceiveNotify_LogOnly_StayEstablished) {
  Scenario s;
  ASSERT_TRUE(s.establish()) << s.logs();
  s.deliver(*s.a, s.datagram(*s.b, *s.a,
                             craft_notify(s.key_of(*s.b), s.b->hit(), s.a->hit(),
                                          wire::notify::kInvalidSyntax, {})));
  ASSERT_EQ(s.a->log().notify_log().size(), 1u);
  EXPECT_TRUE(s.a->log().notify_log().back().notify.verified);
  EXPECT_EQ(s.logged(*s.a, *s.b), State::established);
}

// ... even a signed UNKNOWN ASSOCIATION: only a CLOSING host acts on it.
TEST(StateTable, Established_ReceiveNotifyUnknownAssociation_LogOnly_StayEstablished) {
  Scenario s;
  ASSERT_TRUE(s.establish()) << s.logs();
  const std::array<std::uint8_t, 16> nonce{};
  s.deliver(*s.a, s.datagram(*s.b, *s.a,
                             craft_notify(s.key_of(*s.b), s.b->hit(), s.a->hit(),
                                          engine::kNotifyUnknownAssociation, nonce)));
  EXPECT_TRUE(s.a->log().notify_log().back().notify.verified);
  EXPECT_EQ(s.logged(*s.a, *s.b), State::established);
  EXPECT_EQ(s.a->sas().size(), 2u);
}

// Administrative close (`hipctl close`, §6.14 / the seed's 8.16): remove the
// SAs, send CLOSE and go to CLOSING.
TEST(StateTable, Established_AdminClose_SendClose_GoClosing) {
  Scenario s;
  ASSERT_TRUE(s.establish()) << s.logs();
  s.to_b.block(PacketType::close);
  const auto t = s.mark();
  s.a->close(s.b->hit());
  EXPECT_EQ(s.sent(*s.a, PacketType::close, t), 1u);
  EXPECT_EQ(s.logged(*s.a, *s.b), State::closing);
  EXPECT_EQ(s.last_change(*s.a)->reason, Reason::close_requested);
  EXPECT_EQ(s.a->sas().size(), 0u);  // "no data can be sent" (§4.4.2)
}

}  // namespace
}  // namespace hip::sim::test
