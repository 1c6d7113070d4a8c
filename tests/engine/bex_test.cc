// Base exchange between two engines, written as a ladder.
#include <gtest/gtest.h>

#include "engine/pair.h"

namespace hip::engine::test {
namespace {

using wire::PacketType;

std::vector<PacketType> types(const std::vector<std::vector<std::uint8_t>>& packets) {
  std::vector<PacketType> t;
  for (const auto& p : packets) t.push_back(type_of(p));
  return t;
}

const InstallSa* find_sa(const Host& h, Direction d) {
  for (const auto& sa : h.installed) {
    if (sa.direction == d) return &sa;
  }
  return nullptr;
}

TEST(BaseExchange, CompletesAndInstallsMatchingSas) {
  EnginePair pair;
  // I1 -->  <-- R1  I2 -->  <-- R2
  pair.connect_a_to_b();
  EXPECT_EQ(types(pair.a().sent), (std::vector{PacketType::i1, PacketType::i2}));
  EXPECT_EQ(types(pair.b().sent), (std::vector{PacketType::r1, PacketType::r2}));
  EXPECT_EQ(pair.a().state_with(pair.b().hit), State::established);
  EXPECT_EQ(pair.b().state_with(pair.a().hit), State::r2_sent);

  const InstallSa* a_out = find_sa(pair.a(), Direction::outbound);
  const InstallSa* a_in = find_sa(pair.a(), Direction::inbound);
  const InstallSa* b_out = find_sa(pair.b(), Direction::outbound);
  const InstallSa* b_in = find_sa(pair.b(), Direction::inbound);
  ASSERT_TRUE(a_out && a_in && b_out && b_in);
  EXPECT_EQ(a_out->spi, b_in->spi);
  EXPECT_EQ(b_out->spi, a_in->spi);
  EXPECT_NE(a_out->spi, a_in->spi);
  EXPECT_EQ(a_out->encryption_key, b_in->encryption_key);
  EXPECT_EQ(a_out->authentication_key, b_in->authentication_key);
  EXPECT_EQ(b_out->encryption_key, a_in->encryption_key);
  EXPECT_NE(a_out->encryption_key, a_in->encryption_key);
  EXPECT_EQ(a_out->esp_suite, b_in->esp_suite);
  // The default policy prefers AES-GCM (suite 13): AES-128 key + 4-byte salt,
  // no separate authentication key (RFC 4106).
  EXPECT_EQ(a_out->esp_suite, 13);
  EXPECT_EQ(a_out->encryption_key.size(), 20u);
  EXPECT_TRUE(a_out->authentication_key.empty());
}

TEST(BaseExchange, CbcSuiteDrawsBothKeys) {
  Config config;
  config.policy.esp_suites = {8};  // AES-128-CBC + HMAC-SHA-256
  EnginePair pair(config);
  pair.connect_a_to_b();
  const InstallSa* a_out = find_sa(pair.a(), Direction::outbound);
  const InstallSa* b_in = find_sa(pair.b(), Direction::inbound);
  ASSERT_TRUE(a_out && b_in);
  EXPECT_EQ(a_out->esp_suite, 8);
  EXPECT_EQ(a_out->encryption_key.size(), 16u);
  EXPECT_EQ(a_out->authentication_key.size(), 32u);
  EXPECT_EQ(a_out->authentication_key, b_in->authentication_key);
}

TEST(BaseExchange, ResponderReachesEstablishedAfterExchangeComplete) {
  EnginePair pair;
  pair.connect_a_to_b();
  pair.advance(std::chrono::seconds(6));  // EC = 5 s by default
  EXPECT_EQ(pair.b().state_with(pair.a().hit), State::established);
}

TEST(BaseExchange, ResponderKeepsNoStateForI1) {
  EnginePair pair;
  pair.filter = [](const Host&, const std::vector<std::uint8_t>& p) {
    return type_of(p) != PacketType::i2;  // the Initiator's I2 never arrives
  };
  pair.connect_a_to_b();
  EXPECT_TRUE(pair.b().engine->snapshot().empty());
  EXPECT_EQ(pair.b().engine->counters().r1_sent, 1u);
}

TEST(BaseExchange, LostI2IsRetransmittedWithBackoff) {
  EnginePair pair;
  int i2_seen = 0;
  pair.filter = [&](const Host&, const std::vector<std::uint8_t>& p) {
    return type_of(p) != PacketType::i2 || ++i2_seen > 2;  // lose the first two I2s
  };
  pair.connect_a_to_b();
  EXPECT_EQ(pair.a().state_with(pair.b().hit), State::i2_sent);
  pair.advance(std::chrono::milliseconds(1100));  // first retry after 1 s
  EXPECT_EQ(pair.a().state_with(pair.b().hit), State::i2_sent);
  pair.advance(std::chrono::milliseconds(2100));  // second after 2 s more
  EXPECT_EQ(pair.a().state_with(pair.b().hit), State::established);
  EXPECT_EQ(pair.a().engine->counters().retransmissions, 2u);
}

TEST(BaseExchange, UnansweredI1EndsInEFailedThenUnassociated) {
  EnginePair pair;
  pair.filter = [](const Host&, const std::vector<std::uint8_t>&) { return false; };
  pair.connect_a_to_b();
  pair.advance(std::chrono::seconds(60));
  ASSERT_FALSE(pair.a().changes.empty());
  bool failed = false;
  for (const auto& c : pair.a().changes) failed |= c.to == State::e_failed;
  EXPECT_TRUE(failed);
  EXPECT_FALSE(pair.a().state_with(pair.b().hit).has_value());  // back to UNASSOCIATED
  EXPECT_EQ(pair.a().changes.back().to, State::unassociated);
  EXPECT_EQ(pair.a().changes.back().reason, Reason::failed_expired);
}

}  // namespace
}  // namespace hip::engine::test
