#include "wire/coverage.h"

#include <algorithm>

#include "base/bytes.h"

namespace hip::wire {

// Copies parameters by filter (type < limit) rather than by prefix, which is
// the same for well-formed packets and still defined for the out-of-order
// packets the inspector accepts.
base::Result<std::span<std::uint8_t>, ParseError> covered_bytes(
    const PacketView& packet, std::uint16_t limit_type, std::span<std::uint8_t> out,
    std::span<const std::uint8_t> appended_tlv) {
  auto no_buffer = [&](std::size_t at) {
    return base::unexpected(ParseError{ParseErrorCode::no_buffer, at, limit_type});
  };
  const auto bytes = packet.bytes();
  if (out.size() < kHeaderSize) return no_buffer(0);
  std::copy_n(bytes.begin(), kHeaderSize, out.begin());
  std::size_t size = kHeaderSize;
  for (const Param& p : packet) {
    if (p.type >= limit_type) continue;
    if (out.size() - size < p.total_size) return no_buffer(p.offset);
    auto tlv = bytes.subspan(p.offset, p.total_size);
    std::copy(tlv.begin(), tlv.end(), out.begin() + static_cast<std::ptrdiff_t>(size));
    size += p.total_size;
  }
  if (out.size() - size < appended_tlv.size()) return no_buffer(size);
  std::copy(appended_tlv.begin(), appended_tlv.end(), out.begin() + static_cast<std::ptrdiff_t>(size));
  size += appended_tlv.size();
  if (size % 8 != 0 || size > kMaxPacketSize) return no_buffer(size);
  out[1] = static_cast<std::uint8_t>(size / 8 - 1);
  base::put_u16(out, 4, 0);
  return out.first(size);
}

}  // namespace hip::wire
