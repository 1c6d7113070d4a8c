// CLOSE / CLOSE_ACK and the CLOSING / CLOSED states of the seed design.
#include <gtest/gtest.h>

#include "engine/pair.h"

namespace hip::engine::test {
namespace {

using wire::PacketType;

void close_from(EnginePair& pair, Host& from, const Host& to) {
  Actions out;
  from.engine->close(to.hit, pair.now(), out);
  pair.run(from, out);
}

TEST(Close, CloseAckEndsBothSides) {
  EnginePair pair;
  pair.connect_a_to_b();
  // CLOSE -->  <-- CLOSE_ACK
  close_from(pair, pair.a(), pair.b());
  EXPECT_EQ(type_of(pair.a().sent.back()), PacketType::close);
  EXPECT_EQ(type_of(pair.b().sent.back()), PacketType::close_ack);
  EXPECT_FALSE(pair.a().state_with(pair.b().hit).has_value());
  EXPECT_EQ(pair.a().changes.back().reason, Reason::close_ack_received);
  EXPECT_EQ(pair.b().state_with(pair.a().hit), State::closed);
  EXPECT_EQ(pair.a().removed.size(), 2u);  // both SAs gone
  EXPECT_EQ(pair.b().removed.size(), 2u);
  // CLOSED lasts 2 x MSL.
  pair.advance(std::chrono::minutes(3));
  EXPECT_EQ(pair.b().state_with(pair.a().hit), State::closed);
  pair.advance(std::chrono::minutes(2));
  EXPECT_FALSE(pair.b().state_with(pair.a().hit).has_value());
}

TEST(Close, LostCloseAckIsSentAgainFromClosed) {
  EnginePair pair;
  pair.connect_a_to_b();
  int acks = 0;
  pair.filter = [&](const Host&, const std::vector<std::uint8_t>& p) {
    return type_of(p) != PacketType::close_ack || ++acks > 1;  // lose the first CLOSE_ACK
  };
  close_from(pair, pair.a(), pair.b());
  EXPECT_EQ(pair.a().state_with(pair.b().hit), State::closing);
  EXPECT_EQ(pair.b().state_with(pair.a().hit), State::closed);
  pair.advance(std::chrono::milliseconds(1100));  // CLOSE retransmitted, answered again
  EXPECT_EQ(acks, 2);
  EXPECT_FALSE(pair.a().state_with(pair.b().hit).has_value());
  EXPECT_EQ(pair.b().state_with(pair.a().hit), State::closed);
}

TEST(Close, CrossingClosesEndWithBothAcknowledged) {
  EnginePair pair;
  pair.connect_a_to_b();
  // Both send CLOSE before either arrives: hold A's until B has sent its own.
  bool hold = true;
  std::vector<std::vector<std::uint8_t>> held;
  pair.filter = [&](const Host& from, const std::vector<std::uint8_t>& p) {
    if (hold && &from == &pair.a() && type_of(p) == PacketType::close) {
      held.push_back(p);
      return false;
    }
    return true;
  };
  close_from(pair, pair.a(), pair.b());
  hold = false;
  close_from(pair, pair.b(), pair.a());  // A (CLOSING) gets B's CLOSE: CLOSE_ACK, CLOSED
  EXPECT_EQ(pair.a().state_with(pair.b().hit), State::closed);
  // B, back in... B got A's CLOSE_ACK for its own CLOSE: gone.
  EXPECT_FALSE(pair.b().state_with(pair.a().hit).has_value());
  // A's held CLOSE finally arrives at B, which has no association any more.
  Actions late;
  pair.b().engine->on_hip_packet(Received{held.front(), pair.b().to_peer}, pair.now(), late);
  pair.run(pair.b(), late);
  // B answered UNKNOWN ASSOCIATION; A, in CLOSED, reports but keeps its state.
  ASSERT_FALSE(pair.a().notifies.empty());
  EXPECT_EQ(pair.a().notifies.back().notify_type, kNotifyUnknownAssociation);
  EXPECT_TRUE(pair.a().notifies.back().verified);
  EXPECT_EQ(pair.a().state_with(pair.b().hit), State::closed);
}

TEST(Close, PeerWithoutStateAnswersNotifyAndClosingEnds) {
  EnginePair pair;
  pair.connect_a_to_b();
  pair.restart_b();  // B lost its state
  close_from(pair, pair.a(), pair.b());
  // CLOSE -->  <-- NOTIFY { NOTIFICATION(UNKNOWN ASSOCIATION, echo), HIP_SIGNATURE }
  EXPECT_EQ(type_of(pair.b().sent.back()), PacketType::notify);
  EXPECT_LE(pair.b().sent.back().size(), pair.a().sent.back().size());  // no amplification
  EXPECT_FALSE(pair.a().state_with(pair.b().hit).has_value());
  EXPECT_EQ(pair.a().changes.back().reason, Reason::peer_has_no_association);
}

TEST(Close, NotifyCanBeSwitchedOff) {
  Config config;
  config.policy.notify_unknown_association = false;
  EnginePair pair(config);
  pair.connect_a_to_b();
  pair.restart_b();
  close_from(pair, pair.a(), pair.b());
  EXPECT_TRUE(pair.b().sent.empty() || type_of(pair.b().sent.back()) != PacketType::notify);
  EXPECT_EQ(pair.a().state_with(pair.b().hit), State::closing);
}

TEST(Close, ClosingGivesUpAfterUalPlusMsl) {
  Config config;
  config.timers.ual = std::chrono::minutes(1);
  config.timers.msl = std::chrono::seconds(30);
  EnginePair pair(config);
  pair.connect_a_to_b();
  pair.filter = [](const Host&, const std::vector<std::uint8_t>&) { return false; };
  close_from(pair, pair.a(), pair.b());
  pair.advance(std::chrono::seconds(80));
  EXPECT_EQ(pair.a().state_with(pair.b().hit), State::closing);
  pair.advance(std::chrono::seconds(20));
  EXPECT_FALSE(pair.a().state_with(pair.b().hit).has_value());
  EXPECT_EQ(pair.a().changes.back().reason, Reason::closing_gave_up);
}

TEST(Close, IdleForUalStartsClosing) {
  Config config;
  config.timers.ual = std::chrono::minutes(2);
  EnginePair pair(config);
  pair.connect_a_to_b();
  pair.advance(std::chrono::seconds(119));
  EXPECT_EQ(pair.a().state_with(pair.b().hit), State::established);
  pair.advance(std::chrono::seconds(2));
  // A's UAL fires first (B entered ESTABLISHED 5 s later): CLOSE, CLOSE_ACK.
  EXPECT_FALSE(pair.a().state_with(pair.b().hit).has_value());
  EXPECT_EQ(pair.b().state_with(pair.a().hit), State::closed);
}

TEST(Close, DataToSendWhileClosingStartsANewExchange) {
  EnginePair pair;
  pair.connect_a_to_b();
  pair.filter = [](const Host&, const std::vector<std::uint8_t>& p) {
    return type_of(p) != PacketType::close;  // B never hears the CLOSE
  };
  close_from(pair, pair.a(), pair.b());
  EXPECT_EQ(pair.a().state_with(pair.b().hit), State::closing);
  pair.filter = nullptr;
  pair.connect_a_to_b();  // I1 -> I1-SENT, then the whole exchange again
  EXPECT_EQ(pair.a().state_with(pair.b().hit), State::established);
}

}  // namespace
}  // namespace hip::engine::test
