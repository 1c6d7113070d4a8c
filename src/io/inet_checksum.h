// The Internet checksum (RFC 1071) for the TUN offload paths: the one's
// complement sum over memory, summed eight bytes at a time in the machine's
// byte order. RFC 1071 §2(B) makes the sum byte-order independent: a result
// stored back into memory in the same (native) order is the right checksum,
// so callers never swap bytes.
//
// Spans passed to one running sum must each start at an even offset of the
// packet (a trailing odd byte is padded with zero, §1 (3)); every header the
// offload code sums does.
#pragma once

#include <cstdint>
#include <span>

namespace hip::io {

// Adds the bytes to a running 64-bit sum (start with 0).
std::uint64_t checksum_add(std::span<const std::uint8_t> bytes, std::uint64_t sum) noexcept;
// Folds a running sum to 16 bits (native order), not complemented.
std::uint16_t checksum_fold(std::uint64_t sum) noexcept;
// Stores ~fold(sum) at `at` (native order, i.e. the wire bytes).
void checksum_store(std::uint8_t* at, std::uint64_t sum) noexcept;

}  // namespace hip::io
