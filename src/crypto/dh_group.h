// The Diffie-Hellman groups of HIPv2 (RFC 7401 §5.2.7) and how each encodes
// its values in the DIFFIE_HELLMAN parameter. Every group uses HKDF as its KDF.
//
//   ID  group                     public value               Kij (shared secret)
//    3  1536-bit MODP (RFC 3526)  y, 192 bytes               g^xy, 192 bytes
//    4  3072-bit MODP (RFC 3526)  y, 384 bytes               g^xy, 384 bytes
//   11  2048-bit MODP (RFC 3526)  y, 256 bytes               g^xy, 256 bytes
//    7  NIST P-256 (RFC 5903)     x | y, 32 + 32 bytes       x, 32 bytes
//    8  NIST P-384 (RFC 5903)     x | y, 48 + 48 bytes       x, 48 bytes
//    9  NIST P-521 (RFC 5903)     x | y, 66 + 66 bytes       x, 66 bytes
//   10  SECP160R1 (SEC 2)         x | y, 20 + 20 bytes       x, 20 bytes
//
// ECP groups follow RFC 5903 §7, which 7401 cites for groups 7-9: each
// coordinate is left-padded with zeros to the field size (P-521: 528 bits),
// the public value is x then y with no 0x04 point-format prefix, and the
// shared secret is the x coordinate alone. RFC 7401 gives no separate format
// for group 10 (Appendix D only names the curve), so the same rule applies to
// its 160-bit field: 20-byte coordinates, 40-byte public value, 20-byte Kij.
//
// MODP: RFC 7401 and RFC 3526 do not say how y and g^xy are written. hipstack
// uses the rule of IKEv2, where these groups come from (RFC 7296 §3.4 for the
// public value, §2.14 for g^ir): big-endian, left-padded with zeros to the
// length of the prime. On receipt a shorter public value is accepted (it is
// the same integer; a peer that does not pad sends one byte less about once in
// 256 exchanges), a longer one is refused.
//
// Curve25519/Curve448: neither RFC 7401 nor RFC 9374 assigns them a DH Group
// ID (RFC 9374 §8.4 registers only the EdDSA HI algorithm 13, its curve labels
// and HIT suite 5), so they are not offered here.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include <openssl/evp.h>

namespace hip::crypto {

enum class DhGroupId : std::uint8_t {
  modp_1536 = 3,   // MUST
  modp_3072 = 4,   // SHOULD
  nist_p256 = 7,
  nist_p384 = 8,   // SHOULD
  nist_p521 = 9,
  secp160r1 = 10,
  modp_2048 = 11,
};

enum class DhKind : std::uint8_t { modp, ecp };

struct DhGroup {
  DhGroupId id;
  std::string_view name;           // for logs: "NIST P-256"
  std::string_view openssl_group;  // OpenSSL group name: "P-256", "modp_1536"
  DhKind kind;
  std::size_t element_size;        // bytes of the prime (MODP) or of a coordinate (ECP)

  std::uint8_t wire_id() const { return static_cast<std::uint8_t>(id); }
  std::size_t public_value_size() const {
    return kind == DhKind::ecp ? 2 * element_size : element_size;
  }
  std::size_t shared_secret_size() const { return element_size; }
};

// The group with this DIFFIE_HELLMAN Group ID, or nullptr if hipstack does not
// support it (0, the deprecated 1/2/5/6, unassigned values).
const DhGroup* find_dh_group(std::uint8_t wire_id);

// Every supported group, in hipstack's default order of preference (stronger
// and cheaper first; §5.2.6 asks hosts to prefer stronger groups).
std::span<const DhGroup> supported_dh_groups();

namespace detail {
// A parameters-only EVP_PKEY for the group, built once per process: key
// generation and peer-key import start from it instead of looking the group
// up by name each time. nullptr if OpenSSL cannot provide the group.
EVP_PKEY* dh_group_template(const DhGroup& group);
}  // namespace detail

}  // namespace hip::crypto
