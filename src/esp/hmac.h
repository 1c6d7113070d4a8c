// HMAC-SHA-1 and HMAC-SHA-256 (RFC 2104) for the ESP ICV, keyed once per SA.
//
// Why not EVP_MAC: in OpenSSL 3.0 every EVP_MAC_init on a keyed HMAC context
// copies the digest context with EVP_MD_CTX_copy_ex, which duplicates the
// provider context on the heap (2 allocations per packet, measured). The data
// plane must not allocate per packet, so this class keeps the inner and outer
// hash states after absorbing K^ipad and K^opad (RFC 2104 §2) as plain structs
// and copies them by value per packet. The compression function is OpenSSL's
// (the same assembly, SHA-NI where present) through its low-level SHA API.
// Switch to EVP_MAC once the OpenSSL in use copies digest contexts in place
// (OSSL_FUNC_digest_copyctx).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "esp/transform.h"

namespace hip::esp {

class Hmac {
 public:
  static constexpr std::size_t kMaxDigestBytes = 32;

  Hmac() = default;
  ~Hmac();
  Hmac(const Hmac&) = delete;
  Hmac& operator=(const Hmac&) = delete;

  // Keys the MAC. False for MacKind::none.
  bool init(MacKind kind, std::span<const std::uint8_t> key);

  // One MAC computation: begin(), update() any number of times, finish().
  void begin();
  void update(const std::uint8_t* data, std::size_t size);
  // Writes digest_bytes() bytes (the untruncated MAC) to `out`.
  void finish(std::uint8_t* out);

  std::size_t digest_bytes() const { return digest_bytes_; }

 private:
  // Sized and aligned for SHA256_CTX and SHA_CTX without including the
  // deprecated low-level headers here (checked with static_assert in hmac.cc).
  struct alignas(8) State {
    std::uint8_t bytes[128];
  };
  MacKind kind_ = MacKind::none;
  std::size_t digest_bytes_ = 0;
  State inner_{};
  State outer_{};
  State work_{};
};

}  // namespace hip::esp
