// The ESP transform suites of RFC 7402 §5.1.2 that hipstack implements, with
// the sizes each one needs. The engine draws KEYMAT with these sizes
// (RFC 7402 §7: encryption key, then authentication key, per direction).
//
//  Suite                        enc key  auth key  salt  IV  ICV  block  sources
//  1  AES-128-CBC + HMAC-SHA1     16       20       -    16   12    16   RFC 3602 §2.4/§5, RFC 2404 §2-3
//  7  NULL + HMAC-SHA-256          0       32       -     0   16     4   RFC 2410, RFC 4868 §2.1/§2.6
//  8  AES-128-CBC + HMAC-SHA-256  16       32       -    16   16    16   RFC 3602, RFC 4868
//  9  AES-256-CBC + HMAC-SHA-256  32       32       -    16   16    16   RFC 3602, RFC 4868
// 12  AES-GCM, 8-octet ICV     16 or 32     -        4     8    8     4   RFC 4106 §3.1, §6, §8.1
// 13  AES-GCM, 16-octet ICV    16 or 32     -        4     8   16     4   RFC 4106
//
// "block" is what the Padding must align Payload+Padding+2 to: the cipher
// block for CBC, and the 4-octet minimum of RFC 4303 §2.4 otherwise.
//
// AES-GCM key size: RFC 7402 names no key size for suites 12/13, and RFC 4106
// §8.4 leaves it to a separate Key Length attribute that HIP does not carry.
// HIP's rule is the "natural" key size (RFC 7401 §6.5, RFC 7402 §7), which for
// GCM is a local policy both ends must share: hipstack's default is AES-128
// (kDefaultGcmKeyBytes), AES-256 is selected by installing a 32+4-byte key.
// Per RFC 4106 §8.1 the KEYMAT drawn as the GCM "encryption key" is 4 octets
// longer than the AES key; its last 4 octets are the salt.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace hip::esp {

// ESP_TRANSFORM Suite IDs (RFC 7402 §5.1.2) that this data plane implements.
enum class Suite : std::uint16_t {
  aes128_cbc_hmac_sha1 = 1,
  null_hmac_sha256 = 7,
  aes128_cbc_hmac_sha256 = 8,
  aes256_cbc_hmac_sha256 = 9,
  aes_gcm_icv8 = 12,
  aes_gcm_icv16 = 13,
};

enum class CipherKind : std::uint8_t { none, aes_cbc, aes_gcm };
enum class MacKind : std::uint8_t { none, hmac_sha1, hmac_sha256 };

struct TransformSpec {
  Suite suite;
  std::string_view name;
  CipherKind cipher;
  MacKind mac;
  std::size_t enc_key_bytes;   // the cipher key alone (no salt)
  std::size_t auth_key_bytes;  // 0 for combined-mode (GCM)
  std::size_t salt_bytes;      // GCM nonce salt, drawn after the AES key
  std::size_t iv_bytes;        // explicit IV on the wire
  std::size_t icv_bytes;
  std::size_t block_bytes;     // alignment of Payload + Padding + 2

  // Bytes the engine draws from KEYMAT for this SA's "encryption key" and
  // "authentication key" (RFC 7402 §7). For GCM the salt is part of the first.
  std::size_t enc_keymat_bytes() const { return enc_key_bytes + salt_bytes; }
  std::size_t auth_keymat_bytes() const { return auth_key_bytes; }
  bool is_aead() const { return cipher == CipherKind::aes_gcm; }
};

inline constexpr std::size_t kDefaultGcmKeyBytes = 16;

// The spec of `suite`; for GCM `enc_key_bytes` picks AES-128 (16) or AES-256
// (32), 0 meaning the default. nullopt for suites not implemented (0, 2-6
// deprecated, 10-11 CCM, 14-15 authentication-only CMAC/GMAC) and for a key
// size the suite does not have.
std::optional<TransformSpec> find_transform(std::uint16_t suite, std::size_t enc_key_bytes = 0);

// Per packet overhead bounds, for the caller's buffer layout.
inline constexpr std::size_t kEspHeaderBytes = 8;   // SPI + Sequence Number
inline constexpr std::size_t kMaxIvBytes = 16;
inline constexpr std::size_t kMaxIcvBytes = 16;
inline constexpr std::size_t kMaxBlockBytes = 16;
// Padding (at most block-1) + Pad Length + Next Header + ICV.
inline constexpr std::size_t kMaxTrailerBytes = (kMaxBlockBytes - 1) + 2 + kMaxIcvBytes;

}  // namespace hip::esp
