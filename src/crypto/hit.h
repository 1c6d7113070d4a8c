// HITs: ORCHIDv2 over a Host Identity (RFC 7401 §3.2, RFC 7343; restated in
// RFC 9374 §3.5.1 and §3.5.2.1).
//
//   HIT = 2001:20::/28 prefix (28 bits) | OGA ID = HIT suite (4 bits) | Hash[96]
//   Hash[96] = the middle 96 bits of H(ContextID | Host Identity field)
//   ContextID = F0EF F02F BFF4 3D0F E793 0C3C 6E61 74EA
//
// Neither prefix nor OGA ID is hashed (RFC 9374 §3.5.2.1). "Middle" drops as
// many bits before as after (RFC 9374 §3.5.2): SHA-256 keeps bytes 10-21,
// SHA-384 bytes 18-29, SHA-1 bytes 4-15.
//
// HIT suite and hash per HI algorithm, settled:
//   RSA (and DSA) -> suite 1, SHA-256      RFC 7401 §5.2.10 Table 10
//   ECDSA         -> suite 2, SHA-384      (the same table, for P-256 too)
//   ECDSA_LOW     -> suite 3, SHA-1
//   EdDSA         -> suite 5, cSHAKE128    RFC 9374 §3.4.2 Table 6/7
// For EdDSA the hash is a variable-length one, so Hash[96] is its 96-bit
// output with no truncation (RFC 9374 §3.5.2.1, "variable output length
// hashes"). That section writes the input as ContextID | HOST_ID with no
// customization string; cSHAKE128 with empty N and S is by definition
// SHAKE128 (NIST SP 800-185 §3.3), which is what we compute.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "base/hit.h"
#include "base/result.h"
#include "crypto/host_id.h"
#include "crypto/host_id_error.h"
#include "crypto/host_id_key.h"

namespace hip::crypto {

enum class HitSuite : std::uint8_t {
  rsa_dsa_sha256 = 1,
  ecdsa_sha384 = 2,
  ecdsa_low_sha1 = 3,
  eddsa_cshake128 = 5,
};

inline constexpr std::array<std::uint8_t, 16> kHitContextId = {
    0xf0, 0xef, 0xf0, 0x2f, 0xbf, 0xf4, 0x3d, 0x0f, 0xe7, 0x93, 0x0c, 0x3c, 0x6e, 0x61, 0x74, 0xea};

std::optional<HitSuite> hit_suite_for(HiAlgorithm algorithm);
// From a HIT's OGA ID nibble or a HIT_SUITE_LIST entry's high nibble.
std::optional<HitSuite> hit_suite_from_id(std::uint8_t four_bit_id);
std::string_view to_string(HitSuite suite);  // "RSA,DSA/SHA-256" (RFC 7401 Table 10)
// The HIT_SUITE_LIST byte: the suite in the high nibble (RFC 7401 §5.2.10).
constexpr std::uint8_t hit_suite_list_byte(HitSuite suite) {
  return static_cast<std::uint8_t>(static_cast<std::uint8_t>(suite) << 4);
}

base::Result<base::Hit, IdentityError> compute_hit(std::uint16_t algorithm,
                                                   std::span<const std::uint8_t> host_identity);
base::Result<base::Hit, IdentityError> compute_hit(const HostIdentity& identity);

// RFC 7401 §6.8 step 10 / §6.9 step 12: does `hit` belong to this HI?
bool hit_matches(const base::Hit& hit, std::uint16_t algorithm,
                 std::span<const std::uint8_t> host_identity);

}  // namespace hip::crypto
