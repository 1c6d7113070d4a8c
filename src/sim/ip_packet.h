// A simulated datagram as the real IPv4/IPv6 packet it stands for, so that
// traces can be read by tshark and `hipctl decode`:
//   IPv4 (RFC 791): 20-byte header, no options, DF set, TTL 64, header checksum.
//   IPv6 (RFC 8200): 40-byte header, hop limit 64, no extension headers.
//   Protocol / Next Header: 139 for HIP (RFC 7401 §5), 50 for ESP (RFC 4303),
//   or 17 with a UDP header (RFC 768) when the Path uses UDP; then a HIP
//   packet is preceded by the 32-bit zero marker (RFC 5770 §5.1) and ESP
//   follows the UDP header directly (RFC 3948 §2.1).
#pragma once

#include <cstdint>
#include <vector>

#include "sim/datagram.h"

namespace hip::sim {

inline constexpr std::uint8_t kIpProtoUdp = 17;
inline constexpr std::uint8_t kIpv4HeaderSize = 20;
inline constexpr std::uint8_t kIpv6HeaderSize = 40;
inline constexpr std::uint8_t kUdpHeaderSize = 8;

// The whole IP packet. Source and destination must be of one family (the
// Network refuses other datagrams before they get here).
std::vector<std::uint8_t> to_ip_packet(const Datagram& d);

}  // namespace hip::sim
