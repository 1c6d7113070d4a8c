#include "cli/frame_classifier.h"

#include <pcap/dlt.h>

#include <string>

#include "base/bytes.h"
#include "wire/packet_type.h"

namespace hip::cli {
namespace {

using Bytes = std::span<const std::uint8_t>;

constexpr std::uint16_t kEtherTypeIpv4 = 0x0800;
constexpr std::uint16_t kEtherTypeIpv6 = 0x86dd;
constexpr std::uint16_t kEtherTypeVlan = 0x8100;   // 802.1Q
constexpr std::uint16_t kEtherTypeQinQ = 0x88a8;   // 802.1ad outer tag
constexpr std::uint8_t kProtoUdp = 17;
constexpr std::uint8_t kProtoEsp = 50;
constexpr std::uint32_t kStunMagicCookie = 0x2112a442;  // RFC 5389 §6
constexpr int kLinktypeRaw = 101;  // the file-format number, should a DLT be unmapped

ClassifiedFrame make(FrameKind kind, std::string reason) {
  ClassifiedFrame c;
  c.kind = kind;
  c.reason = std::move(reason);
  return c;
}

ClassifiedFrame truncated(const char* what, std::size_t need, std::size_t have) {
  return make(FrameKind::truncated, std::string(what) + " truncated (needs " + std::to_string(need) +
                                        " bytes, " + std::to_string(have) + " captured)");
}

std::string hex16(std::uint16_t v) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string s = "0x0000";
  for (int i = 0; i < 4; ++i) s[static_cast<std::size_t>(5 - i)] = kDigits[(v >> (4 * i)) & 0xf];
  return s;
}

// UDP (RFC 768) carrying HIP or ESP on port 10500 (RFC 5770 §5.1, RFC 3948 §2).
ClassifiedFrame classify_udp(ClassifiedFrame c, Bytes segment) {
  if (segment.size() < 8) return truncated("UDP header", 8, segment.size());
  const std::size_t udp_length = base::get_u16(segment, 4);
  if (udp_length < 8) return make(FrameKind::non_hip, "UDP length field below 8");
  if (udp_length > segment.size()) return truncated("UDP datagram", udp_length, segment.size());
  segment = segment.first(udp_length);
  c.src_port = base::get_u16(segment, 0);
  c.dst_port = base::get_u16(segment, 2);
  c.udp_checksum = base::get_u16(segment, 6);
  if (c.src_port != kHipUdpPort && c.dst_port != kHipUdpPort) {
    return make(FrameKind::non_hip, "UDP " + std::to_string(c.src_port) + " -> " +
                                        std::to_string(c.dst_port));
  }
  c.over_udp = true;
  c.udp_segment = segment;
  const Bytes payload = segment.subspan(8);
  if (payload.size() == 1 && payload[0] == 0xff) return make(FrameKind::non_hip, "NAT keepalive");
  if (payload.size() >= 8 && base::get_u32(payload, 4) == kStunMagicCookie) {
    return make(FrameKind::non_hip, "STUN on UDP 10500");
  }
  if (payload.size() < 4) return make(FrameKind::non_hip, "UDP 10500 payload shorter than 4 bytes");
  if (base::get_u32(payload, 0) != 0) {
    c.kind = FrameKind::esp_udp;
    c.reason = "UDP-encapsulated ESP";
    return c;
  }
  c.kind = FrameKind::hip;
  c.hip = payload.subspan(4);
  return c;
}

ClassifiedFrame classify_transport(ClassifiedFrame c, std::uint8_t protocol, Bytes payload) {
  if (protocol == wire::kIpProtoHip) {
    c.kind = FrameKind::hip;
    c.hip = payload;
    return c;
  }
  if (protocol == kProtoUdp) return classify_udp(std::move(c), payload);
  if (protocol == kProtoEsp) {
    c.kind = FrameKind::esp;
    return c;
  }
  return make(FrameKind::non_hip, "IP protocol " + std::to_string(protocol));
}

// IPv4 (RFC 791): header length from IHL, so options are skipped.
ClassifiedFrame classify_ipv4(Bytes packet) {
  if (packet.size() < 20) return truncated("IPv4 header", 20, packet.size());
  if ((packet[0] >> 4) != 4) return make(FrameKind::non_hip, "not an IPv4 header");
  const std::size_t header_length = std::size_t{packet[0] & 0x0fu} * 4;
  if (header_length < 20) return make(FrameKind::non_hip, "IPv4 IHL below 5");
  if (header_length > packet.size()) return truncated("IPv4 options", header_length, packet.size());
  const std::size_t total_length = base::get_u16(packet, 2);
  if (total_length < header_length) return make(FrameKind::non_hip, "IPv4 total length below header length");
  if (total_length > packet.size()) return truncated("IPv4 packet", total_length, packet.size());
  const std::uint16_t fragment = base::get_u16(packet, 6);
  if ((fragment & 0x3fff) != 0) {  // MF set or a non-zero offset
    return make(FrameKind::ip_fragment, "IPv4 fragment, protocol " + std::to_string(packet[9]));
  }
  ClassifiedFrame c;
  c.src = base::IpAddress::v4(packet.subspan<12, 4>());
  c.dst = base::IpAddress::v4(packet.subspan<16, 4>());
  // Bytes beyond Total Length (Ethernet padding) are not part of the packet.
  return classify_transport(std::move(c), packet[9], packet.subspan(header_length, total_length - header_length));
}

// IPv6 (RFC 8200 §4): walks Hop-by-Hop, Routing, Fragment, Destination
// Options and AH to the upper-layer header.
ClassifiedFrame classify_ipv6(Bytes packet) {
  if (packet.size() < 40) return truncated("IPv6 header", 40, packet.size());
  if ((packet[0] >> 4) != 6) return make(FrameKind::non_hip, "not an IPv6 header");
  const std::size_t payload_length = base::get_u16(packet, 4);
  if (payload_length == 0) return make(FrameKind::non_hip, "IPv6 jumbogram or empty payload");
  if (40 + payload_length > packet.size()) return truncated("IPv6 packet", 40 + payload_length, packet.size());
  ClassifiedFrame c;
  c.src = base::IpAddress::v6(packet.subspan<8, 16>());
  c.dst = base::IpAddress::v6(packet.subspan<24, 16>());
  Bytes rest = packet.subspan(40, payload_length);
  std::uint8_t next = packet[6];
  for (int headers = 0; headers < 16; ++headers) {  // bounded: no loop on crafted chains
    std::size_t length = 0;
    switch (next) {
      case 0: case 43: case 60:  // Hop-by-Hop, Routing, Destination Options
        if (rest.size() < 2) return truncated("IPv6 extension header", 2, rest.size());
        length = (std::size_t{rest[1]} + 1) * 8;
        break;
      case 51:  // AH (RFC 4302 §2.2): length in 4-byte units, minus 2
        if (rest.size() < 2) return truncated("IPv6 AH header", 2, rest.size());
        length = (std::size_t{rest[1]} + 2) * 4;
        break;
      case 44: {  // Fragment
        if (rest.size() < 8) return truncated("IPv6 fragment header", 8, rest.size());
        const std::uint16_t offset_flags = base::get_u16(rest, 2);
        if ((offset_flags & 0xfff9) != 0) {  // offset or M set: a real fragment
          return make(FrameKind::ip_fragment, "IPv6 fragment, next header " + std::to_string(rest[0]));
        }
        length = 8;  // an atomic fragment (RFC 6946): go on
        break;
      }
      default:
        return classify_transport(std::move(c), next, rest);
    }
    if (length > rest.size()) return truncated("IPv6 extension header", length, rest.size());
    next = rest[0];
    rest = rest.subspan(length);
  }
  return make(FrameKind::non_hip, "more than 16 IPv6 extension headers");
}

ClassifiedFrame classify_ip(Bytes packet) {
  if (packet.empty()) return truncated("IP header", 1, 0);
  switch (packet[0] >> 4) {
    case 4: return classify_ipv4(packet);
    case 6: return classify_ipv6(packet);
    default: return make(FrameKind::non_hip, "not IP (version nibble " + std::to_string(packet[0] >> 4) + ")");
  }
}

ClassifiedFrame classify_ethertype(std::uint16_t ethertype, Bytes payload) {
  if (ethertype == kEtherTypeIpv4) return classify_ipv4(payload);
  if (ethertype == kEtherTypeIpv6) return classify_ipv6(payload);
  return make(FrameKind::non_hip, "ethertype " + hex16(ethertype));
}

ClassifiedFrame classify_ethernet(Bytes frame) {
  if (frame.size() < 14) return truncated("Ethernet header", 14, frame.size());
  std::uint16_t ethertype = base::get_u16(frame, 12);
  std::size_t header = 14;
  if (ethertype == kEtherTypeVlan || ethertype == kEtherTypeQinQ) {
    if (frame.size() < 18) return truncated("802.1Q tag", 18, frame.size());
    ethertype = base::get_u16(frame, 16);
    header = 18;
  }
  return classify_ethertype(ethertype, frame.subspan(header));
}

// BSD loopback: a 4-byte address family in the byte order of the capturing
// host (DLT_NULL) or in network order (DLT_LOOP), so both orders are tried.
ClassifiedFrame classify_bsd_null(Bytes frame) {
  if (frame.size() < 4) return truncated("loopback header", 4, frame.size());
  const std::uint32_t big = base::get_u32(frame, 0);
  const std::uint32_t family = big < 256 ? big : __builtin_bswap32(big);
  const Bytes payload = frame.subspan(4);
  switch (family) {
    case 2: return classify_ipv4(payload);                     // AF_INET everywhere
    case 10: case 24: case 28: case 30: return classify_ipv6(payload);  // AF_INET6: Linux, BSDs, FreeBSD, Darwin
    default: return make(FrameKind::non_hip, "loopback address family " + std::to_string(family));
  }
}

}  // namespace

