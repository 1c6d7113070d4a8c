#include "crypto/cipher.h"

#include <algorithm>
#include <array>
#include <climits>

#include "crypto/evp.h"

namespace hip::crypto {

namespace {

constexpr std::array<HipCipher, 3> kCiphers = {{
    {HipCipherId::null_encrypt, "NULL-ENCRYPT", 0, 0, 1},
    {HipCipherId::aes128_cbc, "AES-128-CBC", 16, 16, 16},
    {HipCipherId::aes256_cbc, "AES-256-CBC", 32, 16, 16},
}};

// Fetched once per process; nullptr for NULL-ENCRYPT.
const EVP_CIPHER* evp_cipher(HipCipherId id) {
  static const CipherPtr aes128(EVP_CIPHER_fetch(nullptr, "AES-128-CBC", nullptr));
  static const CipherPtr aes256(EVP_CIPHER_fetch(nullptr, "AES-256-CBC", nullptr));
  switch (id) {
    case HipCipherId::aes128_cbc: return aes128.get();
    case HipCipherId::aes256_cbc: return aes256.get();
    case HipCipherId::null_encrypt: break;
  }
  return nullptr;
}

// One context per thread, re-initialised for every call: saves an allocation
// per ENCRYPTED parameter without sharing state between threads.
EVP_CIPHER_CTX* thread_cipher_ctx() {
  thread_local CipherCtxPtr ctx(EVP_CIPHER_CTX_new());
  return ctx.get();
}

auto fail(CipherError e) {
  ERR_clear_error();
  return base::unexpected(e);
}

// Runs one CBC pass over `in` into `out` (same length; padding handled by the
// caller). Returns false on any OpenSSL failure.
bool run_cbc(const EVP_CIPHER* evp, std::span<const std::uint8_t> key,
             std::span<const std::uint8_t> iv, int encrypt, std::span<const std::uint8_t> in,
             std::span<std::uint8_t> out) {
  EVP_CIPHER_CTX* ctx = thread_cipher_ctx();
  if (ctx == nullptr || in.size() > static_cast<std::size_t>(INT_MAX)) return false;
  if (EVP_CipherInit_ex2(ctx, evp, key.data(), iv.data(), encrypt, nullptr) != 1) return false;
  EVP_CIPHER_CTX_set_padding(ctx, 0);
  int len = 0;
  int final_len = 0;
  if (EVP_CipherUpdate(ctx, out.data(), &len, in.data(), static_cast<int>(in.size())) != 1 ||
      EVP_CipherFinal_ex(ctx, out.data() + len, &final_len) != 1) {
    return false;
  }
  return static_cast<std::size_t>(len + final_len) == in.size();
}

}  // namespace

const HipCipher* find_hip_cipher(std::uint16_t id) {
  for (const HipCipher& c : kCiphers) {
    if (static_cast<std::uint16_t>(c.id) == id) return &c;
  }
  return nullptr;
}

const HipCipher& hip_cipher(HipCipherId id) { return *find_hip_cipher(static_cast<std::uint16_t>(id)); }

std::string_view to_string(CipherError e) {
  switch (e) {
    case CipherError::unsupported_cipher: return "unsupported HIP cipher";
    case CipherError::bad_key_length: return "bad HIP cipher key length";
    case CipherError::bad_ciphertext_length: return "bad ENCRYPTED data length";
    case CipherError::no_buffer: return "output buffer too small";
    case CipherError::openssl_failure: return "OpenSSL cipher failure";
  }
  return "unknown cipher error";
}

std::size_t encrypted_size(const HipCipher& cipher, std::size_t plaintext_size) {
  if (cipher.block_size <= 1) return cipher.iv_size + plaintext_size;
  // PKCS #5/#7: always 1..block_size bytes of padding.
  return cipher.iv_size + (plaintext_size / cipher.block_size + 1) * cipher.block_size;
}

base::Result<std::size_t, CipherError> encrypt_parameters(const HipCipher& cipher,
                                                          std::span<const std::uint8_t> key,
                                                          Rng& rng,
                                                          std::span<const std::uint8_t> plaintext,
                                                          std::span<std::uint8_t> out) {
  if (key.size() != cipher.key_size) return fail(CipherError::bad_key_length);
  const std::size_t total = encrypted_size(cipher, plaintext.size());
  if (out.size() < total) return fail(CipherError::no_buffer);
  if (cipher.id == HipCipherId::null_encrypt) {
    std::copy(plaintext.begin(), plaintext.end(), out.begin());
    return total;
  }
  const EVP_CIPHER* evp = evp_cipher(cipher.id);
  if (evp == nullptr) return fail(CipherError::unsupported_cipher);

  auto iv = out.first(cipher.iv_size);
  rng.fill(iv);
  // Padded plaintext is built in the output area (behind the IV) and
  // encrypted in place; CBC in OpenSSL allows in == out.
  auto body = out.subspan(cipher.iv_size, total - cipher.iv_size);
  std::copy(plaintext.begin(), plaintext.end(), body.begin());
  const auto pad = static_cast<std::uint8_t>(body.size() - plaintext.size());
  std::fill(body.begin() + static_cast<std::ptrdiff_t>(plaintext.size()), body.end(), pad);
  if (!run_cbc(evp, key, iv, 1, body, body)) return fail(CipherError::openssl_failure);
  return total;
}

base::Result<std::size_t, CipherError> decrypt_parameters(
    const HipCipher& cipher, std::span<const std::uint8_t> key,
    std::span<const std::uint8_t> iv_and_data, std::span<std::uint8_t> out) {
  if (key.size() != cipher.key_size) return fail(CipherError::bad_key_length);
  if (iv_and_data.size() < cipher.iv_size) return fail(CipherError::bad_ciphertext_length);
  auto iv = iv_and_data.first(cipher.iv_size);
  auto data = iv_and_data.subspan(cipher.iv_size);
  if (out.size() < data.size()) return fail(CipherError::no_buffer);
  if (cipher.id == HipCipherId::null_encrypt) {
    std::copy(data.begin(), data.end(), out.begin());
    return data.size();
  }
  if (data.empty() || data.size() % cipher.block_size != 0) {
    return fail(CipherError::bad_ciphertext_length);
  }
  const EVP_CIPHER* evp = evp_cipher(cipher.id);
  if (evp == nullptr) return fail(CipherError::unsupported_cipher);
  auto plain = out.first(data.size());
  if (!run_cbc(evp, key, iv, 0, data, plain)) return fail(CipherError::openssl_failure);

  // Remove well-formed PKCS #5/#7 padding; keep the bytes otherwise (see cipher.h).
  const std::size_t n = plain.back();
  if (n == 0 || n > cipher.block_size) return plain.size();
  for (std::size_t i = plain.size() - n; i < plain.size(); ++i) {
    if (plain[i] != n) return plain.size();
  }
  return plain.size() - n;
}

}  // namespace hip::crypto
