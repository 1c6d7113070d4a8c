#include "crypto/signature.h"

#include "crypto/host_id_curves.h"
#include "crypto/signature_ecdsa_der.h"

namespace hip::crypto {
namespace {

constexpr int kPssSaltBytes = 32;  // = SHA-256 output (RFC 3447 §9.1)

// Digest name for EVP_DigestSign/Verify; nullptr for EdDSA (hashes internally).
const char* digest_for(KeyKind kind) {
  switch (kind) {
    case KeyKind::rsa: return "SHA2-256";
    case KeyKind::ecdsa_p256:
    case KeyKind::ecdsa_p384: return "SHA2-384";
    case KeyKind::ecdsa_secp160r1: return "SHA1";
    case KeyKind::ed25519:
    case KeyKind::ed448: return nullptr;
  }
  return nullptr;
}

bool is_ecdsa(KeyKind kind) {
  return kind == KeyKind::ecdsa_p256 || kind == KeyKind::ecdsa_p384 ||
         kind == KeyKind::ecdsa_secp160r1;
}

// PSS parameters, for signing (fixed salt) or verifying (salt recovered).
struct PssParams {
  char pad[4] = "pss";
  char mgf1[9] = "SHA2-256";
  char salt_auto[5] = "auto";
  int salt = kPssSaltBytes;
  OSSL_PARAM params[4];

  PssParams(const PssParams&) = delete;  // params point into this object
  explicit PssParams(bool verifying) {
    params[0] = OSSL_PARAM_construct_utf8_string(OSSL_SIGNATURE_PARAM_PAD_MODE, pad, 0);
    params[1] = OSSL_PARAM_construct_utf8_string(OSSL_SIGNATURE_PARAM_MGF1_DIGEST, mgf1, 0);
    params[2] = verifying
                    ? OSSL_PARAM_construct_utf8_string(OSSL_SIGNATURE_PARAM_PSS_SALTLEN, salt_auto, 0)
                    : OSSL_PARAM_construct_int(OSSL_SIGNATURE_PARAM_PSS_SALTLEN, &salt);
    params[3] = OSSL_PARAM_construct_end();
  }
};

}  // namespace

std::string_view to_string(SignatureError error) {
  switch (error) {
    case SignatureError::missing_signature: return "no signature parameter";
    case SignatureError::malformed_parameter: return "malformed signature parameter";
    case SignatureError::algorithm_mismatch: return "SIG alg does not match the Host Identity";
    case SignatureError::bad_signature_length: return "wrong signature length";
    case SignatureError::invalid_signature: return "signature does not verify";
    case SignatureError::bad_packet: return "cannot form the signed bytes";
    case SignatureError::openssl_failure: return "OpenSSL failure";
  }
  return "unknown signature error";
}

std::size_t signature_size(const PublicKey& key) {
  if (key.kind() == KeyKind::rsa) return static_cast<std::size_t>(EVP_PKEY_get_size(key.get()));
  const auto* curve = detail::curve_for(key.kind());
  return curve != nullptr ? curve->signature_bytes : 0;
}

base::Result<std::vector<std::uint8_t>, SignatureError> sign_bytes(
    const PrivateKey& key, std::span<const std::uint8_t> message) {
  auto failure = [] {
    ERR_clear_error();
    return base::unexpected(SignatureError::openssl_failure);
  };
  PssParams pss(false);
  MdCtxPtr ctx(EVP_MD_CTX_new());
  if (!ctx || EVP_DigestSignInit_ex(ctx.get(), nullptr, digest_for(key.kind()), nullptr, nullptr,
                                    key.get(), key.kind() == KeyKind::rsa ? pss.params : nullptr) != 1) {
    return failure();
  }
  std::size_t length = 0;
  if (EVP_DigestSign(ctx.get(), nullptr, &length, message.data(), message.size()) != 1) {
    return failure();
  }
  std::vector<std::uint8_t> signature(length);
  if (EVP_DigestSign(ctx.get(), signature.data(), &length, message.data(), message.size()) != 1) {
    return failure();
  }
  signature.resize(length);
  if (!is_ecdsa(key.kind())) return signature;
  std::vector<std::uint8_t> raw;
  if (!detail::ecdsa_der_to_raw(signature, detail::curve_for(key.kind())->scalar_bytes, raw)) {
    return failure();
  }
  return raw;
}

base::Result<void, SignatureError> verify_bytes(const PublicKey& key,
                                                std::span<const std::uint8_t> message,
                                                std::span<const std::uint8_t> signature) {
  if (signature.size() != signature_size(key)) {
    return base::unexpected(SignatureError::bad_signature_length);
  }
  std::vector<std::uint8_t> der;
  if (is_ecdsa(key.kind())) {
    der = detail::ecdsa_raw_to_der(signature);
    signature = der;
  }
  PssParams pss(true);
  MdCtxPtr ctx(EVP_MD_CTX_new());
  const bool ok =
      ctx &&
      EVP_DigestVerifyInit_ex(ctx.get(), nullptr, digest_for(key.kind()), nullptr, nullptr, key.get(),
                              key.kind() == KeyKind::rsa ? pss.params : nullptr) == 1 &&
      EVP_DigestVerify(ctx.get(), signature.data(), signature.size(), message.data(),
                       message.size()) == 1;
  if (!ok) {
    ERR_clear_error();
    return base::unexpected(SignatureError::invalid_signature);
  }
  return {};
}

}  // namespace hip::crypto
