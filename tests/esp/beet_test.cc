// BEET header handling (RFC 7402 Appendix B): inner header checks and
// stripping on the way out, rebuilding on the way in, IPv4 with LSIs and the
// transport checksum rule of RFC 7401 §4.5.1, IPv4 options (B.1.7), and the
// buffer room each direction needs. Checksums are verified with
// wire::transport_checksum, which src/esp does not use.
#include <gtest/gtest.h>

#include "esp_test_util.h"
#include "wire/checksum.h"

namespace hip::esp::test {
namespace {

const RefSuite& suite8() { return kRefSuites[2]; }
const RefSuite& suite7() { return kRefSuites[1]; }

base::IpAddress as_ip(const base::Hit& h) { return base::IpAddress::v6(h.bytes); }

std::uint16_t get16(const Bytes& b, std::size_t at) {
  return static_cast<std::uint16_t>((b[at] << 8) | b[at + 1]);
}

// A TCP segment (20-byte header + data) whose checksum is right for src/dst.
Bytes tcp_segment(const base::IpAddress& src, const base::IpAddress& dst, std::size_t data) {
  Bytes seg = pattern(20 + data, 9);
  seg[12] = 0x50;  // data offset 5
  seg[16] = seg[17] = 0;
  const std::uint16_t c = wire::transport_checksum(seg, 16, 6, src, dst);
  seg[16] = static_cast<std::uint8_t>(c >> 8);
  seg[17] = static_cast<std::uint8_t>(c);
  return seg;
}

Bytes udp_datagram(const base::IpAddress& src, const base::IpAddress& dst, std::size_t data,
                   bool with_checksum) {
  Bytes d = pattern(8 + data, 4);
  d[4] = static_cast<std::uint8_t>((8 + data) >> 8);
  d[5] = static_cast<std::uint8_t>(8 + data);
  d[6] = d[7] = 0;
  if (with_checksum) {
    std::uint16_t c = wire::transport_checksum(d, 6, 17, src, dst);
    if (c == 0) c = 0xffff;
    d[6] = static_cast<std::uint8_t>(c >> 8);
    d[7] = static_cast<std::uint8_t>(c);
  }
  return d;
}

class BeetTest : public ::testing::Test {
 protected:
  Sa* install(Direction dir, std::uint32_t spi, bool lsis,
              InnerDelivery deliver = InnerDelivery::hit, const RefSuite& s = suite8()) {
    SaConfig c = sa_config(s, keys_, dir, spi, true, lsis);
    c.deliver = deliver;
    auto r = dp_.sas().install(c);
    EXPECT_TRUE(r.has_value());
    return r ? *r : nullptr;
  }
  std::optional<RefOpened> open_ours(const EncapResult& r, const Slot& slot, std::uint64_t seq) {
    return ref_open(suite8(), keys_, slot.bytes(r.offset, r.length), seq, true);
  }
  DecapResult feed(std::uint32_t spi, std::uint64_t seq, const Bytes& payload, std::uint8_t nh,
                   Slot*& out, beet::OuterHints hints = {}) {
    slots_.push_back(std::make_unique<Slot>(
        ref_seal(suite8(), keys_, spi, seq, true, payload, nh, pattern(16, 1))));
    out = slots_.back().get();
    return dp_.decapsulate(out->pb, hints, at(5));
  }

