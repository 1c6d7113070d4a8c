// The SA database and the per-packet bookkeeping: install/replace/remove
// (make-before-break rekeying, RFC 7402 §3.3.2), every drop reason counted per
// SA and globally, unknown SPIs reported, sequence-number exhaustion and the
// rekey signal (RFC 4303 §3.3.3, RFC 7402 §6.8), batches.
#include <gtest/gtest.h>

#include "esp_test_util.h"

namespace hip::esp::test {
namespace {

const RefSuite& s8() { return kRefSuites[2]; }

class DataPlaneTest : public ::testing::Test {
 protected:
  Sa* install(Direction dir, std::uint32_t spi, bool esn = true, std::uint64_t rekey_after = 0) {
    SaConfig c = sa_config(s8(), keys_, dir, spi, esn);
    c.rekey_after = rekey_after;
    auto r = dp_.sas().install(c);
    EXPECT_TRUE(r.has_value());
    return r ? *r : nullptr;
  }
  // A reference-sealed packet for inbound SA `spi`.
  Slot wire(std::uint32_t spi, std::uint64_t seq, std::uint8_t nh = 17, bool esn = true,
            bool zero_padding = false, std::size_t size = 40) {
    return Slot(ref_seal(s8(), keys_, spi, seq, esn, pattern(size, 1), nh, pattern(16, 2),
                         zero_padding ? 16 : 0, zero_padding));
  }
  Slot tun(std::size_t size = 100) { return Slot(ipv6_packet(kHitA, kHitB, 17, pattern(size, 3))); }

