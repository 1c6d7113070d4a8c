#include "io/tso_split.h"

#include <cstring>

#include "base/bytes.h"
#include "io/inet_checksum.h"

namespace hip::io {
namespace {

constexpr std::uint8_t kProtoTcp = 6;
constexpr std::size_t kIpv4MinHeader = 20;
constexpr std::size_t kIpv6Header = 40;
constexpr std::size_t kTcpMinHeader = 20;
constexpr std::size_t kTcpChecksumOffset = 16;
constexpr std::size_t kUdpChecksumOffset = 6;
// TCP flags byte (RFC 9293 §3.1): CWR 0x80, PSH 0x08, FIN 0x01.
constexpr std::size_t kTcpFlagsOffset = 13;
constexpr std::uint8_t kTcpFin = 0x01;
constexpr std::uint8_t kTcpPsh = 0x08;
constexpr std::uint8_t kTcpCwr = 0x80;

std::uint16_t host16(const std::uint8_t* p) {
  std::uint16_t v;
  std::memcpy(&v, p, 2);
  return v;
}

void put_host16(std::uint8_t* p, std::uint16_t v) { std::memcpy(p, &v, 2); }

base::Unexpected<OffloadError> malformed() { return base::unexpected(OffloadError::malformed); }

}  // namespace

VnetHeader parse_vnet_header(std::span<const std::uint8_t, kVnetHeaderBytes> b) noexcept {
  return VnetHeader{b[0], b[1], host16(&b[2]), host16(&b[4]), host16(&b[6]), host16(&b[8])};
}

void write_vnet_header(const VnetHeader& h, std::span<std::uint8_t, kVnetHeaderBytes> out) noexcept {
  out[0] = h.flags;
  out[1] = h.gso_type;
  put_host16(&out[2], h.hdr_len);
  put_host16(&out[4], h.gso_size);
  put_host16(&out[6], h.csum_start);
  put_host16(&out[8], h.csum_offset);
}

base::Result<void, OffloadError> complete_checksum(const VnetHeader& h,
                                                   std::span<std::uint8_t> packet) noexcept {
  if ((h.flags & kVnetNeedsCsum) == 0) return {};
  const std::size_t start = h.csum_start;
  const std::size_t field = start + h.csum_offset;
  // The sum must start at an even offset (inet_checksum.h); IP headers are
  // multiples of 4 bytes, so a real csum_start always is.
  if (start % 2 != 0 || field % 2 != 0 || field + 2 > packet.size()) return malformed();
  // The field holds the pseudo-header sum: it is summed with the rest.
  const std::uint64_t sum = checksum_add(packet.subspan(start), 0);
  checksum_store(&packet[field], sum);
  // UDP sends "no checksum" as 0, so a computed 0 goes out as 0xFFFF
  // (RFC 768; RFC 8200 §8.1 for IPv6).
  if (h.csum_offset == kUdpChecksumOffset && packet[field] == 0 && packet[field + 1] == 0) {
    packet[field] = packet[field + 1] = 0xff;
  }
  return {};
}

std::size_t TsoPlan::segment_bytes(std::size_t i) const noexcept {
  if (i >= count) return 0;
  const std::size_t before = i * segment_payload;
  const std::size_t left = payload_bytes - before;
  return header_bytes + (left < segment_payload ? left : segment_payload);
}

base::Result<TsoPlan, OffloadError> plan_tso(const VnetHeader& h,
                                             std::span<const std::uint8_t> packet) noexcept {
  const std::uint8_t type = static_cast<std::uint8_t>(h.gso_type & ~kGsoEcn);
  if (type != kGsoTcpV4 && type != kGsoTcpV6) return base::unexpected(OffloadError::unsupported);
  TsoPlan plan;
  plan.ipv6 = type == kGsoTcpV6;
  if (packet.empty() || h.gso_size == 0) return malformed();
  if (plan.ipv6) {
    // RFC 8200 §3: version 6, payload length, next header (TCP: no
    // extension headers; the kernel's TSO for hip0 never adds any).
    if (packet.size() < kIpv6Header || (packet[0] >> 4) != 6) return malformed();
    if (packet[6] != kProtoTcp) return base::unexpected(OffloadError::unsupported);
    if (base::get_u16(packet, 4) + kIpv6Header != packet.size()) return malformed();
    plan.tcp_offset = kIpv6Header;
  } else {
    // RFC 791: version 4, IHL, total length, protocol; not a fragment.
    if (packet.size() < kIpv4MinHeader || (packet[0] >> 4) != 4) return malformed();
    plan.tcp_offset = static_cast<std::size_t>(packet[0] & 0x0fu) * 4;
    if (plan.tcp_offset < kIpv4MinHeader || plan.tcp_offset > packet.size()) return malformed();
    if (packet[9] != kProtoTcp) return base::unexpected(OffloadError::unsupported);
    if (base::get_u16(packet, 2) != packet.size()) return malformed();
    if ((base::get_u16(packet, 6) & 0x3fffu) != 0) return malformed();  // MF, offset
  }
  if (h.csum_start != plan.tcp_offset || h.csum_offset != kTcpChecksumOffset) return malformed();
  if (plan.tcp_offset + kTcpMinHeader > packet.size()) return malformed();
  // hdr_len is only a hint (virtio 1.1 §5.1.6.2): the TCP data offset says.
  const std::size_t tcp_header = static_cast<std::size_t>(packet[plan.tcp_offset + 12] >> 4) * 4;
  if (tcp_header < kTcpMinHeader) return malformed();
  plan.header_bytes = plan.tcp_offset + tcp_header;
  if (plan.header_bytes >= packet.size()) return malformed();  // no payload to cut
  plan.segment_payload = h.gso_size;
  plan.payload_bytes = packet.size() - plan.header_bytes;
  plan.count = (plan.payload_bytes + plan.segment_payload - 1) / plan.segment_payload;
  return plan;
}

std::size_t write_tso_segment(const TsoPlan& plan, std::span<const std::uint8_t> packet,
                              std::size_t index, std::span<std::uint8_t> out) noexcept {
  const std::size_t bytes = plan.segment_bytes(index);
  if (bytes == 0 || bytes > out.size()) return 0;
  if (plan.header_bytes + plan.payload_bytes != packet.size()) return 0;  // not this packet's plan
  const std::size_t payload = bytes - plan.header_bytes;
  std::uint8_t* o = out.data();
  std::memcpy(o, packet.data(), plan.header_bytes);
  std::memcpy(o + plan.header_bytes, packet.data() + plan.header_bytes + index * plan.segment_payload,
              payload);

  const std::size_t tcp_bytes = bytes - plan.tcp_offset;
  std::uint64_t pseudo = 0;
  if (plan.ipv6) {
    base::put_u16(out, 4, static_cast<std::uint16_t>(tcp_bytes));
    // RFC 8200 §8.1 pseudo header: addresses, upper-layer length, next header.
    std::uint8_t tail[8] = {};
    base::put_u32(tail, 0, static_cast<std::uint32_t>(tcp_bytes));
    tail[7] = kProtoTcp;
    pseudo = checksum_add({o + 8, 32}, checksum_add(tail, 0));
  } else {
    base::put_u16(out, 2, static_cast<std::uint16_t>(bytes));
    const auto id = static_cast<std::uint16_t>(base::get_u16(out, 4) + index);
    base::put_u16(out, 4, id);
    o[10] = o[11] = 0;
    checksum_store(o + 10, checksum_add({o, plan.tcp_offset}, 0));
    // RFC 9293 §3.1 pseudo header: addresses, zero, protocol, TCP length.
    std::uint8_t tail[4] = {0, kProtoTcp, 0, 0};
    base::put_u16(tail, 2, static_cast<std::uint16_t>(tcp_bytes));
    pseudo = checksum_add({o + 12, 8}, checksum_add(tail, 0));
  }

  std::uint8_t* tcp = o + plan.tcp_offset;
  const std::uint32_t seq = base::get_u32(out, plan.tcp_offset + 4);
  base::put_u32(out, plan.tcp_offset + 4,
                static_cast<std::uint32_t>(seq + index * plan.segment_payload));
  if (index + 1 < plan.count) tcp[kTcpFlagsOffset] &= static_cast<std::uint8_t>(~(kTcpFin | kTcpPsh));
  if (index > 0) tcp[kTcpFlagsOffset] &= static_cast<std::uint8_t>(~kTcpCwr);
  tcp[kTcpChecksumOffset] = tcp[kTcpChecksumOffset + 1] = 0;
  checksum_store(tcp + kTcpChecksumOffset, checksum_add({tcp, tcp_bytes}, pseudo));
  return bytes;
}

}  // namespace hip::io
