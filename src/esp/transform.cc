#include "esp/transform.h"

namespace hip::esp {

namespace {

constexpr TransformSpec kSpecs[] = {
    // RFC 3602 (AES-CBC, 16-octet IV) with RFC 2404 (HMAC-SHA-1-96: 160-bit key, 96-bit ICV).
    {Suite::aes128_cbc_hmac_sha1, "AES-128-CBC with HMAC-SHA1", CipherKind::aes_cbc,
     MacKind::hmac_sha1, 16, 20, 0, 16, 12, 16},
    // RFC 2410 NULL with RFC 4868 HMAC-SHA-256-128 (256-bit key, 128-bit ICV).
    {Suite::null_hmac_sha256, "NULL with HMAC-SHA-256", CipherKind::none, MacKind::hmac_sha256, 0,
     32, 0, 0, 16, 4},
    {Suite::aes128_cbc_hmac_sha256, "AES-128-CBC with HMAC-SHA-256", CipherKind::aes_cbc,
     MacKind::hmac_sha256, 16, 32, 0, 16, 16, 16},
    {Suite::aes256_cbc_hmac_sha256, "AES-256-CBC with HMAC-SHA-256", CipherKind::aes_cbc,
     MacKind::hmac_sha256, 32, 32, 0, 16, 16, 16},
    // RFC 4106: 8-octet explicit IV, 4-octet salt, ICV 8 or 16.
    {Suite::aes_gcm_icv8, "AES-GCM with an 8-octet ICV", CipherKind::aes_gcm, MacKind::none,
     kDefaultGcmKeyBytes, 0, 4, 8, 8, 4},
    {Suite::aes_gcm_icv16, "AES-GCM with a 16-octet ICV", CipherKind::aes_gcm, MacKind::none,
     kDefaultGcmKeyBytes, 0, 4, 8, 16, 4},
};

}  // namespace

std::optional<TransformSpec> find_transform(std::uint16_t suite, std::size_t enc_key_bytes) {
  for (const TransformSpec& s : kSpecs) {
    if (static_cast<std::uint16_t>(s.suite) != suite) continue;
    TransformSpec spec = s;
    if (spec.cipher == CipherKind::aes_gcm) {
      if (enc_key_bytes == 0) return spec;
      if (enc_key_bytes != 16 && enc_key_bytes != 32) return std::nullopt;
      spec.enc_key_bytes = enc_key_bytes;
      return spec;
    }
    if (enc_key_bytes != 0 && enc_key_bytes != spec.enc_key_bytes) return std::nullopt;
    return spec;
  }
  return std::nullopt;
}

}  // namespace hip::esp
