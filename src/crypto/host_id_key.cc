#include "crypto/host_id_key.h"

#include <cstring>

namespace hip::crypto {

std::string_view to_string(IdentityError error) {
  switch (error) {
    case IdentityError::unsupported_algorithm: return "unsupported HI algorithm";
    case IdentityError::unsupported_curve: return "unsupported curve";
    case IdentityError::truncated: return "truncated Host Identity";
    case IdentityError::bad_length: return "inconsistent length";
    case IdentityError::bad_value: return "invalid field value";
    case IdentityError::invalid_point: return "public key not on its curve";
    case IdentityError::key_too_small: return "key too small";
    case IdentityError::key_too_large: return "key too large";
    case IdentityError::unsupported_key: return "unsupported key type or size";
    case IdentityError::bad_domain_identifier: return "invalid domain identifier";
    case IdentityError::openssl_failure: return "OpenSSL failure";
  }
  return "unknown identity error";
}

HiAlgorithm hi_algorithm(KeyKind kind) {
  switch (kind) {
    case KeyKind::rsa: return HiAlgorithm::rsa;
    case KeyKind::ecdsa_p256:
    case KeyKind::ecdsa_p384: return HiAlgorithm::ecdsa;
    case KeyKind::ecdsa_secp160r1: return HiAlgorithm::ecdsa_low;
    case KeyKind::ed25519:
    case KeyKind::ed448: return HiAlgorithm::eddsa;
  }
  return HiAlgorithm::rsa;
}

std::string_view to_string(KeyKind kind) {
  switch (kind) {
    case KeyKind::rsa: return "RSA";
    case KeyKind::ecdsa_p256: return "ECDSA P-256";
    case KeyKind::ecdsa_p384: return "ECDSA P-384";
    case KeyKind::ecdsa_secp160r1: return "ECDSA_LOW secp160r1";
    case KeyKind::ed25519: return "EdDSA Ed25519";
    case KeyKind::ed448: return "EdDSA Ed448";
  }
  return "unknown";
}

std::string_view to_string(HiAlgorithm algorithm) {
  switch (algorithm) {
    case HiAlgorithm::dsa: return "DSA";
    case HiAlgorithm::rsa: return "RSA";
    case HiAlgorithm::ecdsa: return "ECDSA";
    case HiAlgorithm::ecdsa_low: return "ECDSA_LOW";
    case HiAlgorithm::eddsa: return "EdDSA";
  }
  return "unknown";
}

unsigned PublicKey::bits() const { return static_cast<unsigned>(EVP_PKEY_get_bits(pkey_.get())); }
unsigned PrivateKey::bits() const { return static_cast<unsigned>(EVP_PKEY_get_bits(pkey_.get())); }

PublicKey PrivateKey::public_key() const {
  EVP_PKEY_up_ref(pkey_.get());
  return PublicKey(kind_, PkeyPtr(pkey_.get()));
}

base::Result<PrivateKey, IdentityError> generate_private_key(KeyKind kind, unsigned rsa_bits) {
  EVP_PKEY* raw = nullptr;
  switch (kind) {
    case KeyKind::rsa:
      if (rsa_bits < kRsaMinOwnBits || rsa_bits > kRsaMaxOwnBits) {
        return base::unexpected(IdentityError::unsupported_key);
      }
      raw = EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<size_t>(rsa_bits));
      break;
    case KeyKind::ecdsa_p256: raw = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"); break;
    case KeyKind::ecdsa_p384: raw = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-384"); break;
    case KeyKind::ecdsa_secp160r1:
      raw = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "secp160r1");
      break;
    case KeyKind::ed25519: raw = EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"); break;
    case KeyKind::ed448: raw = EVP_PKEY_Q_keygen(nullptr, nullptr, "ED448"); break;
  }
  if (raw == nullptr) return base::unexpected(IdentityError::openssl_failure);
  return PrivateKey(kind, PkeyPtr(raw));
}

base::Result<KeyKind, IdentityError> classify_key(const EVP_PKEY* pkey) {
  if (pkey == nullptr) return base::unexpected(IdentityError::unsupported_key);
  // EVP_PKEY_is_a takes a non-const key in OpenSSL 3.0 but does not modify it.
  auto* key = const_cast<EVP_PKEY*>(pkey);
  if (EVP_PKEY_is_a(key, "RSA")) return KeyKind::rsa;
  if (EVP_PKEY_is_a(key, "ED25519")) return KeyKind::ed25519;
  if (EVP_PKEY_is_a(key, "ED448")) return KeyKind::ed448;
  if (EVP_PKEY_is_a(key, "EC")) {
    char group[64] = {};
    size_t length = 0;
    if (EVP_PKEY_get_group_name(key, group, sizeof group, &length) != 1) {
      return base::unexpected(IdentityError::unsupported_key);
    }
    if (std::strcmp(group, "prime256v1") == 0 || std::strcmp(group, "P-256") == 0) {
      return KeyKind::ecdsa_p256;
    }
    if (std::strcmp(group, "secp384r1") == 0 || std::strcmp(group, "P-384") == 0) {
      return KeyKind::ecdsa_p384;
    }
    if (std::strcmp(group, "secp160r1") == 0) return KeyKind::ecdsa_secp160r1;
  }
  return base::unexpected(IdentityError::unsupported_key);
}

}  // namespace hip::crypto
