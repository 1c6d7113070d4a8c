// The Internet checksum (RFC 1071) over an IPv4 or IPv6 pseudo-header, as HIP
// (RFC 7401 §5.1.1), TCP and UDP use it. The pseudo-header's family follows the
// source address; both addresses must be of the same family.
#pragma once

#include <cstdint>
#include <span>

#include "base/ip_address.h"

namespace hip::wire {

// One's-complement sum of `data` folded to 16 bits, not inverted.
std::uint32_t ones_complement_add(std::span<const std::uint8_t> data, std::uint32_t sum = 0);

// Checksum of an upper-layer segment (protocol `next_header`) whose checksum
// field is at `checksum_offset`; that field is treated as zero.
std::uint16_t transport_checksum(std::span<const std::uint8_t> segment, std::size_t checksum_offset,
                                 std::uint8_t next_header, const base::IpAddress& src,
                                 const base::IpAddress& dst);

// HIP: the checksum field is bytes 4-5 of the HIP header; `packet` is exactly
// the HIP packet ((Header Length + 1) * 8 bytes).
std::uint16_t hip_checksum(std::span<const std::uint8_t> packet, const base::IpAddress& src,
                           const base::IpAddress& dst);
bool hip_checksum_ok(std::span<const std::uint8_t> packet, const base::IpAddress& src,
                     const base::IpAddress& dst);
// Writes the checksum into the packet (bytes 4-5).
void set_hip_checksum(std::span<std::uint8_t> packet, const base::IpAddress& src,
                      const base::IpAddress& dst);

}  // namespace hip::wire