LinkType link_type_from_dlt(int dlt) {
  switch (dlt) {
    case DLT_EN10MB: return LinkType::ethernet;
    case DLT_LINUX_SLL: return LinkType::linux_sll;
    case DLT_LINUX_SLL2: return LinkType::linux_sll2;
    case DLT_RAW: case kLinktypeRaw: return LinkType::raw_ip;
    case DLT_IPV4: return LinkType::ipv4;
    case DLT_IPV6: return LinkType::ipv6;
    case DLT_NULL: case DLT_LOOP: return LinkType::bsd_null;
    default: return LinkType::unsupported;
  }
}

const char* to_string(LinkType link) {
  switch (link) {
    case LinkType::ethernet: return "Ethernet";
    case LinkType::linux_sll: return "Linux cooked (SLL)";
    case LinkType::linux_sll2: return "Linux cooked (SLL2)";
    case LinkType::raw_ip: return "raw IP";
    case LinkType::ipv4: return "raw IPv4";
    case LinkType::ipv6: return "raw IPv6";
    case LinkType::bsd_null: return "BSD loopback";
    case LinkType::unsupported: return "unsupported";
  }
  return "unsupported";
}

ClassifiedFrame classify_frame(LinkType link, std::span<const std::uint8_t> frame) {
  switch (link) {
    case LinkType::ethernet: return classify_ethernet(frame);
    case LinkType::linux_sll:  // 16-byte header, protocol at 14 (an ethertype)
      if (frame.size() < 16) return truncated("SLL header", 16, frame.size());
      return classify_ethertype(base::get_u16(frame, 14), frame.subspan(16));
    case LinkType::linux_sll2:  // 20-byte header, protocol at 0
      if (frame.size() < 20) return truncated("SLL2 header", 20, frame.size());
      return classify_ethertype(base::get_u16(frame, 0), frame.subspan(20));
    case LinkType::raw_ip: return classify_ip(frame);
    case LinkType::ipv4: return classify_ipv4(frame);
    case LinkType::ipv6: return classify_ipv6(frame);
    case LinkType::bsd_null: return classify_bsd_null(frame);
    case LinkType::unsupported: break;
  }
  return make(FrameKind::non_hip, "unsupported link type");
}

}  // namespace hip::cli
