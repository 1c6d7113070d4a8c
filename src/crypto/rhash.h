// RHASH: the hash function of the Responder's HIT suite (RFC 7401 §5.2.10,
// Table 10, and Appendix E). It drives the puzzle (§6.3), HIP_MAC and
// HIP_MAC_2 (HMAC-RHASH, §6.4.1) and the KEYMAT derivation (HKDF, §6.5).
//
// The digests and the HMAC/HKDF implementations are fetched from OpenSSL once
// per process and reused: fetching costs a provider lookup that the base
// exchange path should not pay per packet.
#pragma once

#include <openssl/evp.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace hip::crypto {

// Values are the 4-bit HIT suite IDs (OGA IDs) of RFC 7401 §5.2.10.
enum class Rhash : std::uint8_t {
  sha256 = 1,  // RSA,DSA/SHA-256 (REQUIRED)
  sha384 = 2,  // ECDSA/SHA-384 (RECOMMENDED)
  sha1 = 3,    // ECDSA_LOW/SHA-1 (RECOMMENDED)
};

// The RHASH of a HIT suite (the OGA ID in bits 28-31 of a HIT), if known.
std::optional<Rhash> rhash_for_hit_suite(std::uint8_t oga_id);

// RHASH_len / 8: digest size in bytes, also the length of #I and #J (§5.2.4)
// and of the HIP integrity keys (§6.5).
constexpr std::size_t rhash_size(Rhash h) {
  switch (h) {
    case Rhash::sha256: return 32;
    case Rhash::sha384: return 48;
    case Rhash::sha1: return 20;
  }
  return 0;
}

std::string_view rhash_name(Rhash h);  // OpenSSL name: "SHA2-256", ...

// The fetched digest, or nullptr when the OpenSSL default provider lacks it.
const EVP_MD* rhash_md(Rhash h);
// The fetched "HMAC" and "HKDF" implementations (nullptr if unavailable).
EVP_MAC* hmac_algorithm();
EVP_KDF* hkdf_algorithm();

}  // namespace hip::crypto
