// Builds the layers around a HIP packet for capture files: IPv4 (RFC 791) or
// IPv6 (RFC 8200) headers, UDP (RFC 768) with the HIP zero marker (RFC 5770
// §5.1), and link-layer framings (Ethernet with or without an 802.1Q tag,
// Linux SLL/SLL2, BSD loopback). Checksums here are computed by this file's
// own Internet checksum, independently of wire/checksum.h.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "base/ip_address.h"

namespace hip::test {

using Bytes = std::vector<std::uint8_t>;

// IPv4 header (no options, TTL 64, checksum set) or IPv6 header (hop limit
// 64) followed by `payload`. Both addresses must be of the same family.
Bytes ip_packet(const base::IpAddress& src, const base::IpAddress& dst, std::uint8_t protocol,
                std::span<const std::uint8_t> payload);

// UDP header with a correct checksum, followed by `payload`.
Bytes udp_datagram(const base::IpAddress& src, const base::IpAddress& dst, std::uint16_t src_port,
                   std::uint16_t dst_port, std::span<const std::uint8_t> payload);

// 32 zero bits, then the HIP packet: HIP's UDP payload (RFC 5770 §5.1).
Bytes hip_udp_payload(std::span<const std::uint8_t> hip_packet);

// An IP packet carrying `hip_packet` directly (protocol 139) or over UDP
// 10500 on both ports.
Bytes hip_ip_packet(const base::IpAddress& src, const base::IpAddress& dst,
                    std::span<const std::uint8_t> hip_packet, bool over_udp);

enum class LinkFraming : std::uint8_t { raw, ethernet, ethernet_vlan, linux_sll, linux_sll2, bsd_null };

// The libpcap DLT_* value for a framing.
int dlt_of(LinkFraming link);
// The link-layer header for an IP packet, then the packet.
Bytes frame_for_link(LinkFraming link, std::span<const std::uint8_t> ip);

}  // namespace hip::test