  crypto::SeededRng rng_{5};
  DataPlane dp_{rng_};
  RefKeys keys_ = ref_keys(s8(), 21);
};

TEST_F(DataPlaneTest, InstallValidation) {
  SaConfig c = sa_config(s8(), keys_, Direction::inbound, 0x600, true);
  auto error_of = [&](const SaConfig& cfg) { return dp_.sas().install(cfg).error(); };
  SaConfig bad = c;
  bad.spi = 0;
  EXPECT_EQ(error_of(bad), SaError::bad_spi);
  bad.spi = 255;  // RFC 4303 §2.1: 1-255 reserved
  EXPECT_EQ(error_of(bad), SaError::bad_spi);
  bad = c;
  for (int suite : {0, 2, 6, 10, 11, 14, 15, 16}) {
    bad.suite = static_cast<std::uint16_t>(suite);
    EXPECT_EQ(error_of(bad), SaError::unsupported_suite) << suite;
  }
  bad = c;
  const Bytes short_key(15, 1);
  bad.enc_key = short_key;
  EXPECT_EQ(error_of(bad), SaError::bad_key);
  bad = c;
  bad.auth_key = short_key;
  EXPECT_EQ(error_of(bad), SaError::bad_key);
  // GCM: 16+4 and 32+4 bytes are AES-128/256; AES-192 (24+4) is not offered.
  SaConfig gcm = c;
  gcm.spi = 0x6f0;
  gcm.suite = 13;
  gcm.auth_key = {};
  const Bytes k20(20, 1), k36(36, 1), k28(28, 1);
  gcm.enc_key = k28;
  EXPECT_EQ(error_of(gcm), SaError::bad_key);
  gcm.enc_key = k20;
  EXPECT_TRUE(dp_.sas().install(gcm));
  gcm.spi = 0x6f1;
  gcm.enc_key = k36;
  EXPECT_TRUE(dp_.sas().install(gcm));
  bad = c;
  bad.own_lsi = kLsiA;  // one LSI without the other
  EXPECT_EQ(error_of(bad), SaError::bad_lsi);
  bad.peer_lsi = ip("2001:db8::1");  // an LSI is IPv4
  EXPECT_EQ(error_of(bad), SaError::bad_lsi);
  ASSERT_TRUE(dp_.sas().install(c));
  EXPECT_EQ(error_of(c), SaError::spi_in_use);
  SaConfig out = sa_config(s8(), keys_, Direction::outbound, 0x700, true);
  ASSERT_TRUE(dp_.sas().install(out));
  out.spi = 0x701;
  EXPECT_EQ(error_of(out), SaError::pair_in_use);
}

TEST_F(DataPlaneTest, TransformTableMatchesTheRfcs) {
  for (const RefSuite& r : kRefSuites) {
    const auto spec = find_transform(r.id, r.key);
    ASSERT_TRUE(spec) << r.id;
    EXPECT_EQ(spec->enc_key_bytes, r.key) << r.id;
    EXPECT_EQ(spec->salt_bytes, r.salt) << r.id;
    EXPECT_EQ(spec->auth_key_bytes, r.auth_key) << r.id;
    EXPECT_EQ(spec->iv_bytes, r.iv) << r.id;
    EXPECT_EQ(spec->icv_bytes, r.icv) << r.id;
    EXPECT_EQ(spec->block_bytes, r.align) << r.id;
    EXPECT_EQ(spec->enc_keymat_bytes(), r.key + r.salt) << r.id;
  }
  EXPECT_EQ(find_transform(12)->enc_key_bytes, 16u);  // the documented default
  EXPECT_FALSE(find_transform(8, 32));
}

TEST_F(DataPlaneTest, UnknownSpiIsReportedAndCounted) {
  Slot s = wire(0xdead, 1);
  const DecapResult r = dp_.decapsulate(s.pb, {}, at(1));
  EXPECT_EQ(r.status, Status::unknown_spi);
  EXPECT_EQ(r.spi, 0xdeadu);
  EXPECT_EQ(dp_.inbound_counters().dropped(Status::unknown_spi), 1u);
}

TEST_F(DataPlaneTest, EveryInboundDropReasonIsCounted) {
  // 32-bit sequence numbers: with ESN a number far behind the window is read
  // as the next 2^32 subspace (RFC 4303 A2) and fails the ICV instead.
  Sa* sa = install(Direction::inbound, 0x610, false);
  struct Step {
    const char* what;
    Slot slot;
    Status expect;
  };
  Slot ok1 = wire(0x610, 1, 17, false);
  Slot truncated = wire(0x610, 2, 17, false);
  truncated.pb.length = 8 + 16 + 16;  // header + IV + ICV: no room for a trailer
  Slot misaligned = wire(0x610, 3, 17, false);
  misaligned.pb.length -= 1;
  Slot forged = wire(0x610, 4, 17, false);
  forged.storage[forged.pb.offset + 30] ^= 1;
  std::vector<Step> steps;
  steps.push_back({"first", std::move(ok1), Status::ok});
  steps.push_back({"replay", wire(0x610, 1, 17, false), Status::replayed});
  steps.push_back({"truncated", std::move(truncated), Status::truncated});
  steps.push_back({"misaligned", std::move(misaligned), Status::bad_length});
  steps.push_back({"forged", std::move(forged), Status::bad_icv});
  steps.push_back({"bad padding", wire(0x610, 5, 17, false, true), Status::bad_padding});
  steps.push_back({"dummy", wire(0x610, 6, 59, false), Status::dummy_packet});
  steps.push_back({"not deliverable", wire(0x610, 7, 1, false), Status::bad_inner});
  // A forged packet never moved the window: the authentic 4 still passes. The
  // authentic 5 with bad padding did (each packet is processed once).
  steps.push_back({"authentic 4", wire(0x610, 4, 17, false), Status::ok});
  steps.push_back({"authentic 5 again", wire(0x610, 5, 17, false), Status::replayed});
  steps.push_back({"far ahead", wire(0x610, 100000, 17, false), Status::ok});
  steps.push_back({"too old", wire(0x610, 8, 17, false), Status::too_old});
  for (Step& st : steps) {
    EXPECT_EQ(dp_.decapsulate(st.slot.pb, {}, at(7)).status, st.expect) << st.what;
  }
  const DirectionCounters& c = sa->counters().traffic;
  EXPECT_EQ(c.packets, 3u);
  EXPECT_EQ(c.dropped(Status::replayed), 2u);
  for (Status s : {Status::truncated, Status::bad_length, Status::bad_icv, Status::bad_padding,
                   Status::dummy_packet, Status::bad_inner, Status::too_old}) {
    EXPECT_EQ(c.dropped(s), 1u) << status_name(s);
    EXPECT_EQ(dp_.inbound_counters().dropped(s), 1u) << status_name(s);
  }
  EXPECT_EQ(c.total_drops(), 9u);
  EXPECT_EQ(dp_.inbound_counters().packets, 3u);
  EXPECT_EQ(sa->counters().last_used, at(7));
  // Too short for an SPI: counted globally only.
  EXPECT_EQ(dp_.decapsulate(Slot(Bytes{1, 2}).pb, {}, at(8)).status, Status::truncated);
  EXPECT_EQ(dp_.inbound_counters().dropped(Status::truncated), 2u);
  EXPECT_EQ(c.dropped(Status::truncated), 1u);
}

TEST_F(DataPlaneTest, EsnPacketFarBehindFailsTheIcv) {
  Sa* sa = install(Direction::inbound, 0x611, true);
  ASSERT_EQ(dp_.decapsulate(wire(0x611, 100000).pb, {}, at(1)).status, Status::ok);
  const DecapResult r = dp_.decapsulate(wire(0x611, 8).pb, {}, at(1));
  EXPECT_EQ(r.status, Status::bad_icv);
  EXPECT_EQ(r.sequence, (std::uint64_t{1} << 32) | 8);  // inferred as the next subspace
  EXPECT_EQ(sa->window().highest(), 100000u);
}

TEST_F(DataPlaneTest, EveryOutboundDropReasonIsCounted) {
  Sa* sa = install(Direction::outbound, 0x620, false);
  Slot no_sa(ipv6_packet(kHitB, kHitA, 17, pattern(10, 0)));
  EXPECT_EQ(dp_.encapsulate(no_sa.pb, at(1)).status, Status::no_sa);
  Slot garbage(Bytes{0x99});
  EXPECT_EQ(dp_.encapsulate(garbage.pb, at(1)).status, Status::malformed_inner);
  Slot headroom(ipv6_packet(kHitA, kHitB, 17, pattern(10, 0)), 0, 64);
  Slot ok = tun();
  const EncapResult first = dp_.encapsulate(ok.pb, at(2));
  EXPECT_EQ(first.status, Status::ok);
  EXPECT_EQ(first.outer.local, ip("2001:db8::a"));
  Slot tail(ipv6_packet(kHitA, kHitB, 17, pattern(10, 0)), kEspHeadroom, 5);
  EXPECT_EQ(dp_.encapsulate(tail.pb, at(2)).status, Status::no_tailroom);
  sa->set_last_sequence(0xffffffffull);  // no ESN: 2^32 - 1 was the last
  Slot last = tun();
  EXPECT_EQ(dp_.encapsulate(last.pb, at(3)).status, Status::sequence_exhausted);
  EXPECT_EQ(sa->counters().traffic.packets, 1u);
  EXPECT_EQ(sa->counters().traffic.bytes, 140u);
  EXPECT_EQ(sa->counters().last_used, at(2));
  EXPECT_EQ(sa->counters().traffic.dropped(Status::no_tailroom), 1u);
  EXPECT_EQ(sa->counters().traffic.dropped(Status::sequence_exhausted), 1u);
  const DirectionCounters& g = dp_.outbound_counters();
  EXPECT_EQ(g.dropped(Status::no_sa), 1u);
  EXPECT_EQ(g.dropped(Status::malformed_inner), 1u);
  EXPECT_EQ(g.dropped(Status::no_tailroom), 1u);
  EXPECT_EQ(g.dropped(Status::sequence_exhausted), 1u);
  EXPECT_EQ(g.packets, 1u);
}

TEST_F(DataPlaneTest, EsnCounterRunsPastTwoToThe32AndStopsAt2To64) {
  Sa* sa = install(Direction::outbound, 0x630, true);
  sa->set_last_sequence(0xffffffffull);
  Slot a = tun();
  ASSERT_EQ(dp_.encapsulate(a.pb, at(1)).status, Status::ok);
  EXPECT_EQ(sa->last_sequence(), std::uint64_t{1} << 32);
  // The low half on the wire is 0; the ICV covers the high half.
  const Bytes esp = a.bytes(a.pb.offset + 40 - 24, 8);
  EXPECT_EQ(esp[4] | esp[5] | esp[6] | esp[7], 0);
  sa->set_last_sequence(~std::uint64_t{0});
  Slot b = tun();
  EXPECT_EQ(dp_.encapsulate(b.pb, at(1)).status, Status::sequence_exhausted);
}

TEST_F(DataPlaneTest, RekeySignalIsRaisedOnceEachWay) {
  Sa* out = install(Direction::outbound, 0x640, true, 3);
  std::vector<bool> raised;
  for (int i = 0; i < 5; ++i) {
    Slot s = tun();
    raised.push_back(dp_.encapsulate(s.pb, at(1)).rekey_due);
  }
  EXPECT_EQ(raised, (std::vector<bool>{false, false, true, false, false}));
  EXPECT_TRUE(out->rekey_signalled());

  install(Direction::inbound, 0x641, true, 10);
  EXPECT_FALSE(dp_.decapsulate(wire(0x641, 9).pb, {}, at(1)).rekey_due);
  EXPECT_TRUE(dp_.decapsulate(wire(0x641, 12).pb, {}, at(1)).rekey_due);
  EXPECT_FALSE(dp_.decapsulate(wire(0x641, 11).pb, {}, at(1)).rekey_due);
  EXPECT_FALSE(dp_.decapsulate(wire(0x641, 13).pb, {}, at(1)).rekey_due);
}

TEST_F(DataPlaneTest, DefaultRekeyThresholds) {
  Sa* plain = install(Direction::outbound, 0x650, false);
  EXPECT_EQ(plain->rekey_after(), (std::uint64_t{1} << 32) - (std::uint64_t{1} << 20));
  plain->set_last_sequence(plain->rekey_after() - 2);
  Slot a = tun();
  EXPECT_FALSE(dp_.encapsulate(a.pb, at(1)).rekey_due);
  Slot b = tun();
  EXPECT_TRUE(dp_.encapsulate(b.pb, at(1)).rekey_due);
  SaConfig c = sa_config(s8(), keys_, Direction::inbound, 0x651, true);
  auto esn = dp_.sas().install(c);
  ASSERT_TRUE(esn);
  EXPECT_EQ((*esn)->rekey_after(), ~std::uint64_t{0} - 0xffffffffull);
}

TEST_F(DataPlaneTest, MakeBeforeBreakRekey) {
  // Old pair: outbound 0x660 (to the peer), inbound 0x661 (from it).
  install(Direction::outbound, 0x660);
  install(Direction::inbound, 0x661);
  EXPECT_TRUE(dp_.decapsulate(wire(0x661, 1).pb, {}, at(1)).first_on_sa);
  EXPECT_FALSE(dp_.decapsulate(wire(0x661, 2).pb, {}, at(1)).first_on_sa);
  // Rekey: new inbound SA beside the old one, outbound replaced in one step.
  install(Direction::inbound, 0x663);
  SaConfig next = sa_config(s8(), keys_, Direction::outbound, 0x662, true);
  auto replaced = dp_.sas().replace_outbound(next);
  ASSERT_TRUE(replaced);
  EXPECT_EQ(dp_.sas().outbound_count(), 1u);
  Slot s = tun();
  const EncapResult e = dp_.encapsulate(s.pb, at(2));
  EXPECT_EQ(e.spi, 0x662u);
  EXPECT_EQ((*replaced)->last_sequence(), 1u);  // a fresh counter
  // Late packets on the old inbound SA still pass until it is removed...
  EXPECT_EQ(dp_.decapsulate(wire(0x661, 3).pb, {}, at(2)).status, Status::ok);
  const DecapResult first_new = dp_.decapsulate(wire(0x663, 1).pb, {}, at(2));
  EXPECT_EQ(first_new.status, Status::ok);
  EXPECT_TRUE(first_new.first_on_sa);  // the engine's cue to drop the old SAs
  ASSERT_TRUE(dp_.sas().remove(Direction::inbound, 0x661));
  EXPECT_EQ(dp_.decapsulate(wire(0x661, 4).pb, {}, at(3)).status, Status::unknown_spi);
  // Removing the replaced outbound SA by its SPI: it is already gone.
  EXPECT_EQ(dp_.sas().remove(Direction::outbound, 0x660).error(), SaError::not_found);
  // A failed replace leaves the current SA in service.
  next.spi = 1;
  EXPECT_EQ(dp_.sas().replace_outbound(next).error(), SaError::bad_spi);
  Slot t = tun();
  EXPECT_EQ(dp_.encapsulate(t.pb, at(4)).spi, 0x662u);
}

TEST_F(DataPlaneTest, RemoveAssociation) {
  install(Direction::outbound, 0x670);
  install(Direction::inbound, 0x671);
  install(Direction::inbound, 0x672);
  SaConfig other = sa_config(s8(), keys_, Direction::inbound, 0x673, true);
  other.peer_hit = hit("2001:21::77");
  ASSERT_TRUE(dp_.sas().install(other));
  EXPECT_EQ(dp_.sas().remove_association(kHitA, kHitB), 3u);
  EXPECT_EQ(dp_.sas().inbound_count(), 1u);
  EXPECT_EQ(dp_.sas().outbound_count(), 0u);
  EXPECT_NE(dp_.sas().find_inbound(0x673), nullptr);
}

TEST_F(DataPlaneTest, Batches) {
  install(Direction::outbound, 0x680);
  SaConfig lsi = sa_config(s8(), keys_, Direction::outbound, 0x681, true, true);
  lsi.peer_hit = hit("2001:21::88");
  ASSERT_TRUE(dp_.sas().install(lsi));
  std::vector<Slot> slots;
  slots.push_back(tun(10));
  slots.push_back(tun(20));
  slots.emplace_back(ipv4_packet(kLsiA, kLsiB, 132, pattern(12, 0)));
  slots.emplace_back(Bytes{0x00});
  slots.push_back(tun(30));
  std::vector<PacketBuffer> in;
  for (Slot& s : slots) in.push_back(s.pb);
  std::vector<EncapResult> out(in.size() + 1);
  out.back().spi = 0x1234;  // beyond the batch: untouched
  dp_.encapsulate_batch(in, out, at(1));
  EXPECT_EQ(out[0].spi, 0x680u);
  EXPECT_EQ(out[1].spi, 0x680u);
  EXPECT_EQ(out[2].spi, 0x681u);
  EXPECT_EQ(out[3].status, Status::malformed_inner);
  EXPECT_EQ(out[4].spi, 0x680u);
  EXPECT_EQ(out[4].status, Status::ok);
  EXPECT_EQ(out.back().spi, 0x1234u);

  install(Direction::inbound, 0x690);
  std::vector<Slot> wires;
  for (std::uint64_t seq : {1, 2, 2, 3}) wires.push_back(wire(0x690, seq));
  wires.push_back(wire(0x999, 1));
  std::vector<PacketBuffer> win;
  for (Slot& s : wires) win.push_back(s.pb);
  std::vector<beet::OuterHints> hints(win.size(), beet::OuterHints{.hop_limit = 7});
  std::vector<DecapResult> dout(win.size());
  dp_.decapsulate_batch(win, hints, dout, at(2));
  EXPECT_EQ(dout[0].status, Status::ok);
  EXPECT_EQ(dout[1].status, Status::ok);
  EXPECT_EQ(dout[2].status, Status::replayed);
  EXPECT_EQ(dout[3].status, Status::ok);
  EXPECT_EQ(dout[4].status, Status::unknown_spi);
  EXPECT_EQ(wires[3].storage[dout[3].offset + 7], 7);  // hop limit from the hints
}

}  // namespace
}  // namespace hip::esp::test
