// Finds the HIP packet inside one captured frame: strips the link layer
// (Ethernet with at most one 802.1Q/802.1ad tag, Linux cooked SLL and SLL2,
// raw IP, BSD null/loopback), the IPv4 header (options included) or the IPv6
// header and its extension headers, and tells HIP apart from everything else:
//   - IP protocol 139: HIP (RFC 7401 §5).
//   - UDP with port 10500 on either side and a payload that starts with 32
//     zero bits: HIP over UDP (RFC 5770 §5.1); the HIP packet follows them.
//   - UDP 10500 with a non-zero first word: UDP-encapsulated ESP (RFC 3948).
// Every read is bounds-checked; a frame cut short by the capture or by a
// length field is reported as truncated, never read past its end.
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "base/ip_address.h"

namespace hip::cli {

enum class LinkType : std::uint8_t {
  ethernet,
  linux_sll,
  linux_sll2,
  raw_ip,       // DLT_RAW / LINKTYPE_RAW: version from the first nibble
  ipv4,         // LINKTYPE_IPV4
  ipv6,         // LINKTYPE_IPV6
  bsd_null,     // DLT_NULL and DLT_LOOP: 4-byte address family
  unsupported,
};

// Maps a libpcap data link type (pcap_datalink()) to the framings we read.
LinkType link_type_from_dlt(int dlt);
const char* to_string(LinkType link);

enum class FrameKind : std::uint8_t {
  hip,          // `hip` holds the HIP packet
  esp,          // ESP, IP protocol 50 (counted, not decoded)
  esp_udp,      // UDP-encapsulated ESP on port 10500 (counted, not decoded)
  non_hip,      // anything else (`reason` says what)
  truncated,    // a header or length field runs past the captured bytes
  ip_fragment,  // IPv4/IPv6 fragment: not reassembled
};

inline constexpr std::uint16_t kHipUdpPort = 10500;  // RFC 5770 §5.1

struct ClassifiedFrame {
  FrameKind kind = FrameKind::non_hip;
  std::string reason;  // why non_hip / truncated / ip_fragment, for the report
  base::IpAddress src;
  base::IpAddress dst;
  bool over_udp = false;
  std::uint16_t src_port = 0;
  std::uint16_t dst_port = 0;
  std::uint16_t udp_checksum = 0;              // as found; 0 = none (IPv4 only)
  std::span<const std::uint8_t> udp_segment;   // UDP header + payload, for its checksum
  std::span<const std::uint8_t> hip;           // the HIP datagram (kind == hip)
};

ClassifiedFrame classify_frame(LinkType link, std::span<const std::uint8_t> frame);

}  // namespace hip::cli
