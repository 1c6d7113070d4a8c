#include "esp/beet.h"

#include <cstring>

#include "base/bytes.h"

namespace hip::esp::beet {

namespace {

// One's-complement sum of 16-bit big-endian words (RFC 1071), unfolded.
std::uint32_t sum_words(const std::uint8_t* p, std::size_t n, std::uint32_t sum = 0) {
  for (std::size_t i = 0; i + 1 < n; i += 2) sum += static_cast<std::uint32_t>((p[i] << 8) | p[i + 1]);
  if (n % 2 != 0) sum += static_cast<std::uint32_t>(p[n - 1] << 8);
  return sum;
}

std::uint16_t fold(std::uint32_t sum) {
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return static_cast<std::uint16_t>(sum);
}

// Offset of the checksum field in a TCP or UDP header; 0 for other protocols.
std::size_t checksum_offset(std::uint8_t proto) {
  if (proto == kProtoTcp) return 16;   // RFC 9293 §3.1
  if (proto == kProtoUdp) return 6;    // RFC 768
  return 0;
}

}  // namespace

base::Result<InnerPacket, Status> parse_inner(std::span<const std::uint8_t> packet) noexcept {
  if (packet.empty()) return base::unexpected(Status::malformed_inner);
  InnerPacket in;
  const unsigned version = packet[0] >> 4;
  if (version == 6) {
    // RFC 8200 §3.
    if (packet.size() < kIpv6HeaderBytes) return base::unexpected(Status::malformed_inner);
    const std::size_t payload = base::get_u16(packet, 4);
    // Payload Length 0 with a Hop-by-Hop header may be a jumbogram (RFC 2675):
    // never over a TUN MTU, so refused.
    if ((payload == 0 && packet[6] == 0) || kIpv6HeaderBytes + payload > packet.size()) {
      return base::unexpected(Status::malformed_inner);
    }
    in.header_bytes = kIpv6HeaderBytes;
    in.total_bytes = kIpv6HeaderBytes + payload;
    in.tclass = static_cast<std::uint8_t>(((packet[0] & 0x0f) << 4) | (packet[1] >> 4));
    in.protocol = packet[6];
    in.hop_limit = packet[7];
    in.src = packet.data() + 8;
    in.dst = packet.data() + 24;
    return in;
  }
  if (version == 4) {
    // RFC 791 §3.1.
    if (packet.size() < kIpv4HeaderBytes) return base::unexpected(Status::malformed_inner);
    const std::size_t ihl = static_cast<std::size_t>(packet[0] & 0x0f) * 4;
    const std::size_t total = base::get_u16(packet, 2);
    if (ihl < kIpv4HeaderBytes || total < ihl || total > packet.size()) {
      return base::unexpected(Status::malformed_inner);
    }
    const std::uint16_t frag = base::get_u16(packet, 6);
    if ((frag & 0x2000) != 0 || (frag & 0x1fff) != 0) {  // MF or a fragment offset
      return base::unexpected(Status::malformed_inner);
    }
    in.v4 = true;
    in.header_bytes = ihl;
    in.total_bytes = total;
    in.tclass = packet[1];
    in.hop_limit = packet[8];
    in.protocol = packet[9];
    in.src = packet.data() + 12;
    in.dst = packet.data() + 16;
    return in;
  }
  return base::unexpected(Status::malformed_inner);
}

bool addresses_match(const InnerPacket& inner, const Sa& sa) noexcept {
  if (inner.v4) {
    return sa.has_lsis() && std::memcmp(inner.src, sa.own_lsi().data(), 4) == 0 &&
           std::memcmp(inner.dst, sa.peer_lsi().data(), 4) == 0;
  }
  return std::memcmp(inner.src, sa.own_hit().bytes.data(), 16) == 0 &&
         std::memcmp(inner.dst, sa.peer_hit().bytes.data(), 16) == 0;
}

bool convert_checksum(std::span<std::uint8_t> segment, std::uint8_t proto, const Sa& sa,
                      bool outbound) noexcept {
  const std::size_t at = checksum_offset(proto);
  if (at == 0) return true;
  if (segment.size() < at + 2) return false;
  const std::uint8_t* hit_src = outbound ? sa.own_hit().bytes.data() : sa.peer_hit().bytes.data();
  const std::uint8_t* hit_dst = outbound ? sa.peer_hit().bytes.data() : sa.own_hit().bytes.data();
  const std::uint8_t* lsi_src = outbound ? sa.own_lsi().data() : sa.peer_lsi().data();
  const std::uint8_t* lsi_dst = outbound ? sa.peer_lsi().data() : sa.own_lsi().data();
  const std::uint16_t old_sum = base::get_u16(segment, at);

  if (proto == kProtoUdp && old_sum == 0) {
    if (!outbound) return true;  // "no checksum" stays so in IPv4
    // IPv6 needs a UDP checksum (RFC 8200 §8.1): compute it over the HITs.
    std::uint32_t sum = sum_words(hit_src, 16);
    sum = sum_words(hit_dst, 16, sum);
    sum += static_cast<std::uint32_t>(segment.size()) + proto;  // pseudo header length, next header
    sum = sum_words(segment.data(), segment.size(), sum);       // checksum field is 0 here
    std::uint16_t c = static_cast<std::uint16_t>(~fold(sum));
    base::put_u16(segment, at, c == 0 ? 0xffff : c);
    return true;
  }

  // RFC 1624 eqn. 3: HC' = ~(~HC + ~m + m'), over every address word replaced.
  const std::uint8_t* from_src = outbound ? lsi_src : hit_src;
  const std::uint8_t* from_dst = outbound ? lsi_dst : hit_dst;
  const std::uint8_t* to_src = outbound ? hit_src : lsi_src;
  const std::uint8_t* to_dst = outbound ? hit_dst : lsi_dst;
  const std::size_t from_len = outbound ? 4 : 16;
  const std::size_t to_len = outbound ? 16 : 4;
  std::uint32_t sum = static_cast<std::uint16_t>(~old_sum);
  // Adding the one's complement of the removed words subtracts them.
  const std::uint32_t removed = fold(sum_words(from_dst, from_len, sum_words(from_src, from_len)));
  sum += static_cast<std::uint16_t>(~removed);
  sum = sum_words(to_src, to_len, sum);
  sum = sum_words(to_dst, to_len, sum);
  std::uint16_t c = static_cast<std::uint16_t>(~fold(sum));
  if (proto == kProtoUdp && c == 0) c = 0xffff;  // 0 would mean "no checksum" (RFC 768)
  base::put_u16(segment, at, c);
  return true;
}

base::Result<Family, Status> inbound_family(const Sa& sa, std::uint8_t next_header) noexcept {
  if (next_header == kProtoBeetPh || next_header == kProtoIcmp) {
    if (!sa.has_lsis()) return base::unexpected(Status::bad_inner);
    return Family::v4;
  }
  if (next_header == kProtoIcmpv6) return Family::v6;
  return sa.has_lsis() && sa.deliver() == InnerDelivery::lsi ? Family::v4 : Family::v6;
}

base::Result<InnerSpan, Status> rebuild_inbound(std::span<std::uint8_t> buf,
                                                std::size_t payload_offset,
                                                std::size_t payload_bytes,
                                                std::uint8_t next_header, const Sa& sa,
                                                const OuterHints& hints) noexcept {
  const auto family = inbound_family(sa, next_header);
  if (!family) return base::unexpected(family.error());
  const std::uint8_t hop = hints.hop_limit != 0 ? hints.hop_limit : sa.default_hop_limit();

  if (*family == Family::v6) {
    // RFC 8200 §3, addresses from the SA (B.1.6 step 3).
    if (payload_offset < kIpv6HeaderBytes) return base::unexpected(Status::no_headroom);
    if (payload_bytes > 0xffff) return base::unexpected(Status::bad_inner);
    std::uint8_t* h = buf.data() + payload_offset - kIpv6HeaderBytes;
    h[0] = static_cast<std::uint8_t>(0x60 | (hints.tclass >> 4));
    h[1] = static_cast<std::uint8_t>((hints.tclass & 0x0f) << 4);
    h[2] = 0;
    h[3] = 0;
    base::put_u16({h, kIpv6HeaderBytes}, 4, static_cast<std::uint16_t>(payload_bytes));
    h[6] = next_header;
    h[7] = hop;
    std::memcpy(h + 8, sa.peer_hit().bytes.data(), 16);
    std::memcpy(h + 24, sa.own_hit().bytes.data(), 16);
    return InnerSpan{payload_offset - kIpv6HeaderBytes, kIpv6HeaderBytes + payload_bytes};
  }

  // IPv4 with LSIs. With the B.1.7 pseudo header, its options go back after
  // the rebuilt header:  | NH | HdrLen | PadLen | Rsv | NOP pad (0/4) | options |
  // The whole pseudo header is 8 + HdrLen * 8 bytes; the options are what
  // follows the 4 fixed bytes and the padding (as Linux's BEET reads it too).
  std::uint8_t protocol = next_header;
  std::size_t options_offset = payload_offset;
  std::size_t options_bytes = 0;
  if (next_header == kProtoBeetPh) {
    if (payload_bytes < 8) return base::unexpected(Status::bad_inner);
    const std::uint8_t* ph = buf.data() + payload_offset;
    const std::size_t ph_bytes = 8 + std::size_t{ph[1]} * 8;
    const std::size_t pad = ph[2];
    if (ph_bytes > payload_bytes || (pad != 0 && pad != 4)) return base::unexpected(Status::bad_inner);
    options_bytes = ph_bytes - 4 - pad;
    if (options_bytes > 40) return base::unexpected(Status::bad_inner);  // IHL limit
    protocol = ph[0];
    if (protocol == kProtoBeetPh) return base::unexpected(Status::bad_inner);
    options_offset = payload_offset + 4 + pad;
    payload_offset += ph_bytes;
    payload_bytes -= ph_bytes;
  }
  const std::size_t header_bytes = kIpv4HeaderBytes + options_bytes;
  if (options_offset < kIpv4HeaderBytes) return base::unexpected(Status::no_headroom);
  if (header_bytes + payload_bytes > 0xffff) return base::unexpected(Status::bad_inner);
  std::uint8_t* transport = buf.data() + payload_offset;
  if (!convert_checksum({transport, payload_bytes}, protocol, sa, /*outbound=*/false)) {
    return base::unexpected(Status::bad_inner);
  }
  // RFC 791 §3.1. ID 0 with DF set: an atomic datagram (RFC 6864 §4.1).
  std::uint8_t* h = buf.data() + options_offset - kIpv4HeaderBytes;
  std::span<std::uint8_t> hs(h, kIpv4HeaderBytes);
  h[0] = static_cast<std::uint8_t>(0x40 | (header_bytes / 4));
  h[1] = hints.tclass;
  base::put_u16(hs, 2, static_cast<std::uint16_t>(header_bytes + payload_bytes));
  base::put_u16(hs, 4, 0);
  base::put_u16(hs, 6, 0x4000);
  h[8] = hop;
  h[9] = protocol;
  base::put_u16(hs, 10, 0);
  std::memcpy(h + 12, sa.peer_lsi().data(), 4);
  std::memcpy(h + 16, sa.own_lsi().data(), 4);
  const std::uint16_t hsum = static_cast<std::uint16_t>(~fold(sum_words(h, header_bytes)));
  base::put_u16(hs, 10, hsum);
  return InnerSpan{options_offset - kIpv4HeaderBytes, header_bytes + payload_bytes};
}

}  // namespace hip::esp::beet
