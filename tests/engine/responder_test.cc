// The Responder's stateless side (RFC 7401 §4.1.1, §4.1.2, App. A): R1
// generations with R1_COUNTER, harder puzzles under load, and which
// generations an I2 may answer.
#include <gtest/gtest.h>

#include "engine/pair.h"
#include "wire/checksum.h"
#include "wire/params/handshake.h"

namespace hip::engine::test {
namespace {

using wire::PacketType;

struct R1Info {
  std::uint64_t counter;
  std::uint8_t k;
};

R1Info r1_info(const std::vector<std::uint8_t>& r1) {
  auto p = wire::parse_packet(r1);
  EXPECT_TRUE(p);
  auto counter = p->get<wire::R1Counter>();
  auto puzzle = p->get<wire::Puzzle>();
  EXPECT_TRUE(counter && puzzle);
  return {counter ? counter->counter : 0, puzzle ? puzzle->k : std::uint8_t{0}};
}

// I1s from A to B, B's R1s captured and not delivered.
std::vector<std::vector<std::uint8_t>> r1s_for_i1s(EnginePair& pair, int count) {
  std::vector<std::uint8_t> i1;
  pair.filter = [&](const Host&, const std::vector<std::uint8_t>& p) {
    if (type_of(p) == PacketType::i1) i1 = p;
    return false;
  };
  pair.connect_a_to_b();
  std::vector<std::vector<std::uint8_t>> r1s;
  for (int n = 0; n < count; ++n) {
    Actions out;
    pair.b().engine->on_hip_packet(Received{i1, pair.b().to_peer}, pair.now(), out);
    for (auto& action : out) r1s.push_back(std::get<Transmit>(action).packet);
  }
  pair.filter = nullptr;
  return r1s;
}

TEST(Responder, PuzzleGetsHarderUnderLoad) {
  Config config;
  config.policy.i1_load_threshold = 5;
  config.policy.puzzle_k_under_load = 4;
  EnginePair pair(config);
  auto r1s = r1s_for_i1s(pair, 8);
  ASSERT_EQ(r1s.size(), 8u);
  EXPECT_EQ(r1_info(r1s[0]).k, 0);
  EXPECT_EQ(r1_info(r1s[3]).k, 0);
  // The 5th I1 in one second crosses the threshold: new generation, K = 4.
  EXPECT_EQ(r1_info(r1s[5]).k, 4);
  EXPECT_EQ(r1_info(r1s[5]).counter, r1_info(r1s[0]).counter + 1);
  EXPECT_EQ(pair.b().engine->counters().r1_sent, 8u);
  EXPECT_TRUE(pair.b().engine->snapshot().empty());  // still no state
}

TEST(Responder, GenerationsRotateAndOnlyTheLastTwoAreAccepted) {
  Config config;
  config.timers.r1_rotation = std::chrono::minutes(1);
  EnginePair pair(config);
  // Hold A's I2 while B rotates twice: the I2 answers a generation that is
  // two rotations old and must be refused.
  std::vector<std::uint8_t> i2;
  pair.filter = [&](const Host&, const std::vector<std::uint8_t>& p) {
    if (type_of(p) != PacketType::i2) return true;
    if (i2.empty()) i2 = p;
    return false;
  };
  pair.connect_a_to_b();
  ASSERT_FALSE(i2.empty());
  pair.advance(std::chrono::seconds(61));
  {
    Actions out;  // one rotation: the previous generation is still good
    pair.b().engine->on_hip_packet(Received{i2, pair.b().to_peer}, pair.now(), out);
    EXPECT_EQ(pair.b().engine->counters().drops(Drop::bad_puzzle), 0u);
    EXPECT_EQ(pair.b().state_with(pair.a().hit), State::r2_sent);
  }
  EnginePair fresh(config, 5);
  std::vector<std::uint8_t> old_i2;
  fresh.filter = [&](const Host&, const std::vector<std::uint8_t>& p) {
    if (type_of(p) != PacketType::i2) return true;
    if (old_i2.empty()) old_i2 = p;
    return false;
  };
  fresh.connect_a_to_b();
  fresh.advance(std::chrono::seconds(121));  // two rotations
  Actions out;
  fresh.b().engine->on_hip_packet(Received{old_i2, fresh.b().to_peer}, fresh.now(), out);
  EXPECT_EQ(fresh.b().engine->counters().drops(Drop::bad_puzzle), 1u);
  EXPECT_TRUE(fresh.b().engine->snapshot().empty());
}

TEST(Responder, AnI2ForSomeoneElsesPuzzleIsRefused) {
  // The same I2 sent from another address: #I depends on the addresses (App. A).
  EnginePair pair;
  std::vector<std::uint8_t> i2;
  pair.filter = [&](const Host&, const std::vector<std::uint8_t>& p) {
    if (type_of(p) != PacketType::i2) return true;
    i2 = p;
    return false;
  };
  pair.connect_a_to_b();
  Path elsewhere = pair.b().to_peer;
  elsewhere.peer = *base::IpAddress::parse("2001:db8::99");
  wire::set_hip_checksum(i2, elsewhere.peer, elsewhere.local);
  Actions out;
  pair.b().engine->on_hip_packet(Received{i2, elsewhere}, pair.now(), out);
  EXPECT_EQ(pair.b().engine->counters().drops(Drop::bad_puzzle), 1u);
  EXPECT_TRUE(out.empty());
}

}  // namespace
}  // namespace hip::engine::test
