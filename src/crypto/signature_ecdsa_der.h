// OpenSSL speaks DER ECDSA-Sig-Value (RFC 3279 §2.2.3); HIP carries r | s at
// a fixed width. Tiny converters, so that no deprecated ECDSA_SIG API is
// needed. Internal to crypto/.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace hip::crypto::detail {

// SEQUENCE { INTEGER r, INTEGER s } -> r | s, each `scalar_bytes` wide.
// False when the DER is malformed or an integer does not fit.
bool ecdsa_der_to_raw(std::span<const std::uint8_t> der, std::size_t scalar_bytes,
                      std::vector<std::uint8_t>& raw);

// r | s (two equal halves, each at most 126 bytes) -> DER.
std::vector<std::uint8_t> ecdsa_raw_to_der(std::span<const std::uint8_t> raw);

}  // namespace hip::crypto::detail
