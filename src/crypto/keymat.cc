#include "crypto/keymat.h"

#include <openssl/kdf.h>

#include <algorithm>
#include <string>

#include "crypto/evp.h"

namespace hip::crypto {

namespace {

auto fail(KeymatError e) {
  ERR_clear_error();
  return base::unexpected(e);
}

enum class HkdfStep { extract, expand };

// One HKDF step through EVP_KDF "HKDF" (fetched once, see rhash.h).
bool hkdf_step(HkdfStep step, Rhash hash, std::span<const std::uint8_t> key,
               std::span<const std::uint8_t> salt_or_info, std::span<std::uint8_t> out) {
  EVP_KDF* kdf = hkdf_algorithm();
  if (kdf == nullptr) return false;
  KdfCtxPtr ctx(EVP_KDF_CTX_new(kdf));
  if (!ctx) return false;
  const std::string digest(rhash_name(hash));
  int mode = step == HkdfStep::extract ? EVP_KDF_HKDF_MODE_EXTRACT_ONLY
                                       : EVP_KDF_HKDF_MODE_EXPAND_ONLY;
  OSSL_PARAM params[5];
  std::size_t n = 0;
  params[n++] = OSSL_PARAM_construct_int(OSSL_KDF_PARAM_MODE, &mode);
  params[n++] = OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST,
                                                 const_cast<char*>(digest.c_str()), 0);
  params[n++] = OSSL_PARAM_construct_octet_string(
      OSSL_KDF_PARAM_KEY, const_cast<std::uint8_t*>(key.data()), key.size());
  if (!salt_or_info.empty()) {
    params[n++] = OSSL_PARAM_construct_octet_string(
        step == HkdfStep::extract ? OSSL_KDF_PARAM_SALT : OSSL_KDF_PARAM_INFO,
        const_cast<std::uint8_t*>(salt_or_info.data()), salt_or_info.size());
  }
  params[n] = OSSL_PARAM_construct_end();
  return EVP_KDF_derive(ctx.get(), out.data(), out.size(), params) == 1;
}

}  // namespace

std::string_view to_string(KeymatError e) {
  switch (e) {
    case KeymatError::bad_input_length: return "bad KEYMAT input length";
    case KeymatError::exhausted: return "KEYMAT exhausted";
    case KeymatError::unsupported_hip_cipher: return "unsupported HIP cipher";
    case KeymatError::unsupported_esp_transform: return "unsupported ESP transform";
    case KeymatError::openssl_failure: return "OpenSSL KDF failure";
  }
  return "unknown KEYMAT error";
}

base::Result<void, KeymatError> hkdf(Rhash hash, std::span<const std::uint8_t> ikm,
                                     std::span<const std::uint8_t> salt,
                                     std::span<const std::uint8_t> info,
                                     std::span<std::uint8_t> out) {
  if (out.empty() || out.size() > 255 * rhash_size(hash)) return fail(KeymatError::bad_input_length);
  SecretBytes prk(rhash_size(hash));
  if (!hkdf_step(HkdfStep::extract, hash, ikm, salt, prk.span()) ||
      !hkdf_step(HkdfStep::expand, hash, prk.span(), info, out)) {
    return fail(KeymatError::openssl_failure);
  }
  return {};
}

std::array<std::uint8_t, 32> sorted_hits(const base::Hit& a, const base::Hit& b) {
  const base::Hit& low = a < b ? a : b;
  const base::Hit& high = a < b ? b : a;
  std::array<std::uint8_t, 32> out{};
  std::copy(low.bytes.begin(), low.bytes.end(), out.begin());
  std::copy(high.bytes.begin(), high.bytes.end(), out.begin() + 16);
  return out;
}

base::Result<Keymat, KeymatError> Keymat::derive(Rhash hash, std::span<const std::uint8_t> kij,
                                                 std::span<const std::uint8_t> puzzle_i,
                                                 std::span<const std::uint8_t> puzzle_j,
                                                 const base::Hit& hit_i, const base::Hit& hit_r) {
  const std::size_t n = rhash_size(hash);
  if (kij.empty() || puzzle_i.size() != n || puzzle_j.size() != n) {
    return fail(KeymatError::bad_input_length);
  }
  std::array<std::uint8_t, 2 * 48> salt{};
  std::copy(puzzle_i.begin(), puzzle_i.end(), salt.begin());
  std::copy(puzzle_j.begin(), puzzle_j.end(), salt.begin() + static_cast<std::ptrdiff_t>(n));
  SecretBytes prk(n);
  if (!hkdf_step(HkdfStep::extract, hash, kij, std::span(salt).first(2 * n), prk.span())) {
    return fail(KeymatError::openssl_failure);
  }
  return Keymat(hash, std::move(prk), sorted_hits(hit_i, hit_r));
}

