#include "io/tcp_coalesce.h"

#include <cstring>

#include "base/bytes.h"
#include "io/inet_checksum.h"

namespace hip::io {
namespace {

constexpr std::size_t kIpv6Header = 40;
constexpr std::uint8_t kProtoTcp = 6;
constexpr std::size_t kTcpMinHeader = 20;
constexpr std::size_t kTcpChecksumOffset = 16;
constexpr std::uint8_t kTcpPsh = 0x08;
constexpr std::uint8_t kTcpAck = 0x10;
// IPv6 payload length is 16 bits.
constexpr std::size_t kMaxMergedBytes = 65535;

// A parsed IPv6/TCP segment, or header_bytes == 0 when it cannot join a run.
struct Segment {
  std::span<const std::uint8_t> bytes;
  std::size_t header_bytes = 0;
  std::size_t payload = 0;
  std::uint32_t seq = 0;
  std::uint8_t flags = 0;
};

Segment parse(const PacketSlot& slot) {
  Segment s;
  s.bytes = std::span<const std::uint8_t>(slot.buffer).subspan(slot.offset, slot.length);
  const auto& p = s.bytes;
  if (p.size() < kIpv6Header + kTcpMinHeader || (p[0] >> 4) != 6 || p[6] != kProtoTcp) return s;
  if (base::get_u16(p, 4) + kIpv6Header != p.size()) return s;
  const std::size_t tcp_header = static_cast<std::size_t>(p[kIpv6Header + 12] >> 4) * 4;
  if (tcp_header < kTcpMinHeader || kIpv6Header + tcp_header > p.size()) return s;
  s.header_bytes = kIpv6Header + tcp_header;
  s.payload = p.size() - s.header_bytes;
  s.seq = base::get_u32(p, kIpv6Header + 4);
  s.flags = p[kIpv6Header + 13];
  return s;
}

// The same flow and the same header fields GRO requires equal: IPv6 bytes
// 0-3 (version, class, flow label), 6-39 (next header, hop limit,
// addresses); TCP ports, ACK number, data offset, window, urgent pointer
// and options. Sequence number, flags and checksum may differ.
bool same_headers(const Segment& a, const Segment& b) {
  if (a.header_bytes != b.header_bytes) return false;
  const std::uint8_t* x = a.bytes.data();
  const std::uint8_t* y = b.bytes.data();
  const std::size_t t = kIpv6Header;
  return std::memcmp(x, y, 4) == 0 && std::memcmp(x + 6, y + 6, 34) == 0 &&
         std::memcmp(x + t, y + t, 4) == 0 &&            // ports
         std::memcmp(x + t + 8, y + t + 8, 5) == 0 &&    // ACK, data offset
         std::memcmp(x + t + 14, y + t + 14, 2) == 0 &&  // window
         std::memcmp(x + t + 18, y + t + 18, a.header_bytes - t - 18) == 0;  // urgent, options
}

std::uint64_t pseudo_header_sum(std::span<const std::uint8_t> packet, std::size_t tcp_bytes) {
  // RFC 8200 §8.1: addresses, upper-layer length, next header.
  std::uint8_t tail[8] = {};
  base::put_u32(tail, 0, static_cast<std::uint32_t>(tcp_bytes));
  tail[7] = kProtoTcp;
  return checksum_add(packet.subspan(8, 32), checksum_add(tail, 0));
}

bool checksum_ok(const Segment& s) {
  const auto tcp = s.bytes.subspan(kIpv6Header);
  return checksum_fold(checksum_add(tcp, pseudo_header_sum(s.bytes, tcp.size()))) == 0xffff;
}

}  // namespace

CoalescePlan plan_coalesce(std::span<const PacketSlot> packets, std::size_t max_count) noexcept {
  CoalescePlan plan;
  if (packets.size() < 2 || max_count < 2) return plan;
  const Segment first = parse(packets[0]);
  // Only a full-sized, ACK-only first segment can be followed.
  if (first.header_bytes == 0 || first.payload == 0 || first.flags != kTcpAck) return plan;
  std::size_t total = first.payload;
  std::size_t count = 1;
  bool first_checked = false;
  while (count < packets.size() && count < max_count) {
    const Segment next = parse(packets[count]);
    if (next.header_bytes == 0 || next.payload == 0 || next.payload > first.payload) break;
    if ((next.flags & ~kTcpPsh) != kTcpAck) break;
    if (next.seq != static_cast<std::uint32_t>(first.seq + total)) break;
    if (first.header_bytes + total + next.payload > kMaxMergedBytes) break;
    if (!same_headers(first, next)) break;
    if (!first_checked) {
      if (!checksum_ok(first)) return plan;
      first_checked = true;
    }
    if (!checksum_ok(next)) break;
    total += next.payload;
    ++count;
    // A short segment or PSH ends the run (GRO flushes there too).
    if (next.payload < first.payload || (next.flags & kTcpPsh) != 0) break;
  }
  if (count < 2) return plan;
  plan.count = count;
  plan.header_bytes = first.header_bytes;
  plan.segment_payload = first.payload;
  plan.total_payload = total;
  return plan;
}

VnetHeader merge_first_headers(const CoalescePlan& plan, std::span<const PacketSlot> packets) noexcept {
  const PacketSlot& first = packets[0];
  std::span<std::uint8_t> p = first.buffer.subspan(first.offset, first.length);
  const std::size_t tcp_bytes = plan.header_bytes - kIpv6Header + plan.total_payload;
  base::put_u16(p, 4, static_cast<std::uint16_t>(tcp_bytes));
  const PacketSlot& last = packets[plan.count - 1];
  p[kIpv6Header + 13] = static_cast<std::uint8_t>(p[kIpv6Header + 13] |
                                                  (last.buffer[last.offset + kIpv6Header + 13] & kTcpPsh));
  // A partial checksum holds the folded pseudo-header sum, not complemented:
  // the kernel adds the rest if it ever needs the full one.
  const auto partial = checksum_fold(pseudo_header_sum(p, tcp_bytes));
  std::memcpy(&p[kIpv6Header + kTcpChecksumOffset], &partial, 2);
  VnetHeader h;
  h.flags = kVnetNeedsCsum;
  h.gso_type = kGsoTcpV6;
  h.hdr_len = static_cast<std::uint16_t>(plan.header_bytes);
  h.gso_size = static_cast<std::uint16_t>(plan.segment_payload);
  h.csum_start = static_cast<std::uint16_t>(kIpv6Header);
  h.csum_offset = static_cast<std::uint16_t>(kTcpChecksumOffset);
  return h;
}

}  // namespace hip::io
