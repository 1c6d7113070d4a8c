#include "wire/checksum.h"

#include <array>

#include "base/bytes.h"
#include "wire/packet_type.h"

namespace hip::wire {
namespace {

constexpr std::size_t kHipChecksumOffset = 4;

std::uint32_t fold(std::uint32_t sum) {
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return sum;
}

std::uint32_t pseudo_header_sum(const base::IpAddress& src, const base::IpAddress& dst,
                                std::uint8_t next_header, std::size_t length) {
  std::uint32_t sum = ones_complement_add(src.bytes());
  sum = ones_complement_add(dst.bytes(), sum);
  // IPv4: zero(1) proto(1) length(2). IPv6: length(4) zero(3) next header(1).
  // Both add up to length + protocol in one's-complement arithmetic.
  sum += static_cast<std::uint32_t>(length >> 16) + static_cast<std::uint32_t>(length & 0xffff);
  sum += next_header;
  return fold(sum);
}

}  // namespace

std::uint32_t ones_complement_add(std::span<const std::uint8_t> data, std::uint32_t sum) {
  std::size_t i = 0;
  for (; i + 1 < data.size(); i += 2) {
    sum += static_cast<std::uint32_t>((data[i] << 8) | data[i + 1]);
    if (sum & 0x80000000u) sum = fold(sum);
  }
  if (i < data.size()) sum += static_cast<std::uint32_t>(data[i] << 8);
  return fold(sum);
}

std::uint16_t transport_checksum(std::span<const std::uint8_t> segment, std::size_t checksum_offset,
                                 std::uint8_t next_header, const base::IpAddress& src,
                                 const base::IpAddress& dst) {
  std::uint32_t sum = pseudo_header_sum(src, dst, next_header, segment.size());
  sum = ones_complement_add(segment.first(checksum_offset), sum);
  // Skip the checksum field itself; checksum_offset is even in every protocol we use.
  sum = ones_complement_add(segment.subspan(checksum_offset + 2), sum);
  return static_cast<std::uint16_t>(~fold(sum) & 0xffff);
}

std::uint16_t hip_checksum(std::span<const std::uint8_t> packet, const base::IpAddress& src,
                           const base::IpAddress& dst) {
  return transport_checksum(packet, kHipChecksumOffset, kIpProtoHip, src, dst);
}

bool hip_checksum_ok(std::span<const std::uint8_t> packet, const base::IpAddress& src,
                     const base::IpAddress& dst) {
  if (packet.size() < kHipChecksumOffset + 2) return false;
  return base::get_u16(packet, kHipChecksumOffset) == hip_checksum(packet, src, dst);
}

void set_hip_checksum(std::span<std::uint8_t> packet, const base::IpAddress& src,
                      const base::IpAddress& dst) {
  base::put_u16(packet, kHipChecksumOffset, hip_checksum(packet, src, dst));
}

}  // namespace hip::wire
