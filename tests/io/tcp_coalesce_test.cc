// Receive-side coalescing of TCP segments into one super-packet for hip0:
// which runs merge (GRO's rules), the merged headers, and the partial
// checksum, checked against the plain RFC 1071 routine written here.
#include "io/tcp_coalesce.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

namespace hip::io {
namespace {

using Bytes = std::vector<std::uint8_t>;
constexpr std::uint8_t kAck = 0x10, kPsh = 0x08, kFin = 0x01;

std::uint32_t sum16(const std::uint8_t* p, std::size_t n, std::uint32_t sum = 0) {
  for (std::size_t i = 0; i + 1 < n; i += 2) sum += (std::uint32_t{p[i]} << 8) | p[i + 1];
  if (n % 2) sum += std::uint32_t{p[n - 1]} << 8;
  return sum;
}
std::uint16_t fold(std::uint32_t sum) {
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return static_cast<std::uint16_t>(sum);
}
void put16(std::uint8_t* p, std::uint32_t v) {
  p[0] = static_cast<std::uint8_t>(v >> 8);
  p[1] = static_cast<std::uint8_t>(v);
}
void put32(std::uint8_t* p, std::uint32_t v) {
  put16(p, v >> 16);
  put16(p + 2, v & 0xffff);
}
std::uint32_t pseudo6(const std::uint8_t* ip, std::uint32_t length) {
  return sum16(ip + 8, 32) + (length >> 16) + (length & 0xffff) + 6;
}

// One IPv6/TCP segment with a correct checksum; payload bytes follow `seq`.
Bytes segment(std::uint32_t seq, std::size_t payload, std::uint8_t flags = kAck,
              std::uint16_t src_port = 5201) {
  Bytes p(40 + 32 + payload);
  p[0] = 0x60;
  p[1] = 0x0a;  // traffic class / flow label bits
  put16(&p[4], static_cast<std::uint32_t>(32 + payload));
  p[6] = 6;
  p[7] = 64;
  for (std::size_t i = 8; i < 40; ++i) p[i] = static_cast<std::uint8_t>(0x20 + i);
  std::uint8_t* t = &p[40];
  put16(t, src_port);
  put16(t + 2, 40000);
  put32(t + 4, seq);
  put32(t + 8, 0xa0b0c0d0);
  t[12] = 0x80;  // 32-byte header
  t[13] = flags;
  put16(t + 14, 1000);
  t[20] = 1;
  t[21] = 1;
  t[22] = 8;  // timestamp option, equal in every segment
  t[23] = 10;
  put32(t + 24, 0x11223344);
  put32(t + 28, 0x55667788);
  for (std::size_t i = 0; i < payload; ++i) p[72 + i] = static_cast<std::uint8_t>((seq + i) * 31);
  const auto len = static_cast<std::uint32_t>(32 + payload);
  put16(t + 16, static_cast<std::uint16_t>(~fold(sum16(t, len, pseudo6(p.data(), len)))));
  return p;
}

struct Batch {
  std::vector<Bytes> packets;
  std::vector<PacketSlot> slots;
  explicit Batch(std::vector<Bytes> ps) : packets(std::move(ps)) {
    for (auto& p : packets) slots.push_back({p, 0, p.size()});
  }
};

TEST(TcpCoalesce, MergesContiguousSegmentsOfOneFlow) {
  const std::size_t mss = 1300;
  Batch b({segment(1000, mss), segment(1000 + mss, mss), segment(1000 + 2 * mss, mss),
           segment(1000 + 3 * mss, 400, kAck | kPsh), segment(1000 + 3 * mss + 400, mss)});
  const std::vector<Bytes> original = b.packets;
  const CoalescePlan plan = plan_coalesce(b.slots, 64);
  ASSERT_EQ(plan.count, 4u);  // the short PSH segment ends the run
  EXPECT_EQ(plan.header_bytes, 72u);
  EXPECT_EQ(plan.segment_payload, mss);
  EXPECT_EQ(plan.total_payload, 3 * mss + 400);

  const VnetHeader h = merge_first_headers(plan, b.slots);
  EXPECT_EQ(h.flags, kVnetNeedsCsum);
  EXPECT_EQ(h.gso_type, kGsoTcpV6);
  EXPECT_EQ(h.gso_size, mss);
  EXPECT_EQ(h.hdr_len, 72);
  EXPECT_EQ(h.csum_start, 40);
  EXPECT_EQ(h.csum_offset, 16);

  // The merged packet as the kernel gathers it.
  Bytes merged = b.packets[0];
  for (std::size_t i = 1; i < 4; ++i) merged.insert(merged.end(), b.packets[i].begin() + 72, b.packets[i].end());
  ASSERT_EQ(merged.size(), 72 + 3 * mss + 400);
  const std::uint8_t* m = merged.data();
  EXPECT_EQ((m[4] << 8) | m[5], 32 + 3 * mss + 400);
  EXPECT_EQ(m[40 + 13], kAck | kPsh);
  const auto len = static_cast<std::uint32_t>(merged.size() - 40);
  EXPECT_EQ((m[56] << 8) | m[57], fold(pseudo6(m, len))) << "partial checksum";
  // Completed the way the kernel does (sum of the TCP bytes with the partial
  // value in place, no pseudo header), the merged packet must verify
  // against the pseudo header computed here.
  Bytes full = merged;
  put16(&full[56], static_cast<std::uint16_t>(~fold(sum16(&full[40], len, 0))));
  EXPECT_EQ(fold(sum16(&full[40], len, pseudo6(full.data(), len))), 0xffff);
  // Everything else of the first header unchanged; payload bytes in order.
  EXPECT_TRUE(std::equal(m, m + 4, original[0].begin()));
  EXPECT_TRUE(std::equal(m + 6, m + 53, original[0].begin() + 6));  // up to the flags
  EXPECT_TRUE(std::equal(m + 54, m + 56, original[0].begin() + 54));
  EXPECT_TRUE(std::equal(m + 58, m + 72, original[0].begin() + 58));
  Bytes expected_payload;
  for (std::size_t i = 0; i < 4; ++i) expected_payload.insert(expected_payload.end(), original[i].begin() + 72, original[i].end());
  EXPECT_EQ(Bytes(merged.begin() + 72, merged.end()), expected_payload);
  // The packets after the run are untouched.
  EXPECT_EQ(b.packets[4], original[4]);
}

TEST(TcpCoalesce, StopsWhereGroWould) {
  const std::size_t mss = 1000;
  auto run = [](std::vector<Bytes> ps, std::size_t max = 64) {
    Batch b(std::move(ps));
    return plan_coalesce(b.slots, max).count;
  };
  EXPECT_EQ(run({segment(0, mss)}), 1u);
  EXPECT_EQ(run({segment(0, mss), segment(mss + 1, mss)}), 1u) << "sequence gap";
  EXPECT_EQ(run({segment(0, mss), segment(mss, mss, kAck, 5202)}), 1u) << "other flow";
  EXPECT_EQ(run({segment(0, mss, kAck | kPsh), segment(mss, mss)}), 1u) << "PSH first";
  EXPECT_EQ(run({segment(0, mss), segment(mss, mss, kAck | kFin)}), 1u) << "FIN";
  EXPECT_EQ(run({segment(0, mss), segment(mss, mss + 1)}), 1u) << "longer than the first";
  EXPECT_EQ(run({segment(0, mss), segment(mss, 500), segment(mss + 500, 500)}), 2u) << "short ends it";
  EXPECT_EQ(run({segment(0, mss), segment(mss, mss), segment(2 * mss, mss)}, 2), 2u) << "max_count";
  EXPECT_EQ(run({segment(0, 0), segment(0, mss)}), 1u) << "pure ACK";
  // 64 KB: 1300-byte segments, 50 of them exceed 65535 - 72.
  std::vector<Bytes> many;
  for (std::uint32_t i = 0; i < 60; ++i) many.push_back(segment(i * 1300, 1300));
  EXPECT_EQ(run(many), (65535 - 72) / 1300);

  Bytes window = segment(mss, mss);
  window[40 + 15] ^= 1;
  EXPECT_EQ(run({segment(0, mss), window}), 1u) << "window differs";
  Bytes options = segment(mss, mss);
  options[40 + 31] ^= 1;
  EXPECT_EQ(run({segment(0, mss), options}), 1u) << "timestamp differs";
  Bytes hops = segment(mss, mss);
  hops[7] = 63;
  EXPECT_EQ(run({segment(0, mss), hops}), 1u) << "hop limit differs";
}

TEST(TcpCoalesce, BadChecksumIsNeverMerged) {
  const std::size_t mss = 1000;
  Bytes bad_second = segment(mss, mss);
  bad_second[100] ^= 0x40;
  Batch b({segment(0, mss), bad_second});
  EXPECT_EQ(plan_coalesce(b.slots, 64).count, 1u);
  Bytes bad_first = segment(0, mss);
  bad_first[100] ^= 0x40;
  Batch c({bad_first, segment(mss, mss)});
  EXPECT_EQ(plan_coalesce(c.slots, 64).count, 1u);
  Bytes bad_third = segment(2 * mss, mss);
  bad_third[80] ^= 1;
  Batch d({segment(0, mss), segment(mss, mss), bad_third});
  EXPECT_EQ(plan_coalesce(d.slots, 64).count, 2u);
}

TEST(TcpCoalesce, LeavesIpv4AndMalformedAlone) {
  Bytes v4(60 + 1000);
  v4[0] = 0x45;
  Bytes short_v6 = segment(0, 1000);
  short_v6.resize(50);
  Bytes lying = segment(1000, 1000);
  put16(&lying[4], 2000);  // payload length past the end
  Batch b({v4, v4});
  EXPECT_EQ(plan_coalesce(b.slots, 64).count, 1u);
  Batch c({segment(0, 1000), short_v6});
  EXPECT_EQ(plan_coalesce(c.slots, 64).count, 1u);
  Batch d({segment(0, 1000), lying});
  EXPECT_EQ(plan_coalesce(d.slots, 64).count, 1u);
}

}  // namespace
}  // namespace hip::io
