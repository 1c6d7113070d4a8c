#include "crypto/hit.h"

#include <algorithm>

#include "crypto/evp.h"

namespace hip::crypto {
namespace {

constexpr std::size_t kHashBytes = 12;  // 96 bits

struct SuiteHash {
  const char* md_name;
  std::size_t digest_bytes;  // 0 for an XOF: read exactly kHashBytes
};

SuiteHash hash_of(HitSuite suite) {
  switch (suite) {
    case HitSuite::rsa_dsa_sha256: return {"SHA2-256", 32};
    case HitSuite::ecdsa_sha384: return {"SHA2-384", 48};
    case HitSuite::ecdsa_low_sha1: return {"SHA1", 20};
    case HitSuite::eddsa_cshake128: return {"SHAKE-128", 0};
  }
  return {"SHA2-256", 32};
}

// One fetch per hash for the life of the process (OpenSSL 3 fetches are not free).
const EVP_MD* fetch_md(HitSuite suite) {
  static MdPtr sha256(EVP_MD_fetch(nullptr, "SHA2-256", nullptr));
  static MdPtr sha384(EVP_MD_fetch(nullptr, "SHA2-384", nullptr));
  static MdPtr sha1(EVP_MD_fetch(nullptr, "SHA1", nullptr));
  static MdPtr shake128(EVP_MD_fetch(nullptr, "SHAKE-128", nullptr));
  switch (suite) {
    case HitSuite::rsa_dsa_sha256: return sha256.get();
    case HitSuite::ecdsa_sha384: return sha384.get();
    case HitSuite::ecdsa_low_sha1: return sha1.get();
    case HitSuite::eddsa_cshake128: return shake128.get();
  }
  return nullptr;
}

}  // namespace

std::optional<HitSuite> hit_suite_for(HiAlgorithm algorithm) {
  switch (algorithm) {
    case HiAlgorithm::dsa:
    case HiAlgorithm::rsa: return HitSuite::rsa_dsa_sha256;
    case HiAlgorithm::ecdsa: return HitSuite::ecdsa_sha384;
    case HiAlgorithm::ecdsa_low: return HitSuite::ecdsa_low_sha1;
    case HiAlgorithm::eddsa: return HitSuite::eddsa_cshake128;
  }
  return std::nullopt;
}

std::optional<HitSuite> hit_suite_from_id(std::uint8_t four_bit_id) {
  switch (four_bit_id) {
    case 1: return HitSuite::rsa_dsa_sha256;
    case 2: return HitSuite::ecdsa_sha384;
    case 3: return HitSuite::ecdsa_low_sha1;
    case 5: return HitSuite::eddsa_cshake128;
    default: return std::nullopt;
  }
}

std::string_view to_string(HitSuite suite) {
  switch (suite) {
    case HitSuite::rsa_dsa_sha256: return "RSA,DSA/SHA-256";
    case HitSuite::ecdsa_sha384: return "ECDSA/SHA-384";
    case HitSuite::ecdsa_low_sha1: return "ECDSA_LOW/SHA-1";
    case HitSuite::eddsa_cshake128: return "EdDSA/cSHAKE128";
  }
  return "unknown";
}

base::Result<base::Hit, IdentityError> compute_hit(std::uint16_t algorithm,
                                                   std::span<const std::uint8_t> host_identity) {
  const auto suite = hit_suite_for(static_cast<HiAlgorithm>(algorithm));
  if (!suite) return base::unexpected(IdentityError::unsupported_algorithm);
  if (host_identity.empty()) return base::unexpected(IdentityError::truncated);
  const SuiteHash hash = hash_of(*suite);
  const EVP_MD* md = fetch_md(*suite);
  MdCtxPtr ctx(EVP_MD_CTX_new());
  std::array<std::uint8_t, 64> digest{};
  if (md == nullptr || !ctx || EVP_DigestInit_ex2(ctx.get(), md, nullptr) != 1 ||
      EVP_DigestUpdate(ctx.get(), kHitContextId.data(), kHitContextId.size()) != 1 ||
      EVP_DigestUpdate(ctx.get(), host_identity.data(), host_identity.size()) != 1) {
    return base::unexpected(IdentityError::openssl_failure);
  }
  std::size_t first = 0;  // first byte of the middle 96 bits
  if (hash.digest_bytes == 0) {
    if (EVP_DigestFinalXOF(ctx.get(), digest.data(), kHashBytes) != 1) {
      return base::unexpected(IdentityError::openssl_failure);
    }
  } else {
    if (EVP_DigestFinal_ex(ctx.get(), digest.data(), nullptr) != 1) {
      return base::unexpected(IdentityError::openssl_failure);
    }
    // (digest - 96) / 2 bits: a whole number of bytes for SHA-1/256/384.
    first = (hash.digest_bytes - kHashBytes) / 2;
  }
  base::Hit hit;
  hit.bytes[0] = 0x20;  // 2001:0020::/28 (RFC 7343 §6)
  hit.bytes[1] = 0x01;
  hit.bytes[2] = 0x00;
  hit.bytes[3] = static_cast<std::uint8_t>(0x20 | static_cast<std::uint8_t>(*suite));
  std::copy_n(digest.begin() + static_cast<std::ptrdiff_t>(first), kHashBytes, hit.bytes.begin() + 4);
  return hit;
}

base::Result<base::Hit, IdentityError> compute_hit(const HostIdentity& identity) {
  return compute_hit(static_cast<std::uint16_t>(identity.algorithm), identity.bytes);
}

bool hit_matches(const base::Hit& hit, std::uint16_t algorithm,
                 std::span<const std::uint8_t> host_identity) {
  auto computed = compute_hit(algorithm, host_identity);
  return computed && *computed == hit;
}

}  // namespace hip::crypto
