// Big-endian (network order) reads and writes over byte spans. Callers check
// bounds before calling; these helpers only assert.
#pragma once

#include <cassert>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

namespace hip::base {

using Bytes = std::span<const std::uint8_t>;
using MutableBytes = std::span<std::uint8_t>;

inline std::uint16_t get_u16(Bytes b, std::size_t at) {
  assert(at + 2 <= b.size());
  return static_cast<std::uint16_t>((b[at] << 8) | b[at + 1]);
}

inline std::uint32_t get_u32(Bytes b, std::size_t at) {
  assert(at + 4 <= b.size());
  return (std::uint32_t{b[at]} << 24) | (std::uint32_t{b[at + 1]} << 16) |
         (std::uint32_t{b[at + 2]} << 8) | std::uint32_t{b[at + 3]};
}

inline std::uint64_t get_u64(Bytes b, std::size_t at) {
  return (std::uint64_t{get_u32(b, at)} << 32) | get_u32(b, at + 4);
}

inline void put_u16(MutableBytes b, std::size_t at, std::uint16_t v) {
  assert(at + 2 <= b.size());
  b[at] = static_cast<std::uint8_t>(v >> 8);
  b[at + 1] = static_cast<std::uint8_t>(v);
}

inline void put_u32(MutableBytes b, std::size_t at, std::uint32_t v) {
  assert(at + 4 <= b.size());
  b[at] = static_cast<std::uint8_t>(v >> 24);
  b[at + 1] = static_cast<std::uint8_t>(v >> 16);
  b[at + 2] = static_cast<std::uint8_t>(v >> 8);
  b[at + 3] = static_cast<std::uint8_t>(v);
}

inline void put_u64(MutableBytes b, std::size_t at, std::uint64_t v) {
  put_u32(b, at, static_cast<std::uint32_t>(v >> 32));
  put_u32(b, at + 4, static_cast<std::uint32_t>(v));
}

// Lower-case hex, no separators ("0a1b...").
std::string to_hex(Bytes b);

}  // namespace hip::base
