// Per-curve constants shared by the HOST_ID codec and the signature code.
// Internal to crypto/.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

#include "crypto/host_id_key.h"

namespace hip::crypto::detail {

struct CurveInfo {
  KeyKind kind;
  HiAlgorithm algorithm;
  std::uint16_t label;        // HOST_ID curve value
  const char* openssl_name;   // group name (EC) or key type (EdDSA)
  std::size_t public_bytes;   // ECDSA: one coordinate; EdDSA: the whole key
  std::size_t scalar_bytes;   // ECDSA: bytes of the group order n (r and s)
  std::size_t signature_bytes;
};

// RFC 7401 §5.2.9 (ECDSA, ECDSA_LOW) and RFC 9374 §3.4.1 Table 5 (EdDSA; the
// pre-hashed variants, labels 2 and 4, are not implemented). secp160r1's
// order has 161 bits (SEC 2 §2.4.1), so its r and s take 21 bytes although
// its coordinates take 20.
inline constexpr CurveInfo kCurves[] = {
    {KeyKind::ecdsa_p256, HiAlgorithm::ecdsa, 1, "prime256v1", 32, 32, 64},
    {KeyKind::ecdsa_p384, HiAlgorithm::ecdsa, 2, "secp384r1", 48, 48, 96},
    {KeyKind::ecdsa_secp160r1, HiAlgorithm::ecdsa_low, 1, "secp160r1", 20, 21, 42},
    {KeyKind::ed25519, HiAlgorithm::eddsa, 1, "ED25519", 32, 0, 64},
    {KeyKind::ed448, HiAlgorithm::eddsa, 3, "ED448", 57, 0, 114},
};

inline const CurveInfo* curve_for(KeyKind kind) {
  for (const auto& c : kCurves) {
    if (c.kind == kind) return &c;
  }
  return nullptr;
}

inline const CurveInfo* curve_for(HiAlgorithm algorithm, std::uint16_t label) {
  for (const auto& c : kCurves) {
    if (c.algorithm == algorithm && c.label == label) return &c;
  }
  return nullptr;
}

}  // namespace hip::crypto::detail
