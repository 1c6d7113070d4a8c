// The public-key algorithms a Host Identity can use, and move-only owners for
// the OpenSSL keys behind them: PrivateKey signs (our own identity),
// PublicKey verifies (a peer's identity decoded from HOST_ID).
#pragma once

#include <cstdint>
#include <string_view>

#include "base/result.h"
#include "crypto/evp.h"
#include "crypto/host_id_error.h"

namespace hip::crypto {

// HOST_ID "Algorithm" = HIP_SIGNATURE "SIG alg" (RFC 7401 §5.2.9, §5.2.14;
// EdDSA from RFC 9374 §3.4.1 Table 4).
enum class HiAlgorithm : std::uint16_t {
  dsa = 3,  // known so that we can name it; not implemented
  rsa = 5,
  ecdsa = 7,
  ecdsa_low = 9,
  eddsa = 13,
};

// Every concrete key shape hipstack generates, loads and verifies with.
enum class KeyKind : std::uint8_t {
  rsa,              // HiAlgorithm::rsa, RFC 3110 encoding
  ecdsa_p256,       // HiAlgorithm::ecdsa, curve 1 (RFC 7401 §5.2.9)
  ecdsa_p384,       // HiAlgorithm::ecdsa, curve 2
  ecdsa_secp160r1,  // HiAlgorithm::ecdsa_low, curve 1 (RFC 7401 App. D)
  ed25519,          // HiAlgorithm::eddsa, curve 1 (RFC 9374 Table 5)
  ed448,            // HiAlgorithm::eddsa, curve 3
};

HiAlgorithm hi_algorithm(KeyKind kind);
std::string_view to_string(KeyKind kind);         // "ECDSA P-256"
std::string_view to_string(HiAlgorithm algorithm);  // "ECDSA_LOW" (RFC names)

// RSA sizes. Our own keys: 2048-4096 bits (RFC 7401 §5.2.9 asks for at least
// 112-bit strength, i.e. 2048-bit RSA). A peer's key is accepted from 1024
// bits, since §5.2.9 says "should" and deployed peers (cutehip's Initiator)
// use 1024; the engine's policy may ask for more via PublicKey::bits(). The
// upper bounds cap what one signature verification can cost us.
inline constexpr unsigned kRsaMinOwnBits = 2048;
inline constexpr unsigned kRsaMaxOwnBits = 4096;
inline constexpr unsigned kRsaMinPeerBits = 1024;
inline constexpr unsigned kRsaMaxPeerBits = 8192;
inline constexpr unsigned kRsaMaxExponentBytes = 8;  // OpenSSL's own limit is 64 bits
inline constexpr unsigned kRsaPublicExponent = 65537;

class PublicKey {
 public:
  PublicKey(KeyKind kind, PkeyPtr pkey) : kind_(kind), pkey_(std::move(pkey)) {}
  KeyKind kind() const { return kind_; }
  HiAlgorithm algorithm() const { return hi_algorithm(kind_); }
  unsigned bits() const;
  EVP_PKEY* get() const { return pkey_.get(); }

 private:
  KeyKind kind_;
  PkeyPtr pkey_;
};

class PrivateKey {
 public:
  PrivateKey(KeyKind kind, PkeyPtr pkey) : kind_(kind), pkey_(std::move(pkey)) {}
  KeyKind kind() const { return kind_; }
  HiAlgorithm algorithm() const { return hi_algorithm(kind_); }
  unsigned bits() const;
  EVP_PKEY* get() const { return pkey_.get(); }
  // The same key, verify-only (shares the OpenSSL object by reference count).
  PublicKey public_key() const;

 private:
  KeyKind kind_;
  PkeyPtr pkey_;
};

// A fresh key pair; rsa_bits applies to KeyKind::rsa only and must lie in
// [kRsaMinOwnBits, kRsaMaxOwnBits].
base::Result<PrivateKey, IdentityError> generate_private_key(KeyKind kind,
                                                             unsigned rsa_bits = kRsaMinOwnBits);

// Which KeyKind an OpenSSL key is (e.g. one read from a PEM file), or
// unsupported_key. RSA sizes are checked by the caller (own or peer limits).
base::Result<KeyKind, IdentityError> classify_key(const EVP_PKEY* pkey);

}  // namespace hip::crypto
