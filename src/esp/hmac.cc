// The low-level SHA API is deprecated in OpenSSL 3 but kept for exactly this
// use (a hash state that can be copied by value): see hmac.h for why.
#define OPENSSL_SUPPRESS_DEPRECATED
#include "esp/hmac.h"

#include <openssl/crypto.h>
#include <openssl/sha.h>

#include <cstring>

namespace hip::esp {

namespace {

constexpr std::size_t kBlockBytes = 64;  // SHA-1 and SHA-256 (RFC 2104 B)

template <class Ctx>
Ctx& as(void* state) {
  static_assert(sizeof(Ctx) <= 128 && alignof(Ctx) <= 8);
  return *static_cast<Ctx*>(state);
}

}  // namespace

Hmac::~Hmac() {
  OPENSSL_cleanse(&inner_, sizeof inner_);
  OPENSSL_cleanse(&outer_, sizeof outer_);
  OPENSSL_cleanse(&work_, sizeof work_);
}

bool Hmac::init(MacKind kind, std::span<const std::uint8_t> key) {
  if (kind == MacKind::none) return false;
  kind_ = kind;
  digest_bytes_ = kind == MacKind::hmac_sha1 ? SHA_DIGEST_LENGTH : SHA256_DIGEST_LENGTH;

  // RFC 2104 §2: keys longer than B are hashed first, shorter ones zero-padded.
  std::uint8_t k[kBlockBytes] = {};
  if (key.size() > kBlockBytes) {
    if (kind == MacKind::hmac_sha1) {
      SHA1(key.data(), key.size(), k);
    } else {
      SHA256(key.data(), key.size(), k);
    }
  } else if (!key.empty()) {
    std::memcpy(k, key.data(), key.size());
  }
  std::uint8_t ipad[kBlockBytes];
  std::uint8_t opad[kBlockBytes];
  for (std::size_t i = 0; i < kBlockBytes; ++i) {
    ipad[i] = static_cast<std::uint8_t>(k[i] ^ 0x36);
    opad[i] = static_cast<std::uint8_t>(k[i] ^ 0x5c);
  }
  if (kind == MacKind::hmac_sha1) {
    SHA1_Init(&as<SHA_CTX>(&inner_));
    SHA1_Update(&as<SHA_CTX>(&inner_), ipad, kBlockBytes);
    SHA1_Init(&as<SHA_CTX>(&outer_));
    SHA1_Update(&as<SHA_CTX>(&outer_), opad, kBlockBytes);
  } else {
    SHA256_Init(&as<SHA256_CTX>(&inner_));
    SHA256_Update(&as<SHA256_CTX>(&inner_), ipad, kBlockBytes);
    SHA256_Init(&as<SHA256_CTX>(&outer_));
    SHA256_Update(&as<SHA256_CTX>(&outer_), opad, kBlockBytes);
  }
  OPENSSL_cleanse(k, sizeof k);
  OPENSSL_cleanse(ipad, sizeof ipad);
  OPENSSL_cleanse(opad, sizeof opad);
  return true;
}

void Hmac::begin() { work_ = inner_; }

void Hmac::update(const std::uint8_t* data, std::size_t size) {
  if (kind_ == MacKind::hmac_sha1) {
    SHA1_Update(&as<SHA_CTX>(&work_), data, size);
  } else {
    SHA256_Update(&as<SHA256_CTX>(&work_), data, size);
  }
}

void Hmac::finish(std::uint8_t* out) {
  std::uint8_t inner_digest[kMaxDigestBytes];
  if (kind_ == MacKind::hmac_sha1) {
    SHA1_Final(inner_digest, &as<SHA_CTX>(&work_));
    work_ = outer_;
    SHA1_Update(&as<SHA_CTX>(&work_), inner_digest, SHA_DIGEST_LENGTH);
    SHA1_Final(out, &as<SHA_CTX>(&work_));
  } else {
    SHA256_Final(inner_digest, &as<SHA256_CTX>(&work_));
    work_ = outer_;
    SHA256_Update(&as<SHA256_CTX>(&work_), inner_digest, SHA256_DIGEST_LENGTH);
    SHA256_Final(out, &as<SHA256_CTX>(&work_));
  }
}

}  // namespace hip::esp
