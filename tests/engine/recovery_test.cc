// Recovery from state loss (RFC 7401 §4.5.4, §6.16; the seed's subject): the
// host that lost its state runs a new base exchange, and the survivor, still
// ESTABLISHED, accepts it on a valid I2 and replaces its old SAs.
#include <gtest/gtest.h>

#include "engine/pair.h"

namespace hip::engine::test {
namespace {

using wire::PacketType;

const InstallSa* last_sa(const Host& h, Direction d) {
  for (auto it = h.installed.rbegin(); it != h.installed.rend(); ++it) {
    if (it->direction == d) return &*it;
  }
  return nullptr;
}

void expect_matching_sas(const Host& x, const Host& y) {
  const InstallSa* x_out = last_sa(x, Direction::outbound);
  const InstallSa* y_in = last_sa(y, Direction::inbound);
  ASSERT_TRUE(x_out && y_in);
  EXPECT_EQ(x_out->spi, y_in->spi);
  EXPECT_EQ(x_out->encryption_key, y_in->encryption_key);
  EXPECT_EQ(x_out->authentication_key, y_in->authentication_key);
}

TEST(Recovery, RestartedHostSendsFirst) {
  EnginePair pair;
  pair.connect_a_to_b();
  pair.advance(std::chrono::seconds(6));
  const std::uint32_t old_spi_into_a = last_sa(pair.a(), Direction::inbound)->spi;
  pair.restart_b();

  // B has data for A: I1 -->  <-- R1 (A stays ESTABLISHED)  I2 -->  <-- R2
  Actions out;
  pair.b().engine->connect(pair.a().hit, pair.b().to_peer, pair.now(), out);
  pair.run(pair.b(), out);

  EXPECT_EQ(pair.b().state_with(pair.a().hit), State::established);
  EXPECT_EQ(pair.a().state_with(pair.b().hit), State::r2_sent);
  EXPECT_EQ(pair.a().changes.back().reason, Reason::i2_received);
  // A dropped its old SAs before installing the new ones.
  bool old_removed = false;
  for (const auto& r : pair.a().removed) old_removed |= r.spi == old_spi_into_a;
  EXPECT_TRUE(old_removed);
  expect_matching_sas(pair.a(), pair.b());
  expect_matching_sas(pair.b(), pair.a());
}

TEST(Recovery, SurvivorSendsFirstAndTheUnknownSpiRestartsTheExchange) {
  EnginePair pair;
  pair.connect_a_to_b();
  pair.advance(std::chrono::seconds(6));
  const std::uint32_t spi_a_sends_to = last_sa(pair.a(), Direction::outbound)->spi;
  pair.restart_b();

  // A's ESP reaches B, which no longer knows the SPI. B's driver knows from
  // its peer table that A lives at that locator and tells the engine.
  Actions out;
  pair.b().engine->on_unknown_spi(spi_a_sends_to, pair.b().to_peer, pair.a().hit, pair.now(), out);
  // The log says why the exchange started: not an operator's connect.
  bool reported = false;
  for (const Action& action : out) {
    if (const auto* c = std::get_if<StateChanged>(&action)) {
      reported = c->to == State::i1_sent && c->reason == Reason::unknown_spi_received;
    }
  }
  EXPECT_TRUE(reported);
  pair.run(pair.b(), out);
  EXPECT_EQ(pair.b().state_with(pair.a().hit), State::established);
  expect_matching_sas(pair.a(), pair.b());
  expect_matching_sas(pair.b(), pair.a());

  // More ESP with the old SPI (in flight before the new SA) does not start
  // yet another exchange at once: recovery attempts are rate-limited.
  Actions again;
  pair.b().engine->on_unknown_spi(spi_a_sends_to, pair.b().to_peer, pair.a().hit, pair.now(), again);
  EXPECT_TRUE(again.empty());
  EXPECT_EQ(pair.b().engine->counters().unknown_spi, 2u);
}

TEST(Recovery, ConnectReportsTheReasonTheDriverGives) {
  EnginePair pair;
  Actions out;
  pair.a().engine->connect(pair.b().hit, pair.a().to_peer, pair.now(), out, Reason::data_to_send);
  const StateChanged* change = nullptr;
  for (const Action& action : out) {
    if (const auto* c = std::get_if<StateChanged>(&action)) change = c;
  }
  ASSERT_NE(change, nullptr);
  EXPECT_EQ(change->to, State::i1_sent);
  EXPECT_EQ(change->reason, Reason::data_to_send);
  EXPECT_EQ(to_string(Reason::data_to_send), "data to send");
  EXPECT_EQ(to_string(Reason::unknown_spi_received), "unknown SPI received");
}

TEST(Recovery, UnknownSpiWithoutAHintIsCountedOnly) {
  EnginePair pair;
  Actions out;
  pair.b().engine->on_unknown_spi(0x1234, pair.b().to_peer, std::nullopt, pair.now(), out);
  EXPECT_TRUE(out.empty());
  EXPECT_EQ(pair.b().engine->counters().unknown_spi, 1u);
}

TEST(Recovery, EstablishedPeerAnswersI1WithR1AndKeepsItsState) {
  EnginePair pair;
  pair.connect_a_to_b();
  pair.advance(std::chrono::seconds(6));
  pair.restart_b();
  pair.filter = [](const Host&, const std::vector<std::uint8_t>& p) {
    return type_of(p) != PacketType::i2;  // the new exchange stops after R1
  };
  Actions out;
  pair.b().engine->connect(pair.a().hit, pair.b().to_peer, pair.now(), out);
  pair.run(pair.b(), out);
  EXPECT_EQ(type_of(pair.a().sent.back()), PacketType::r1);
  // "The peer does not reset its state until it receives a valid I2" (§4.5.4).
  EXPECT_EQ(pair.a().state_with(pair.b().hit), State::established);
}

}  // namespace
}  // namespace hip::engine::test