base::Result<void, KeymatError> Keymat::expand_to(std::size_t end) {
  if (end > capacity()) return fail(KeymatError::exhausted);
  if (end <= material_.size()) return {};
  // Expand somewhat ahead (the base exchange draws HIP and ESP keys in a few
  // calls), in whole hash blocks, never past HKDF's limit.
  const std::size_t block = rhash_size(hash_);
  std::size_t target = std::max(end, std::size_t{256});
  target = std::min(capacity(), (target + block - 1) / block * block);
  SecretBytes fresh(target);
  if (!hkdf_step(HkdfStep::expand, hash_, prk_.span(), info_, fresh.span())) {
    return fail(KeymatError::openssl_failure);
  }
  material_ = std::move(fresh);
  return {};
}

base::Result<SecretBytes, KeymatError> Keymat::draw(std::size_t n) {
  if (n > capacity() || index_ > capacity() - n) return fail(KeymatError::exhausted);
  auto expanded = expand_to(index_ + n);
  if (!expanded) return base::unexpected(expanded.error());
  SecretBytes key(material_.span().subspan(index_, n));
  index_ += n;
  return key;
}

base::Result<void, KeymatError> Keymat::set_index(std::size_t index) {
  if (index > capacity()) return fail(KeymatError::exhausted);
  index_ = index;
  return {};
}

std::optional<EspKeySizes> esp_key_sizes(std::uint16_t suite_id) {
  switch (suite_id) {
    case 1: return EspKeySizes{16, 20};  // AES-128-CBC with HMAC-SHA1
    case 7: return EspKeySizes{0, 32};   // NULL with HMAC-SHA-256
    case 8: return EspKeySizes{16, 32};  // AES-128-CBC with HMAC-SHA-256 (mandatory)
    case 9: return EspKeySizes{32, 32};  // AES-256-CBC with HMAC-SHA-256
    // AES-GCM with an 8- or 16-byte ICV (RFC 4106): no authentication key; the
    // "encryption key" is the AES key followed by the 4-byte nonce salt (RFC
    // 4106 §8.1). RFC 7402 gives GCM no key size, so hipstack uses AES-128,
    // the data plane's default (esp/transform.h).
    case 12:
    case 13: return EspKeySizes{16 + 4, 0};
    default: return std::nullopt;
  }
}

base::Result<HipKeys, KeymatError> draw_hip_keys(Keymat& keymat, HipCipherId cipher_id) {
  const HipCipher* cipher = find_hip_cipher(static_cast<std::uint16_t>(cipher_id));
  if (cipher == nullptr) return fail(KeymatError::unsupported_hip_cipher);
  const std::size_t integrity = rhash_size(keymat.hash());
  HipKeys keys;
  for (SecretBytes* slot : {&keys.gl_encryption, &keys.gl_integrity, &keys.lg_encryption,
                            &keys.lg_integrity}) {
    const bool is_encryption = slot == &keys.gl_encryption || slot == &keys.lg_encryption;
    auto key = keymat.draw(is_encryption ? cipher->key_size : integrity);
    if (!key) return base::unexpected(key.error());
    *slot = std::move(*key);
  }
  return keys;
}

base::Result<EspKeys, KeymatError> draw_esp_keys(Keymat& keymat, std::uint16_t esp_suite_id) {
  const auto sizes = esp_key_sizes(esp_suite_id);
  if (!sizes) return fail(KeymatError::unsupported_esp_transform);
  EspKeys keys;
  for (SecretBytes* slot : {&keys.gl_encryption, &keys.gl_authentication, &keys.lg_encryption,
                            &keys.lg_authentication}) {
    const bool is_encryption = slot == &keys.gl_encryption || slot == &keys.lg_encryption;
    auto key = keymat.draw(is_encryption ? sizes->encryption : sizes->authentication);
    if (!key) return base::unexpected(key.error());
    *slot = std::move(*key);
  }
  return keys;
}

}  // namespace hip::crypto
