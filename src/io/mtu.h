// The TUN MTU that keeps every outer packet within the path MTU, so hipd's
// ESP packets are never fragmented (fragments of ESP are dropped by many
// middleboxes, and a lost fragment loses the whole packet).
//
// BEET mode (RFC 7402 §3.2) strips the inner IP header and sends
//   outer IP header | [UDP 8] | ESP header 8 | IV | inner payload | pad | 2 | ICV
// so an inner packet of `mtu` bytes costs
//   mtu - inner_header + outer_header + udp + esp_overhead
// where esp_overhead = 8 + IV + (padding + 2) + ICV. The smallest inner header
// is IPv4's 20 bytes (options are dropped, so they only help), which gives
//   tun_mtu = path_mtu - outer_header - udp - esp_overhead + 20.
// The driver passes the worst case of its transforms:
//   esp_overhead = 8 + esp::kMaxIvBytes + esp::kEspTailroom   (8 + 16 + 33 = 57)
// e.g. path 1500, IPv6 outer, UDP: 1500 - 40 - 8 - 57 + 20 = 1415.
// IPv6 needs an MTU of at least 1280 on hip0 (RFC 8200 §5), or the kernel
// disables IPv6 on the device: paths below 1365 bytes (IPv6, UDP) cannot
// carry HIT traffic unfragmented.
#pragma once

#include <cstddef>

namespace hip::io {

inline constexpr std::size_t kIpv4HeaderBytes = 20;
inline constexpr std::size_t kIpv6HeaderBytes = 40;
inline constexpr std::size_t kUdpHeaderBytes = 8;
inline constexpr std::size_t kIpv6MinimumMtu = 1280;  // RFC 8200 §5

// 0 when the path is too small for any packet.
constexpr std::size_t tun_mtu_for_path(std::size_t path_mtu, bool outer_ipv6, bool udp,
                                       std::size_t esp_overhead) {
  const std::size_t outer =
      (outer_ipv6 ? kIpv6HeaderBytes : kIpv4HeaderBytes) + (udp ? kUdpHeaderBytes : 0);
  const std::size_t cost = outer + esp_overhead;
  if (path_mtu + kIpv4HeaderBytes <= cost) return 0;
  return path_mtu + kIpv4HeaderBytes - cost;
}

}  // namespace hip::io