  crypto::SeededRng rng_{3};
  DataPlane dp_{rng_};
  RefKeys keys_ = ref_keys(suite8(), 11);
  std::vector<std::unique_ptr<Slot>> slots_;
};

TEST_F(BeetTest, Ipv6HeaderIsStrippedAndExtensionHeadersStayInside) {
  install(Direction::outbound, 0x500, false);
  // Destination Options header (NH 60) in front of UDP: it travels inside ESP
  // (RFC 7402 B.1.2 figure: "dest opts." after ESP).
  Bytes payload = {17, 0, 1, 4, 0, 0, 0, 0};
  const Bytes udp = pattern(30, 2);
  payload.insert(payload.end(), udp.begin(), udp.end());
  Slot slot(ipv6_packet(kHitA, kHitB, 60, payload, 9));
  const EncapResult r = dp_.encapsulate(slot.pb, at(1));
  ASSERT_EQ(r.status, Status::ok);
  const auto opened = open_ours(r, slot, 1);
  ASSERT_TRUE(opened);
  EXPECT_EQ(opened->next_header, 60);
  EXPECT_EQ(opened->payload, payload);  // no IPv6 header, nothing rewritten
}

TEST_F(BeetTest, InnerAddressesMustBeTheSas) {
  Sa* sa = install(Direction::outbound, 0x501, false);
  const base::Hit other = hit("2001:21::99");
  // Through the database: no SA for (A, other).
  Slot slot(ipv6_packet(kHitA, other, 17, pattern(20, 0)));
  EXPECT_EQ(dp_.encapsulate(slot.pb, at(1)).status, Status::no_sa);
  // Handed to this SA directly (RFC 7402 B.1.5 step 1): refused and counted.
  Slot wrong_src(ipv6_packet(other, kHitB, 17, pattern(20, 0)));
  const auto inner = beet::parse_inner({wrong_src.storage.data() + wrong_src.pb.offset, wrong_src.pb.length});
  ASSERT_TRUE(inner);
  EXPECT_EQ(encapsulate_on(*sa, wrong_src.pb, *inner, at(1)).status, Status::inner_mismatch);
  EXPECT_EQ(sa->counters().traffic.dropped(Status::inner_mismatch), 1u);
  EXPECT_EQ(sa->last_sequence(), 0u);  // no sequence number spent on a drop
}

TEST_F(BeetTest, InboundIpv6RebuiltWithHitsAndOuterHints) {
  install(Direction::inbound, 0x502, false);
  Slot* slot = nullptr;
  const Bytes payload = pattern(77, 5);
  DecapResult r = feed(0x502, 1, payload, 17, slot, {.hop_limit = 3, .tclass = 0xb8});
  ASSERT_EQ(r.status, Status::ok);
  const Bytes got = slot->bytes(r.offset, r.length);
  EXPECT_EQ(got, ipv6_packet(kHitB, kHitA, 17, payload, 3, 0xb8));
  // Without hints: the SA's default hop limit (64) and traffic class 0.
  r = feed(0x502, 2, payload, 17, slot);
  ASSERT_EQ(r.status, Status::ok);
  EXPECT_EQ(slot->bytes(r.offset, r.length), ipv6_packet(kHitB, kHitA, 17, payload, 64, 0));
}

TEST_F(BeetTest, OutboundIpv4WithLsisMovesTcpChecksumToHits) {
  install(Direction::outbound, 0x503, true);
  const Bytes seg = tcp_segment(kLsiA, kLsiB, 333);
  const Bytes options = {1, 1, 1, 0};  // NOP NOP NOP EOL: discarded (B.1.5 step 4)
  Slot slot(ipv4_packet(kLsiA, kLsiB, 6, seg, 64, options));
  const EncapResult r = dp_.encapsulate(slot.pb, at(1));
  ASSERT_EQ(r.status, Status::ok);
  const auto opened = open_ours(r, slot, 1);
  ASSERT_TRUE(opened);
  EXPECT_EQ(opened->next_header, 6);
  ASSERT_EQ(opened->payload.size(), seg.size());
  // RFC 7401 §4.5.1: IPv6 pseudo header with the HITs.
  EXPECT_EQ(get16(opened->payload, 16),
            wire::transport_checksum(opened->payload, 16, 6, as_ip(kHitA), as_ip(kHitB)));
  EXPECT_TRUE(std::equal(seg.begin() + 18, seg.end(), opened->payload.begin() + 18));
}

TEST_F(BeetTest, OutboundIpv4UdpWithoutChecksumGetsOne) {
  install(Direction::outbound, 0x504, true);
  const Bytes udp = udp_datagram(kLsiA, kLsiB, 51, false);
  Slot slot(ipv4_packet(kLsiA, kLsiB, 17, udp));
  const EncapResult r = dp_.encapsulate(slot.pb, at(1));
  ASSERT_EQ(r.status, Status::ok);
  const auto opened = open_ours(r, slot, 1);
  ASSERT_TRUE(opened);
  std::uint16_t expect = wire::transport_checksum(opened->payload, 6, 17, as_ip(kHitA), as_ip(kHitB));
  if (expect == 0) expect = 0xffff;
  EXPECT_EQ(get16(opened->payload, 6), expect);
  EXPECT_NE(get16(opened->payload, 6), 0);
}

TEST_F(BeetTest, InboundDeliveredAsIpv4WithLsis) {
  install(Direction::inbound, 0x505, true, InnerDelivery::lsi);
  // The peer computed the UDP checksum over the HITs (B -> A).
  const Bytes udp = udp_datagram(as_ip(kHitB), as_ip(kHitA), 120, true);
  Slot* slot = nullptr;
  const DecapResult r = feed(0x505, 1, udp, 17, slot, {.hop_limit = 9, .tclass = 0x10});
  ASSERT_EQ(r.status, Status::ok);
  const Bytes got = slot->bytes(r.offset, r.length);
  ASSERT_EQ(got.size(), 20 + udp.size());
  EXPECT_EQ(got[0], 0x45);
  EXPECT_EQ(got[1], 0x10);
  EXPECT_EQ(get16(got, 2), got.size());
  EXPECT_EQ(get16(got, 6), 0x4000);  // DF, no fragment
  EXPECT_EQ(got[8], 9);
  EXPECT_EQ(got[9], 17);
  EXPECT_EQ(ipv4_header_checksum(got.data(), 20), 0);  // a valid header sums to 0
  EXPECT_TRUE(std::equal(got.begin() + 12, got.begin() + 16, kLsiB.bytes().begin()));
  EXPECT_TRUE(std::equal(got.begin() + 16, got.begin() + 20, kLsiA.bytes().begin()));
  const Bytes l4(got.begin() + 20, got.end());
  std::uint16_t expect = wire::transport_checksum(l4, 6, 17, kLsiB, kLsiA);
  if (expect == 0) expect = 0xffff;
  EXPECT_EQ(get16(l4, 6), expect);
  EXPECT_TRUE(std::equal(udp.begin() + 8, udp.end(), l4.begin() + 8));
}

TEST_F(BeetTest, TcpChecksumRoundTripsThroughTwoEndsWithLsis) {
  // A (LSIs) -> wire (HITs) -> B delivering as LSIs: the checksum checks at B.
  install(Direction::outbound, 0x506, true);
  crypto::SeededRng rng_b(4);
  DataPlane b(rng_b);
  SaConfig in = sa_config(suite8(), keys_, Direction::inbound, 0x506, true, true);
  std::swap(in.own_hit, in.peer_hit);
  std::swap(in.own_lsi, in.peer_lsi);
  in.deliver = InnerDelivery::lsi;
  ASSERT_TRUE(b.sas().install(in));
  for (std::size_t n : {0u, 1u, 2u, 999u}) {
    const Bytes seg = tcp_segment(kLsiA, kLsiB, n);
    Slot slot(ipv4_packet(kLsiA, kLsiB, 6, seg, 30));
    const EncapResult e = dp_.encapsulate(slot.pb, at(1));
    ASSERT_EQ(e.status, Status::ok);
    const DecapResult d = b.decapsulate({slot.storage, e.offset, e.length}, {.hop_limit = 30}, at(1));
    ASSERT_EQ(d.status, Status::ok);
    EXPECT_EQ(slot.bytes(d.offset, d.length), ipv4_packet(kLsiA, kLsiB, 6, seg, 30)) << n;
  }
}

TEST_F(BeetTest, InnerFamilyRules) {
  install(Direction::inbound, 0x507, false);
  install(Direction::inbound, 0x508, true, InnerDelivery::lsi);
  Slot* slot = nullptr;
  // ICMP (1) needs LSIs; without them it is not deliverable.
  EXPECT_EQ(feed(0x507, 1, pattern(16, 0), 1, slot).status, Status::bad_inner);
  DecapResult r = feed(0x508, 1, pattern(16, 0), 1, slot);
  ASSERT_EQ(r.status, Status::ok);
  EXPECT_EQ(slot->storage[r.offset] >> 4, 4);
  // ICMPv6 (58) is IPv6 even on an SA delivering LSIs.
  r = feed(0x508, 2, pattern(16, 0), 58, slot);
  ASSERT_EQ(r.status, Status::ok);
  EXPECT_EQ(slot->storage[r.offset] >> 4, 6);
  // Anything else follows the SA's choice.
  r = feed(0x508, 3, pattern(16, 0), 132, slot);
  ASSERT_EQ(r.status, Status::ok);
  EXPECT_EQ(slot->storage[r.offset] >> 4, 4);
  r = feed(0x507, 2, pattern(16, 0), 132, slot);
  ASSERT_EQ(r.status, Status::ok);
  EXPECT_EQ(slot->storage[r.offset] >> 4, 6);
}

TEST_F(BeetTest, Ipv4OptionsPseudoHeaderIsRestored) {
  install(Direction::inbound, 0x509, true, InnerDelivery::lsi);
  // RFC 7402 B.1.7: | NH | HdrLen | PadLen | Rsv | NOP padding | options |,
  // 8 + HdrLen * 8 bytes in all, padding 0 or 4.
  struct PhCase {
    Bytes options;
    std::uint8_t hdr_len;
    std::uint8_t pad;
  };
  const PhCase cases[] = {
      {{0x94, 0x04, 0x00, 0x00}, 0, 0},                          // Router Alert (RFC 2113)
      {{0x94, 0x04, 0x00, 0x00, 0x01, 0x01, 0x01, 0x00}, 1, 4},  // + NOP NOP NOP EOL
  };
  std::uint64_t seq = 1;
  for (const PhCase& c : cases) {
    Bytes payload = {17, c.hdr_len, c.pad, 0};
    payload.insert(payload.end(), c.pad, 0x01);  // NOPs
    payload.insert(payload.end(), c.options.begin(), c.options.end());
    const Bytes udp = udp_datagram(as_ip(kHitB), as_ip(kHitA), 10, true);
    payload.insert(payload.end(), udp.begin(), udp.end());
    Slot* slot = nullptr;
    const DecapResult r = feed(0x509, seq++, payload, 94, slot, {.hop_limit = 5});
    ASSERT_EQ(r.status, Status::ok);
    const Bytes got = slot->bytes(r.offset, r.length);
    const std::size_t ihl = 20 + c.options.size();
    ASSERT_EQ(got.size(), ihl + udp.size());
    EXPECT_EQ(got[0], 0x40 | (ihl / 4));  // the options are back in the header
    EXPECT_EQ(got[9], 17);
    EXPECT_TRUE(std::equal(c.options.begin(), c.options.end(), got.begin() + 20));
    EXPECT_EQ(ipv4_header_checksum(got.data(), ihl), 0);
    const Bytes l4(got.begin() + static_cast<long>(ihl), got.end());
    std::uint16_t expect = wire::transport_checksum(l4, 6, 17, kLsiB, kLsiA);
    if (expect == 0) expect = 0xffff;
    EXPECT_EQ(get16(l4, 6), expect);
  }
  Slot* slot = nullptr;
  // A pseudo header claiming more than the payload, or padding of 2.
  EXPECT_EQ(feed(0x509, seq++, {17, 9, 0, 0, 0, 0, 0, 0}, 94, slot).status, Status::bad_inner);
  EXPECT_EQ(feed(0x509, seq++, {17, 0, 2, 0, 1, 1, 0x94, 4}, 94, slot).status, Status::bad_inner);
}

TEST_F(BeetTest, MalformedInnerPackets) {
  install(Direction::outbound, 0x50a, true);
  const Bytes seg = tcp_segment(kLsiA, kLsiB, 10);
  Bytes frag = ipv4_packet(kLsiA, kLsiB, 6, seg);
  frag[6] = 0x20;  // MF: BEET cannot carry fragments
  const Bytes cases[] = {
      {},
      {0x60, 0, 0},
      Bytes(39, 0x60),
      frag,
      {0x45, 0, 0, 10, 0, 0, 0, 0, 64, 6, 0, 0, 1, 0, 0, 1, 1, 0, 0, 2},  // total < IHL
      {0x75, 0, 0, 20},                                                  // version 7
  };
  for (const Bytes& c : cases) {
    Slot slot(c.empty() ? Bytes{0} : c);
    if (c.empty()) slot.pb.length = 0;
    EXPECT_EQ(dp_.encapsulate(slot.pb, at(1)).status, Status::malformed_inner) << c.size();
  }
  // IPv6 claiming more payload than it has.
  Bytes v6 = ipv6_packet(kHitA, kHitB, 17, pattern(10, 0));
  v6[5] = 200;
  Slot slot(v6);
  EXPECT_EQ(dp_.encapsulate(slot.pb, at(1)).status, Status::malformed_inner);
  // A TCP segment too short to hold its checksum, on the LSI path.
  Slot shorty(ipv4_packet(kLsiA, kLsiB, 6, pattern(10, 0)));
  EXPECT_EQ(dp_.encapsulate(shorty.pb, at(1)).status, Status::malformed_inner);
  EXPECT_EQ(dp_.outbound_counters().dropped(Status::malformed_inner), std::size(cases) + 2);
}

TEST_F(BeetTest, HeadroomAndTailroomBounds) {
  // Outbound IPv4 under AES-CBC: ESP header + IV (24) exceed the IPv4 header
  // (20) by 4 bytes of headroom.
  install(Direction::outbound, 0x50b, true);
  const Bytes v4 = ipv4_packet(kLsiA, kLsiB, 17, udp_datagram(kLsiA, kLsiB, 10, true));
  Slot tight(v4, 3);
  EXPECT_EQ(dp_.encapsulate(tight.pb, at(1)).status, Status::no_headroom);
  Slot enough(v4, 4);
  EXPECT_EQ(dp_.encapsulate(enough.pb, at(1)).status, Status::ok);
  Slot no_tail(v4, kEspHeadroom, 10);
  EXPECT_EQ(dp_.encapsulate(no_tail.pb, at(1)).status, Status::no_tailroom);

  // Inbound IPv6 after NULL encryption: the 40-byte header needs 32 bytes in
  // front of the ESP packet.
  const RefKeys k7 = ref_keys(suite7(), 12);
  SaConfig c = sa_config(suite7(), k7, Direction::inbound, 0x50c, true);
  ASSERT_TRUE(dp_.sas().install(c));
  const Bytes esp = ref_seal(suite7(), k7, 0x50c, 1, true, pattern(20, 0), 17, {});
  Slot no_room(esp, kEspHeadroom - 1);
  EXPECT_EQ(dp_.decapsulate(no_room.pb, {}, at(1)).status, Status::no_headroom);
  const Bytes esp2 = ref_seal(suite7(), k7, 0x50c, 2, true, pattern(20, 0), 17, {});
  Slot room(esp2, kEspHeadroom, 0);
  const DecapResult r = dp_.decapsulate(room.pb, {}, at(1));
  ASSERT_EQ(r.status, Status::ok);
  EXPECT_EQ(r.offset, 0u);
}

}  // namespace
}  // namespace hip::esp::test
