#include "esp/sa_cipher.h"

#include <openssl/crypto.h>

#include <cstring>

#include "base/bytes.h"

namespace hip::esp {

namespace {

// Each algorithm is fetched once per process (fetching is a locked provider
// lookup: never on the packet path) and shared by every SA.
const EVP_CIPHER* fetched_cipher(CipherKind kind, std::size_t key_bytes) {
  static const crypto::CipherPtr aes128_cbc(EVP_CIPHER_fetch(nullptr, "AES-128-CBC", nullptr));
  static const crypto::CipherPtr aes256_cbc(EVP_CIPHER_fetch(nullptr, "AES-256-CBC", nullptr));
  static const crypto::CipherPtr aes128_gcm(EVP_CIPHER_fetch(nullptr, "AES-128-GCM", nullptr));
  static const crypto::CipherPtr aes256_gcm(EVP_CIPHER_fetch(nullptr, "AES-256-GCM", nullptr));
  if (kind == CipherKind::aes_cbc) return key_bytes == 16 ? aes128_cbc.get() : aes256_cbc.get();
  if (kind == CipherKind::aes_gcm) return key_bytes == 16 ? aes128_gcm.get() : aes256_gcm.get();
  return nullptr;
}

// Constant time: timing never tells how many ICV bytes matched.
bool icv_equal(const std::uint8_t* computed, const std::uint8_t* received, std::size_t n) {
  return CRYPTO_memcmp(computed, received, n) == 0;
}

std::size_t body_bytes(const TransformSpec& spec, std::size_t esp_bytes) {
  return esp_bytes - kEspHeaderBytes - spec.iv_bytes - spec.icv_bytes;
}

}  // namespace

std::unique_ptr<SaCipher> SaCipher::create(const TransformSpec& spec, bool outbound,
                                           std::span<const std::uint8_t> enc_keymat,
                                           std::span<const std::uint8_t> auth_key,
                                           std::span<const std::uint8_t, 8> iv_nonce) {
  if (enc_keymat.size() != spec.enc_keymat_bytes() || auth_key.size() != spec.auth_key_bytes) {
    return nullptr;
  }
  std::unique_ptr<SaCipher> c(new SaCipher(spec));
  std::memcpy(c->iv_nonce_.data(), iv_nonce.data(), iv_nonce.size());
  if (spec.mac != MacKind::none && !c->hmac_.init(spec.mac, auth_key)) return nullptr;
  if (spec.cipher == CipherKind::none) return c;

  const EVP_CIPHER* cipher = fetched_cipher(spec.cipher, spec.enc_key_bytes);
  if (cipher == nullptr) return nullptr;
  c->ctx_.reset(EVP_CIPHER_CTX_new());
  if (!c->ctx_) return nullptr;
  const int enc = outbound ? 1 : 0;
  if (EVP_CipherInit_ex(c->ctx_.get(), cipher, nullptr, enc_keymat.data(), nullptr, enc) != 1) {
    return nullptr;
  }
  if (spec.cipher == CipherKind::aes_cbc) {
    // ESP does its own padding (RFC 4303 §2.4); the body is always aligned.
    EVP_CIPHER_CTX_set_padding(c->ctx_.get(), 0);
  } else {
    std::memcpy(c->salt_.data(), enc_keymat.data() + spec.enc_key_bytes, c->salt_.size());
  }
  return c;
}

void SaCipher::mac(std::span<const std::uint8_t> esp, std::size_t covered, std::uint64_t seq,
                   bool esn, std::uint8_t* out) noexcept {
  hmac_.begin();
  hmac_.update(esp.data(), covered);
  if (esn) {
    // RFC 4303 §2.2.1: the high-order 32 bits are appended after Next Header
    // for the ICV computation only; they are not sent.
    std::uint8_t hi[4];
    base::put_u32(hi, 0, static_cast<std::uint32_t>(seq >> 32));
    hmac_.update(hi, sizeof hi);
  }
  hmac_.finish(out);
}

bool SaCipher::seal(std::span<std::uint8_t> esp, std::uint64_t seq, bool esn) noexcept {
  switch (spec_.cipher) {
    case CipherKind::aes_cbc: return seal_cbc(esp, seq, esn);
    case CipherKind::aes_gcm: return seal_gcm(esp, seq, esn);
    case CipherKind::none: return seal_null(esp, seq, esn);
  }
  return false;
}

OpenStatus SaCipher::open(std::span<std::uint8_t> esp, std::uint64_t seq, bool esn) noexcept {
  switch (spec_.cipher) {
    case CipherKind::aes_cbc: return open_cbc(esp, seq, esn);
    case CipherKind::aes_gcm: return open_gcm(esp, seq, esn);
    case CipherKind::none: return open_null(esp, seq, esn);
  }
  return OpenStatus::crypto_error;
}

bool SaCipher::seal_cbc(std::span<std::uint8_t> esp, std::uint64_t seq, bool esn) noexcept {
  const std::size_t body = body_bytes(spec_, esp.size());
  std::uint8_t* iv = esp.data() + kEspHeaderBytes;
  // The nonce block sits in the IV slot; CBC-encrypting it under a zero IV
  // yields IV = AES_K(nonce) and then the body chained from that IV: exactly
  // CBC with an unpredictable IV, in one pass.
  base::put_u64(std::span<std::uint8_t>(iv, 8), 0, seq);
  std::memcpy(iv + 8, iv_nonce_.data(), 8);
  static constexpr std::uint8_t kZeroIv[16] = {};
  int out_len = 0;
  if (EVP_EncryptInit_ex(ctx_.get(), nullptr, nullptr, nullptr, kZeroIv) != 1 ||
      EVP_EncryptUpdate(ctx_.get(), iv, &out_len, iv, static_cast<int>(spec_.iv_bytes + body)) !=
          1 ||
      static_cast<std::size_t>(out_len) != spec_.iv_bytes + body) {
    return false;
  }
  std::uint8_t digest[Hmac::kMaxDigestBytes];
  const std::size_t covered = kEspHeaderBytes + spec_.iv_bytes + body;
  mac(esp, covered, seq, esn, digest);
  std::memcpy(esp.data() + covered, digest, spec_.icv_bytes);
  return true;
}

OpenStatus SaCipher::open_cbc(std::span<std::uint8_t> esp, std::uint64_t seq, bool esn) noexcept {
  const std::size_t body = body_bytes(spec_, esp.size());
  const std::size_t covered = kEspHeaderBytes + spec_.iv_bytes + body;
  // RFC 4303 §3.4.4: the ICV is checked before decryption.
  std::uint8_t digest[Hmac::kMaxDigestBytes];
  mac(esp, covered, seq, esn, digest);
  if (!icv_equal(digest, esp.data() + covered, spec_.icv_bytes)) return OpenStatus::bad_icv;
  std::uint8_t* iv = esp.data() + kEspHeaderBytes;
  std::uint8_t* p = iv + spec_.iv_bytes;
  int out_len = 0;
  if (EVP_DecryptInit_ex(ctx_.get(), nullptr, nullptr, nullptr, iv) != 1 ||
      EVP_DecryptUpdate(ctx_.get(), p, &out_len, p, static_cast<int>(body)) != 1 ||
      static_cast<std::size_t>(out_len) != body) {
    return OpenStatus::crypto_error;
  }
  return OpenStatus::ok;
}

namespace {

// RFC 4106 §5: AAD = SPI | Sequence Number (32 bits), or SPI | 64-bit ESN.
std::size_t gcm_aad(std::span<const std::uint8_t> esp, std::uint64_t seq, bool esn,
                    std::uint8_t (&aad)[12]) {
  std::memcpy(aad, esp.data(), 4);
  if (!esn) {
    std::memcpy(aad + 4, esp.data() + 4, 4);
    return 8;
  }
  base::put_u64(aad, 4, seq);
  return 12;
}

}  // namespace

bool SaCipher::seal_gcm(std::span<std::uint8_t> esp, std::uint64_t seq, bool esn) noexcept {
  const std::size_t body = body_bytes(spec_, esp.size());
  std::uint8_t* iv = esp.data() + kEspHeaderBytes;
  base::put_u64(std::span<std::uint8_t>(iv, 8), 0, seq);
  std::uint8_t nonce[12];  // RFC 4106 §4: Salt | IV
  std::memcpy(nonce, salt_.data(), 4);
  std::memcpy(nonce + 4, iv, 8);
  std::uint8_t aad[12];
  const std::size_t aad_len = gcm_aad(esp, seq, esn, aad);
  std::uint8_t* p = iv + spec_.iv_bytes;
  int out_len = 0;
  int final_len = 0;
  if (EVP_EncryptInit_ex(ctx_.get(), nullptr, nullptr, nullptr, nonce) != 1 ||
      EVP_EncryptUpdate(ctx_.get(), nullptr, &out_len, aad, static_cast<int>(aad_len)) != 1 ||
      EVP_EncryptUpdate(ctx_.get(), p, &out_len, p, static_cast<int>(body)) != 1 ||
      EVP_EncryptFinal_ex(ctx_.get(), p + body, &final_len) != 1 ||
      static_cast<std::size_t>(out_len + final_len) != body) {
    return false;
  }
  // RFC 4106 §6: the ICV is the tag, truncated to 8 octets for suite 12.
  return EVP_CIPHER_CTX_ctrl(ctx_.get(), EVP_CTRL_AEAD_GET_TAG, static_cast<int>(spec_.icv_bytes),
                             p + body) == 1;
}

OpenStatus SaCipher::open_gcm(std::span<std::uint8_t> esp, std::uint64_t seq, bool esn) noexcept {
  const std::size_t body = body_bytes(spec_, esp.size());
  std::uint8_t* iv = esp.data() + kEspHeaderBytes;
  std::uint8_t* p = iv + spec_.iv_bytes;
  std::uint8_t nonce[12];
  std::memcpy(nonce, salt_.data(), 4);
  std::memcpy(nonce + 4, iv, 8);
  std::uint8_t aad[12];
  const std::size_t aad_len = gcm_aad(esp, seq, esn, aad);
  std::uint8_t tag[16];
  std::memcpy(tag, p + body, spec_.icv_bytes);
  int out_len = 0;
  if (EVP_DecryptInit_ex(ctx_.get(), nullptr, nullptr, nullptr, nonce) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx_.get(), EVP_CTRL_AEAD_SET_TAG, static_cast<int>(spec_.icv_bytes),
                          tag) != 1 ||
      EVP_DecryptUpdate(ctx_.get(), nullptr, &out_len, aad, static_cast<int>(aad_len)) != 1 ||
      EVP_DecryptUpdate(ctx_.get(), p, &out_len, p, static_cast<int>(body)) != 1) {
    return OpenStatus::crypto_error;
  }
  // GCM checks the tag in Final (constant time inside OpenSSL). The body was
  // decrypted in place before that, but it is never used unless this passes.
  int final_len = 0;
  if (EVP_DecryptFinal_ex(ctx_.get(), p + body, &final_len) != 1) return OpenStatus::bad_icv;
  return OpenStatus::ok;
}

bool SaCipher::seal_null(std::span<std::uint8_t> esp, std::uint64_t seq, bool esn) noexcept {
  const std::size_t covered = esp.size() - spec_.icv_bytes;
  std::uint8_t digest[Hmac::kMaxDigestBytes];
  mac(esp, covered, seq, esn, digest);
  std::memcpy(esp.data() + covered, digest, spec_.icv_bytes);
  return true;
}

OpenStatus SaCipher::open_null(std::span<std::uint8_t> esp, std::uint64_t seq, bool esn) noexcept {
  const std::size_t covered = esp.size() - spec_.icv_bytes;
  std::uint8_t digest[Hmac::kMaxDigestBytes];
  mac(esp, covered, seq, esn, digest);
  if (!icv_equal(digest, esp.data() + covered, spec_.icv_bytes)) return OpenStatus::bad_icv;
  return OpenStatus::ok;
}

}  // namespace hip::esp
