// Diffie-Hellman key pairs for the base exchange and rekeying (RFC 7401
// §4.1.3, §5.2.7): generate a key pair for a group, write our public value for
// the DIFFIE_HELLMAN parameter, and derive Kij from the peer's public value.
// Encodings per group are described in dh_group.h.
//
// A peer's public value is checked before any secret-dependent work: exact
// length, and then the cheap "quick" public-key check, which for ECP groups is
// point-on-curve (and not the point at infinity) and for MODP groups is
// 1 < y < p-1 (RFC 2785 §3.1 asks a Responder that reuses its DH key to
// validate the peer value). The full OpenSSL check (subgroup membership for
// MODP, cofactor checks) is skipped on purpose: it costs more than the P-256
// derivation itself, HIP's ECP groups have co-factor 1 (§5.2.7), and the
// RFC 3526 primes are safe primes, where y in range leaves at most a 1-bit leak.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "crypto/ct.h"
#include "crypto/dh_group.h"
#include "crypto/evp.h"

namespace hip::crypto {

enum class DhError : std::uint8_t {
  unsupported_group,          // Group ID not implemented (or OpenSSL lacks it)
  bad_public_value_length,    // empty, longer than the group allows, or ECP not exactly x|y
  public_value_out_of_range,  // MODP y <= 1 or y >= p-1
  point_not_on_curve,         // ECP (x, y) is not a point of the curve
  bad_private_key,            // import: private value invalid or not matching the public value
  openssl_failure,            // key generation or derivation failed inside OpenSSL
};

std::string_view to_string(DhError e);

class DhKeyPair {
 public:
  // A fresh key pair from OpenSSL's CSPRNG. MODP private exponents follow
  // OpenSSL's size for the named group (e.g. 200 bits for modp_1536), which
  // matches the group's security level.
  static base::Result<DhKeyPair, DhError> generate(const DhGroup& group);
  static base::Result<DhKeyPair, DhError> generate(std::uint8_t wire_id);

  // A key pair from known values (big-endian private scalar/exponent and our
  // encoded public value), for known-answer tests and stored keys. The pair is
  // checked for consistency.
  static base::Result<DhKeyPair, DhError> import(const DhGroup& group,
                                                 std::span<const std::uint8_t> private_value,
                                                 std::span<const std::uint8_t> public_value);

  const DhGroup& group() const { return *group_; }
  // Our public value, encoded for the DIFFIE_HELLMAN parameter.
  std::span<const std::uint8_t> public_value() const { return public_value_; }

  // Kij from the peer's encoded public value, after validating it. The result
  // has group().shared_secret_size() bytes.
  base::Result<SecretBytes, DhError> derive(std::span<const std::uint8_t> peer_public) const;

  // The OpenSSL key (for PEM export in tests and diagnostics).
  const EVP_PKEY* pkey() const { return pkey_.get(); }

 private:
  DhKeyPair(const DhGroup& group, PkeyPtr pkey, std::vector<std::uint8_t> public_value)
      : group_(&group), pkey_(std::move(pkey)), public_value_(std::move(public_value)) {}

  const DhGroup* group_;
  PkeyPtr pkey_;
  std::vector<std::uint8_t> public_value_;
};

// Builds an EVP_PKEY holding only the peer's public value, after the length and
// quick checks above. Exposed for tests; derive() uses it.
base::Result<PkeyPtr, DhError> import_peer_public(const DhGroup& group,
                                                  std::span<const std::uint8_t> peer_public);

}  // namespace hip::crypto
