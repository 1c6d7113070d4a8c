// The IPv4 header that a raw IPv4 socket delivers in front of each payload
// (raw(7): "the IPv4 header is included"; IPv6 raw sockets never include
// theirs). The socket strips it and reports its fields, so the layers above
// see the same payload for both families.
//
// RFC 791 §3.1:
//    0                   1                   2                   3
//    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |Version|  IHL  |Type of Service|          Total Length         |
//   |         Identification        |Flags|      Fragment Offset    |
//   |  Time to Live |    Protocol   |         Header Checksum       |
//   |                       Source Address                          |
//   |                    Destination Address                        |
//   |                    Options                    |    Padding    |
//
// IHL counts 32-bit words (5..15, so 20..60 bytes). The kernel has checked
// the checksum and reassembled fragments before a raw socket sees the packet;
// a header that still fails here means a kernel quirk, never a crash.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "base/ip_address.h"
#include "base/result.h"

namespace hip::io {

enum class Ipv4HeaderError : std::uint8_t {
  truncated,          // fewer than 20 bytes, or fewer than IHL says
  not_ipv4,           // version is not 4
  bad_header_length,  // IHL < 5
  bad_total_length,   // Total Length < header, or beyond the bytes received
};

struct Ipv4Header {
  std::size_t header_bytes = 0;  // IHL * 4
  std::size_t total_bytes = 0;   // Total Length
  std::uint8_t tos = 0;
  std::uint8_t ttl = 0;
  std::uint8_t protocol = 0;
  base::IpAddress source;
  base::IpAddress destination;
};

base::Result<Ipv4Header, Ipv4HeaderError> parse_ipv4_header(
    std::span<const std::uint8_t> packet) noexcept;

}  // namespace hip::io
