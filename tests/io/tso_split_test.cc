// The TUN offload helpers: TCP super-packets cut into segments as a NIC's TSO
// would (headers, sequence numbers, flags, checksums), partial checksums
// completed, bad headers refused. Every checksum is verified with the plain
// RFC 1071 routine below, written for the test (16-bit big-endian words), not
// with io/inet_checksum.
#include "io/tso_split.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

namespace hip::io {
namespace {

using Bytes = std::vector<std::uint8_t>;

constexpr std::uint8_t kFin = 0x01, kPsh = 0x08, kAck = 0x10, kCwr = 0x80;

// RFC 1071: one's complement sum of big-endian 16-bit words.
std::uint32_t sum16(const std::uint8_t* p, std::size_t n, std::uint32_t sum = 0) {
  for (std::size_t i = 0; i + 1 < n; i += 2) sum += (std::uint32_t{p[i]} << 8) | p[i + 1];
  if (n % 2) sum += std::uint32_t{p[n - 1]} << 8;
  return sum;
}
std::uint16_t fold(std::uint32_t sum) {
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return static_cast<std::uint16_t>(sum);
}
std::uint16_t be16(const std::uint8_t* p) { return static_cast<std::uint16_t>((p[0] << 8) | p[1]); }
std::uint32_t be32(const std::uint8_t* p) {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) | p[3];
}
void put16(std::uint8_t* p, std::uint32_t v) {
  p[0] = static_cast<std::uint8_t>(v >> 8);
  p[1] = static_cast<std::uint8_t>(v);
}
void put32(std::uint8_t* p, std::uint32_t v) {
  put16(p, v >> 16);
  put16(p + 2, v & 0xffff);
}

// Sum of the pseudo header (RFC 8200 §8.1 / RFC 9293 §3.1) of an IP packet
// whose transport header starts at `l4` and runs to the end.
std::uint32_t pseudo_sum(const Bytes& p, std::size_t l4, std::uint8_t proto) {
  const auto length = static_cast<std::uint32_t>(p.size() - l4);
  if ((p[0] >> 4) == 6) return sum16(&p[8], 32) + (length >> 16) + (length & 0xffff) + proto;
  return sum16(&p[12], 8) + proto + length;
}
bool transport_checksum_ok(const Bytes& p, std::size_t l4, std::uint8_t proto) {
  return fold(sum16(&p[l4], p.size() - l4, pseudo_sum(p, l4, proto))) == 0xffff;
}

// A TCP super-packet as the kernel hands it over: headers for the whole
// payload, checksum field holding only the pseudo-header sum (partial).
Bytes tcp_super_packet(bool v6, std::size_t payload, std::uint8_t flags, std::size_t tcp_header = 32) {
  const std::size_t ip = v6 ? 40 : 24;  // IPv4 with one 4-byte option (NOPs)
  Bytes p(ip + tcp_header + payload);
  if (v6) {
    p[0] = 0x60;
    put16(&p[4], static_cast<std::uint32_t>(tcp_header + payload));
    p[6] = 6;
    p[7] = 64;
    const std::uint8_t src[16] = {0x20, 0x01, 0x00, 0x2a, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
    const std::uint8_t dst[16] = {0x20, 0x01, 0x00, 0x2b, 0xf1, 0xe2, 0xd3, 0xc4,
                                  0xb5, 0xa6, 0x97, 0x88, 0x79, 0x6a, 0x5b, 0x4c};
    std::copy(src, src + 16, &p[8]);
    std::copy(dst, dst + 16, &p[24]);
  } else {
    p[0] = 0x46;  // IHL 6
    put16(&p[2], static_cast<std::uint32_t>(p.size()));
    put16(&p[4], 0xfffe);  // ID: the segments wrap past 0xffff
    p[6] = 0x40;           // DF
    p[8] = 64;
    p[9] = 6;
    const std::uint8_t addrs[8] = {1, 2, 3, 4, 1, 200, 100, 50};
    std::copy(addrs, addrs + 8, &p[12]);
    p[20] = p[21] = p[22] = p[23] = 1;  // NOP options
  }
  std::uint8_t* t = &p[ip];
  put16(t, 40000);
  put16(t + 2, 5201);
  put32(t + 4, 0xfffff000u);  // the sequence wraps inside the packet
  put32(t + 8, 0x01020304);
  t[12] = static_cast<std::uint8_t>((tcp_header / 4) << 4);
  t[13] = flags;
  put16(t + 14, 512);
  for (std::size_t i = 20; i < tcp_header; ++i) t[i] = 1;  // NOP options
  for (std::size_t i = 0; i < payload; ++i) {
    p[ip + tcp_header + i] = static_cast<std::uint8_t>((i * 7 + i / 251) & 0xff);
  }
  // What the kernel leaves for the device: the (uncomplemented) pseudo sum.
  put16(t + 16, fold(pseudo_sum(p, ip, 6)));
  return p;
}

VnetHeader tso_header(bool v6, std::size_t ip, std::uint16_t mss) {
  VnetHeader h;
  h.flags = kVnetNeedsCsum;
  h.gso_type = v6 ? kGsoTcpV6 : kGsoTcpV4;
  h.hdr_len = static_cast<std::uint16_t>(ip + 32);
  h.gso_size = mss;
  h.csum_start = static_cast<std::uint16_t>(ip);
  h.csum_offset = 16;
  return h;
}

struct Cut {
  std::vector<Bytes> segments;
  Bytes payload;  // concatenated
};

Cut cut(const Bytes& super, const VnetHeader& h) {
  const auto plan = plan_tso(h, super);
  EXPECT_TRUE(plan);
  Cut c;
  if (!plan) return c;
  for (std::size_t i = 0; i < plan->count; ++i) {
    Bytes out(2048, 0xee);
    const std::size_t n = write_tso_segment(*plan, super, i, out);
    EXPECT_EQ(n, plan->segment_bytes(i));
    out.resize(n);
    c.payload.insert(c.payload.end(), out.begin() + static_cast<long>(plan->header_bytes), out.end());
    c.segments.push_back(std::move(out));
  }
  return c;
}

TEST(TsoSplit, Ipv6SuperPacketBecomesMssSegments) {
  const std::size_t payload = 5000, mss = 1351, ip = 40;
  const Bytes super = tcp_super_packet(true, payload, kAck | kPsh | kFin | kCwr);
  const Cut c = cut(super, tso_header(true, ip, mss));
  ASSERT_EQ(c.segments.size(), 4u);  // 1351 * 3 + 947
  EXPECT_EQ(c.payload, Bytes(super.begin() + 72, super.end()));
  for (std::size_t i = 0; i < c.segments.size(); ++i) {
    SCOPED_TRACE(i);
    const Bytes& s = c.segments[i];
    const std::size_t seg_payload = i < 3 ? mss : payload - 3 * mss;
    ASSERT_EQ(s.size(), ip + 32 + seg_payload);
    EXPECT_EQ(be16(&s[4]), 32 + seg_payload);                                 // payload length
    EXPECT_TRUE(std::equal(s.begin(), s.begin() + 4, super.begin()));          // version, class, flow
    EXPECT_TRUE(std::equal(s.begin() + 6, s.begin() + 40, super.begin() + 6)); // nh, hops, addresses
    const std::uint8_t* t = &s[ip];
    EXPECT_EQ(be32(t + 4), static_cast<std::uint32_t>(0xfffff000u + i * mss));
    EXPECT_EQ(be32(t + 8), 0x01020304u);
    const bool last = i + 1 == c.segments.size();
    EXPECT_EQ(t[13], (kAck | (last ? kPsh | kFin : 0) | (i == 0 ? kCwr : 0)));
    EXPECT_TRUE(std::equal(t + 14, t + 16, &super[ip + 14]));                // window
    EXPECT_TRUE(std::equal(t + 18, t + 32, &super[ip + 18]));                // urgent, options
    EXPECT_TRUE(transport_checksum_ok(s, ip, 6));
  }
}

TEST(TsoSplit, Ipv4SuperPacketGetsIdsAndHeaderChecksums) {
  const std::size_t payload = 3000, mss = 1000, ip = 24;
  const Bytes super = tcp_super_packet(false, payload, kAck | kPsh);
  const Cut c = cut(super, tso_header(false, ip, mss));
  ASSERT_EQ(c.segments.size(), 3u);
  EXPECT_EQ(c.payload, Bytes(super.begin() + 56, super.end()));
  const std::uint16_t ids[3] = {0xfffe, 0xffff, 0x0000};
  for (std::size_t i = 0; i < 3; ++i) {
    SCOPED_TRACE(i);
    const Bytes& s = c.segments[i];
    EXPECT_EQ(s.size(), ip + 32 + mss);
    EXPECT_EQ(be16(&s[2]), s.size());
    EXPECT_EQ(be16(&s[4]), ids[i]);
    EXPECT_EQ(s[6], 0x40);  // DF kept
    EXPECT_EQ(fold(sum16(s.data(), ip)), 0xffff) << "IPv4 header checksum";
    EXPECT_TRUE(std::equal(&s[20], &s[24], &super[20]));  // IP options copied
    EXPECT_EQ(s[ip + 13], i == 2 ? (kAck | kPsh) : kAck);
    EXPECT_TRUE(transport_checksum_ok(s, ip, 6));
  }
}

TEST(TsoSplit, ExactMultipleAndSingleSegment) {
  const Bytes even = tcp_super_packet(true, 2 * 1200, kAck);
  EXPECT_EQ(cut(even, tso_header(true, 40, 1200)).segments.size(), 2u);
  const Bytes small = tcp_super_packet(true, 700, kAck | kFin);
  const Cut one = cut(small, tso_header(true, 40, 1200));
  ASSERT_EQ(one.segments.size(), 1u);
  EXPECT_EQ(one.segments[0][40 + 13], kAck | kFin);
  EXPECT_TRUE(transport_checksum_ok(one.segments[0], 40, 6));
}

TEST(TsoSplit, SegmentLargerThanTheBufferIsNotWritten) {
  const Bytes super = tcp_super_packet(true, 4000, kAck);
  const auto plan = plan_tso(tso_header(true, 40, 1400), super);
  ASSERT_TRUE(plan);
  Bytes out(40 + 32 + 1399);
  EXPECT_EQ(write_tso_segment(*plan, super, 0, out), 0u);
  Bytes roomy(2048);
  EXPECT_EQ(write_tso_segment(*plan, super, plan->count, roomy), 0u);
  // A plan for another packet is refused rather than read past.
  const Bytes shorter(super.begin(), super.end() - 10);
  Bytes big(2048);
  EXPECT_EQ(write_tso_segment(*plan, shorter, 2, big), 0u);
}

TEST(TsoSplit, RefusesBadSuperPackets) {
  const Bytes good = tcp_super_packet(true, 3000, kAck);
  const VnetHeader h = tso_header(true, 40, 1200);
  ASSERT_TRUE(plan_tso(h, good));

  VnetHeader udp = h;
  udp.gso_type = 3;  // VIRTIO_NET_HDR_GSO_UDP
  EXPECT_EQ(plan_tso(udp, good).error(), OffloadError::unsupported);
  VnetHeader zero_mss = h;
  zero_mss.gso_size = 0;
  EXPECT_EQ(plan_tso(zero_mss, good).error(), OffloadError::malformed);
  VnetHeader wrong_start = h;
  wrong_start.csum_start = 20;
  EXPECT_EQ(plan_tso(wrong_start, good).error(), OffloadError::malformed);
  VnetHeader v4_type = h;
  v4_type.gso_type = kGsoTcpV4;
  EXPECT_EQ(plan_tso(v4_type, good).error(), OffloadError::malformed);

  Bytes bad_length = good;
  put16(&bad_length[4], 100);
  EXPECT_EQ(plan_tso(h, bad_length).error(), OffloadError::malformed);
  Bytes not_tcp = good;
  not_tcp[6] = 17;
  EXPECT_EQ(plan_tso(h, not_tcp).error(), OffloadError::unsupported);
  Bytes short_doff = good;
  short_doff[40 + 12] = 0x40;  // data offset 4 words
  EXPECT_EQ(plan_tso(h, short_doff).error(), OffloadError::malformed);
  // Headers only, and every prefix of the headers: refused, never read past.
  for (std::size_t n = 0; n <= 72; ++n) {
    Bytes cut_short(good.begin(), good.begin() + static_cast<long>(n));
    if (n >= 6) put16(&cut_short[4], static_cast<std::uint32_t>(n >= 40 ? n - 40 : 0));
    EXPECT_FALSE(plan_tso(h, cut_short)) << n;
  }

  const Bytes v4 = tcp_super_packet(false, 3000, kAck);
  const VnetHeader h4 = tso_header(false, 24, 1200);
  ASSERT_TRUE(plan_tso(h4, v4));
  Bytes fragment = v4;
  fragment[6] |= 0x20;  // MF
  EXPECT_EQ(plan_tso(h4, fragment).error(), OffloadError::malformed);
  Bytes bad_ihl = v4;
  bad_ihl[0] = 0x44;
  EXPECT_EQ(plan_tso(h4, bad_ihl).error(), OffloadError::malformed);
}

TEST(CompleteChecksum, FinishesPartialTcpAndUdpChecksums) {
  // TCP over IPv6, one segment's worth, odd payload length.
  Bytes tcp = tcp_super_packet(true, 1001, kAck);
  VnetHeader h = tso_header(true, 40, 0);
  h.gso_type = kGsoNone;
  ASSERT_TRUE(complete_checksum(h, tcp));
  EXPECT_TRUE(transport_checksum_ok(tcp, 40, 6));

  // UDP over IPv6: header 8 bytes, checksum at offset 6.
  Bytes udp(40 + 8 + 333);
  udp[0] = 0x60;
  put16(&udp[4], 8 + 333);
  udp[6] = 17;
  for (std::size_t i = 8; i < 40; ++i) udp[i] = static_cast<std::uint8_t>(i * 13);
  put16(&udp[40], 5353);
  put16(&udp[42], 10500);
  put16(&udp[44], 8 + 333);
  for (std::size_t i = 48; i < udp.size(); ++i) udp[i] = static_cast<std::uint8_t>(i);
  put16(&udp[46], fold(pseudo_sum(udp, 40, 17)));
  VnetHeader hu;
  hu.flags = kVnetNeedsCsum;
  hu.csum_start = 40;
  hu.csum_offset = 6;
  ASSERT_TRUE(complete_checksum(hu, udp));
  EXPECT_TRUE(transport_checksum_ok(udp, 40, 17));
  EXPECT_NE(be16(&udp[46]), 0);
}

TEST(CompleteChecksum, LeavesCompletePacketsAloneAndRefusesBadOffsets) {
  Bytes p = tcp_super_packet(true, 100, kAck);
  const Bytes before = p;
  ASSERT_TRUE(complete_checksum(VnetHeader{}, p));
  EXPECT_EQ(p, before);
  VnetHeader h;
  h.flags = kVnetNeedsCsum;
  h.csum_start = 40;
  h.csum_offset = static_cast<std::uint16_t>(p.size() - 40 - 1);  // field past the end
  EXPECT_EQ(complete_checksum(h, p).error(), OffloadError::malformed);
  h.csum_start = 0xffff;
  h.csum_offset = 16;
  EXPECT_EQ(complete_checksum(h, p).error(), OffloadError::malformed);
  EXPECT_EQ(p, before);
}

TEST(VnetHeader, RoundTripsInHostOrder) {
  VnetHeader h{kVnetNeedsCsum, kGsoTcpV6, 72, 1351, 40, 16};
  std::uint8_t bytes[kVnetHeaderBytes];
  write_vnet_header(h, bytes);
  const VnetHeader back = parse_vnet_header(bytes);
  EXPECT_EQ(back.flags, h.flags);
  EXPECT_EQ(back.gso_type, h.gso_type);
  EXPECT_EQ(back.hdr_len, 72);
  EXPECT_EQ(back.gso_size, 1351);
  EXPECT_EQ(back.csum_start, 40);
  EXPECT_EQ(back.csum_offset, 16);
}

}  // namespace
}  // namespace hip::io
