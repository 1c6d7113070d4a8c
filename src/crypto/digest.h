// One-shot RHASH digests over several pieces, for values the engine derives
// itself (the puzzle #I of RFC 7401 App. A, duplicate-I2 detection).
#pragma once

#include <array>
#include <cstdint>
#include <initializer_list>
#include <span>

#include "crypto/rhash.h"

namespace hip::crypto {

struct Digest {
  std::array<std::uint8_t, 64> bytes{};
  std::size_t size = 0;
  std::span<const std::uint8_t> view() const { return std::span(bytes).first(size); }
};

// RHASH(piece_1 | piece_2 | ...). Returns size 0 only if OpenSSL fails.
Digest digest(Rhash hash, std::initializer_list<std::span<const std::uint8_t>> pieces);

}  // namespace hip::crypto
