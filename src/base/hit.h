// A Host Identity Tag: 128 bits shaped like an IPv6 address (RFC 7401 §3).
// HIPv2 HITs are ORCHIDv2 (2001:20::/28); the hash that makes them lives in
// crypto/. Here it is a plain value with ordering, as the protocol compares
// HITs numerically (e.g. the HIP-gl/HIP-lg key split, simultaneous I1s).
#pragma once

#include <array>
#include <compare>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace hip::base {

struct Hit {
  std::array<std::uint8_t, 16> bytes{};

  static Hit from(std::span<const std::uint8_t, 16> b) {
    Hit h;
    for (std::size_t i = 0; i < 16; ++i) h.bytes[i] = b[i];
    return h;
  }
  static std::optional<Hit> parse(std::string_view text);

  bool is_null() const;
  // ORCHIDv2 prefix 2001:20::/28 (RFC 7343).
  bool is_orchid_v2() const;
  // The 4-bit OGA ID (HIT suite) that follows the prefix.
  std::uint8_t oga_id() const { return bytes[3] & 0x0f; }
  std::string to_string() const;

  // Unsigned 128-bit comparison == lexicographic on the big-endian bytes.
  friend auto operator<=>(const Hit&, const Hit&) = default;
};

}  // namespace hip::base
