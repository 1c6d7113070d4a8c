// Individual rules of RFC 7401 §4.4.3 and §6: simultaneous opens, what each
// state drops, downgrade protection, and bad input.
#include <gtest/gtest.h>

#include "engine/pair.h"
#include "wire/checksum.h"
#include "wire/params/control.h"

namespace hip::engine::test {
namespace {

using wire::PacketType;

TEST(Rules, SimultaneousI1sGiveExactlyOneAssociation) {
  EnginePair pair;
  // Both hosts want to talk at once; the I1s cross in the network.
  std::vector<std::pair<Host*, std::vector<std::uint8_t>>> in_flight;
  bool hold = true;
  pair.filter = [&](const Host& from, const std::vector<std::uint8_t>& p) {
    if (!hold) return true;
    in_flight.emplace_back(const_cast<Host*>(&from), p);
    return false;
  };
  Actions a_out, b_out;
  pair.a().engine->connect(pair.b().hit, pair.a().to_peer, pair.now(), a_out);
  pair.run(pair.a(), a_out);
  pair.b().engine->connect(pair.a().hit, pair.b().to_peer, pair.now(), b_out);
  pair.run(pair.b(), b_out);
  ASSERT_EQ(in_flight.size(), 2u);
  hold = false;
  // Both I1s arrive before either host hears anything else.
  std::vector<std::pair<Host*, Actions>> replies;
  for (auto& [from, packet] : in_flight) {
    Host& to = from == &pair.a() ? pair.b() : pair.a();
    Actions reply;
    to.engine->on_hip_packet(Received{packet, to.to_peer}, pair.now(), reply);
    replies.emplace_back(&to, std::move(reply));
  }
  for (auto& [host, reply] : replies) pair.run(*host, reply);
  pair.advance(std::chrono::seconds(6));
  EXPECT_EQ(pair.a().state_with(pair.b().hit), State::established);
  EXPECT_EQ(pair.b().state_with(pair.a().hit), State::established);
  // One BEX: the host with the smaller HIT dropped the other's I1 (§6.7).
  EXPECT_EQ(pair.a().engine->counters().base_exchanges_completed +
                pair.b().engine->counters().base_exchanges_completed,
            2u);
  Host& smaller = pair.a().hit < pair.b().hit ? pair.a() : pair.b();
  EXPECT_EQ(smaller.engine->counters().drops(Drop::simultaneous_lost), 1u);
}

TEST(Rules, EstablishedDropsR1AndR2) {
  EnginePair pair;
  std::vector<std::uint8_t> r1, r2;
  pair.filter = [&](const Host&, const std::vector<std::uint8_t>& p) {
    if (type_of(p) == PacketType::r1) r1 = p;
    if (type_of(p) == PacketType::r2) r2 = p;
    return true;
  };
  pair.connect_a_to_b();
  ASSERT_EQ(pair.a().state_with(pair.b().hit), State::established);
  for (const auto* replay : {&r1, &r2}) {
    Actions out;
    pair.a().engine->on_hip_packet(Received{*replay, pair.a().to_peer}, pair.now(), out);
    EXPECT_TRUE(out.empty());
  }
  EXPECT_EQ(pair.a().engine->counters().drops(Drop::wrong_state), 2u);
  EXPECT_EQ(pair.a().state_with(pair.b().hit), State::established);
}

TEST(Rules, RetransmittedI2GetsTheSameR2) {
  EnginePair pair;
  std::vector<std::uint8_t> i2;
  pair.filter = [&](const Host&, const std::vector<std::uint8_t>& p) {
    if (type_of(p) == PacketType::i2) i2 = p;
    return true;
  };
  pair.connect_a_to_b();
  const auto first_r2 = pair.b().sent.back();
  Actions out;
  pair.b().engine->on_hip_packet(Received{i2, pair.b().to_peer}, pair.now(), out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(std::get<Transmit>(out[0]).packet, first_r2);
  EXPECT_EQ(pair.b().engine->counters().base_exchanges_completed, 1u);
}

// Rewrites the (unsigned) DH_GROUP_LIST of an I1 and fixes its checksum, as
// an on-path attacker could.
std::vector<std::uint8_t> with_groups(std::vector<std::uint8_t> i1, std::uint8_t only,
                                      const Path& path) {
  // I1 = header + DH_GROUP_LIST: contents start at 44, length at 42.
  i1[42] = 0;
  i1[43] = 1;
  i1[44] = only;
  std::fill(i1.begin() + 45, i1.end(), 0);
  i1.resize(48);
  i1[1] = 5;
  wire::set_hip_checksum(i1, path.local, path.peer);
  return i1;
}

TEST(Rules, DowngradedGroupListIsDetected) {
  Config config;
  config.policy.dh_groups = {7, 3};  // both prefer P-256, both accept MODP-1536
  EnginePair pair(config);
  pair.filter = [&](const Host& from, const std::vector<std::uint8_t>& p) {
    if (type_of(p) != PacketType::i1) return true;
    // Replace the I1 in flight by one offering only group 3.
    Actions out;
    pair.b().engine->on_hip_packet(Received{with_groups(p, 3, from.to_peer), pair.b().to_peer},
                                   pair.now(), out);
    pair.run(pair.b(), out);
    return false;
  };
  pair.connect_a_to_b();
  EXPECT_EQ(pair.a().engine->counters().drops(Drop::downgrade), 1u);
  EXPECT_EQ(pair.a().state_with(pair.b().hit), State::i1_sent);
}

TEST(Rules, TamperedI2IsRejectedAndLeavesNoState) {
  EnginePair pair;
  pair.filter = [&](const Host&, const std::vector<std::uint8_t>& p) {
    if (type_of(p) != PacketType::i2) return true;
    auto bad = p;
    bad[bad.size() - 80] ^= 0x01;  // inside the MAC or signature
    wire::set_hip_checksum(bad, pair.a().to_peer.local, pair.a().to_peer.peer);
    Actions out;
    pair.b().engine->on_hip_packet(Received{bad, pair.b().to_peer}, pair.now(), out);
    return false;
  };
  pair.connect_a_to_b();
  const auto& c = pair.b().engine->counters();
  EXPECT_EQ(c.drops(Drop::bad_mac) + c.drops(Drop::bad_signature), 1u);
  EXPECT_TRUE(pair.b().engine->snapshot().empty());
}

TEST(Rules, BadChecksumMalformedAndUnknownCriticalAreCounted) {
  EnginePair pair;
  std::vector<std::uint8_t> i1;
  pair.filter = [&](const Host&, const std::vector<std::uint8_t>& p) {
    i1 = p;
    return false;
  };
  pair.connect_a_to_b();
  const Path& at_b = pair.b().to_peer;
  auto& engine = *pair.b().engine;
  Actions out;

  auto bad_sum = i1;
  bad_sum[4] ^= 0xff;
  engine.on_hip_packet(Received{bad_sum, at_b}, pair.now(), out);
  EXPECT_EQ(engine.counters().drops(Drop::bad_checksum), 1u);

  auto truncated = std::vector<std::uint8_t>(i1.begin(), i1.begin() + 30);
  engine.on_hip_packet(Received{truncated, at_b}, pair.now(), out);
  EXPECT_EQ(engine.counters().drops(Drop::malformed), 1u);

  auto critical = i1;
  critical[40] = 0x03;  // DH_GROUP_LIST 511 -> 1001: unknown and critical
  critical[41] = 0xe9;
  wire::set_hip_checksum(critical, at_b.peer, at_b.local);
  engine.on_hip_packet(Received{critical, at_b}, pair.now(), out);
  EXPECT_EQ(engine.counters().drops(Drop::unknown_critical), 1u);

  auto v1 = i1;
  v1[3] = 0x11;
  wire::set_hip_checksum(v1, at_b.peer, at_b.local);
  engine.on_hip_packet(Received{v1, at_b}, pair.now(), out);
  EXPECT_EQ(engine.counters().drops(Drop::unsupported_version), 1u);

  EXPECT_TRUE(out.empty());
  EXPECT_EQ(engine.counters().received, 4u);
}

TEST(Rules, UnknownCriticalParameterIsAnsweredWithItsType) {
  EnginePair pair;
  std::vector<std::uint8_t> i1;
  pair.filter = [&](const Host&, const std::vector<std::uint8_t>& p) {
    i1 = p;
    return false;
  };
  pair.connect_a_to_b();
  // Append parameter 40001 (critical, unknown) with 100 bytes: big enough
  // that the NOTIFY answering it is not larger than the packet.
  auto bigger = i1;
  const std::uint8_t tlv_header[4] = {0x9c, 0x41, 0x00, 100};
  bigger.insert(bigger.end(), std::begin(tlv_header), std::end(tlv_header));
  bigger.resize(bigger.size() + 100, 0);  // 4 + 100 = 104: no padding needed
  bigger[1] = static_cast<std::uint8_t>(bigger.size() / 8 - 1);
  const Path& at_b = pair.b().to_peer;
  wire::set_hip_checksum(bigger, at_b.peer, at_b.local);
  Actions out;
  pair.b().engine->on_hip_packet(Received{bigger, at_b}, pair.now(), out);
  ASSERT_EQ(out.size(), 1u);
  const auto& notify = std::get<Transmit>(out[0]).packet;
  EXPECT_LE(notify.size(), bigger.size());
  auto parsed = wire::parse_packet(notify);
  ASSERT_TRUE(parsed);
  auto n = parsed->get<wire::Notification>();
  ASSERT_TRUE(n);
  EXPECT_EQ(n->notify_type, wire::notify::kUnsupportedCriticalParameterType);
  EXPECT_EQ(n->data.size(), 2u);
  EXPECT_EQ(base::get_u16(n->data, 0), 40001);
  // A bad checksum gets no answer at all.
  bigger[4] ^= 1;
  Actions none;
  pair.b().engine->on_hip_packet(Received{bigger, at_b}, pair.now(), none);
  EXPECT_TRUE(none.empty());
}

TEST(Rules, PacketsForSomeoneElseAreDropped) {
  EnginePair pair;
  std::vector<std::uint8_t> i1;
  pair.filter = [&](const Host&, const std::vector<std::uint8_t>& p) {
    i1 = p;
    return false;
  };
  pair.connect_a_to_b();
  i1[39] ^= 0x01;  // receiver HIT no longer B's
  wire::set_hip_checksum(i1, pair.b().to_peer.peer, pair.b().to_peer.local);
  Actions out;
  pair.b().engine->on_hip_packet(Received{i1, pair.b().to_peer}, pair.now(), out);
  EXPECT_TRUE(out.empty());
  EXPECT_EQ(pair.b().engine->counters().drops(Drop::not_our_hit), 1u);
}

}  // namespace
}  // namespace hip::engine::test
