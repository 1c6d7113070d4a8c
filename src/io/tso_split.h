// Packets from a TUN device opened with IFF_VNET_HDR and TUNSETOFFLOAD
// (TUN_F_CSUM | TUN_F_TSO4 | TUN_F_TSO6): each read starts with a
// virtio_net_hdr (linux/virtio_net.h, native byte order) that says
//   - NEEDS_CSUM: the transport checksum is partial: the field at
//     csum_start + csum_offset holds only the pseudo-header sum; the sum over
//     csum_start.. is still to be added (the kernel left it to the "device");
//   - GSO TCPV4/TCPV6: the packet is a TCP super-packet (up to 64 KB) to be
//     cut into segments of gso_size payload bytes, as a NIC doing TSO would.
// hipd encrypts each IP packet on its own, so it finishes the checksum or
// splits before ESP: one read from hip0 and one trip through the kernel's
// TCP/IPv6 output per 64 KB instead of per MSS. (The idea is wireguard-go's
// tun/offload_linux.go; this code is our own.)
//
// Each segment gets what a NIC's TSO gives it (as Linux's tcp_gso_segment):
//   IPv4: total length, ID + i, header checksum;  IPv6: payload length;
//   TCP: sequence number + i * gso_size; FIN and PSH on the last segment only,
//   CWR on the first only; the full checksum over the pseudo header of the
//   packet's own addresses. For HIT traffic that is the HIT pseudo header RFC
//   7401 §4.5.1 asks for; for LSI traffic (IPv4) esp/beet converts it later.
// gso_size is the kernel's MSS for the route through hip0, so segments fit
// hip0's MTU and the ESP packets stay within the path MTU (io/mtu.h).
//
// Only what hipd turns on arrives: TCP over IPv4 or IPv6 without extension
// headers; anything else is refused (malformed), never read past.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "base/result.h"

namespace hip::io {

// linux/virtio_net.h's struct virtio_net_hdr, in host order.
struct VnetHeader {
  std::uint8_t flags = 0;     // kVnetNeedsCsum, kVnetDataValid
  std::uint8_t gso_type = 0;  // kGso*
  std::uint16_t hdr_len = 0;  // headers' length (a hint; not trusted)
  std::uint16_t gso_size = 0;
  std::uint16_t csum_start = 0;
  std::uint16_t csum_offset = 0;
};
inline constexpr std::size_t kVnetHeaderBytes = 10;
inline constexpr std::uint8_t kVnetNeedsCsum = 1;
inline constexpr std::uint8_t kVnetDataValid = 2;
inline constexpr std::uint8_t kGsoNone = 0;
inline constexpr std::uint8_t kGsoTcpV4 = 1;
inline constexpr std::uint8_t kGsoTcpV6 = 4;
inline constexpr std::uint8_t kGsoEcn = 0x80;
// The largest packet a TUN device hands over (its gso_max_size).
inline constexpr std::size_t kMaxSuperPacketBytes = 65536;

VnetHeader parse_vnet_header(std::span<const std::uint8_t, kVnetHeaderBytes> bytes) noexcept;
void write_vnet_header(const VnetHeader& h, std::span<std::uint8_t, kVnetHeaderBytes> out) noexcept;

enum class OffloadError : std::uint8_t {
  malformed,    // headers do not parse, lengths disagree, offsets out of range
  unsupported,  // a GSO type or protocol hipd never enables
};

// Non-GSO packet: finishes a partial checksum in place (nothing to do
// without NEEDS_CSUM). GSO packets are for plan_tso.
base::Result<void, OffloadError> complete_checksum(const VnetHeader& h,
                                                   std::span<std::uint8_t> packet) noexcept;

// How a TCP super-packet is cut.
struct TsoPlan {
  bool ipv6 = false;
  std::size_t tcp_offset = 0;      // IP header bytes (IPv4 options included)
  std::size_t header_bytes = 0;    // IP + TCP headers, copied into each segment
  std::size_t segment_payload = 0; // gso_size
  std::size_t payload_bytes = 0;   // TCP payload of the whole super-packet
  std::size_t count = 0;           // segments

  // Bytes of segment i (headers included).
  std::size_t segment_bytes(std::size_t i) const noexcept;
};

base::Result<TsoPlan, OffloadError> plan_tso(const VnetHeader& h,
                                             std::span<const std::uint8_t> packet) noexcept;

// Writes segment `index` of `packet` (as planned) to the start of `out`;
// returns its length, or 0 when `out` is too small or index >= count.
std::size_t write_tso_segment(const TsoPlan& plan, std::span<const std::uint8_t> packet,
                              std::size_t index, std::span<std::uint8_t> out) noexcept;

}  // namespace hip::io
