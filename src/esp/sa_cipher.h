// The cryptographic half of one SA direction: an EVP cipher context keyed
// once at install and an HMAC keyed once, reused for every packet (only the IV
// is reset per packet). Works in place on the ESP packet bytes:
//
//  RFC 4303 §2:  | SPI (4) | Seq low (4) | IV | body ............ | ICV |
//                                              `- payload, Padding, Pad Length, Next Header
//
// seal(): the body holds plaintext (trailer included); writes IV, encrypts the
// body, writes the ICV. open(): checks the ICV, then decrypts the body.
// The ICV covers SPI..body, plus the high 32 sequence bits when ESN is on
// (RFC 4303 §2.2.1, §3.3.2.1; for GCM they go into the AAD, RFC 4106 §5).
//
// IVs: AES-CBC needs an unpredictable IV (RFC 3602 §3). We use NIST SP 800-38A
// Appendix C's first method, IV = AES_K(nonce), with nonce = 64-bit sequence
// number | 64-bit random per-SA value, computed in the same CBC pass by
// encrypting the nonce block with a zero IV in front of the payload. AES-GCM
// needs a unique IV per key (RFC 4106 §3.1): the 64-bit sequence number, which
// never repeats within an SA.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>

#include "crypto/evp.h"
#include "esp/hmac.h"
#include "esp/transform.h"

namespace hip::esp {

enum class OpenStatus : std::uint8_t { ok, bad_icv, crypto_error };

class SaCipher {
 public:
  // `enc_keymat` is the cipher key, followed by the salt for GCM (RFC 4106
  // §8.1); `auth_key` the HMAC key; `iv_nonce` 8 random bytes for the CBC IV
  // nonce (unused otherwise). nullptr if a size is wrong or OpenSSL fails.
  static std::unique_ptr<SaCipher> create(const TransformSpec& spec, bool outbound,
                                          std::span<const std::uint8_t> enc_keymat,
                                          std::span<const std::uint8_t> auth_key,
                                          std::span<const std::uint8_t, 8> iv_nonce);

  // `esp` spans SPI..ICV; its body length must already be aligned to
  // spec().block_bytes. False only on an OpenSSL failure.
  bool seal(std::span<std::uint8_t> esp, std::uint64_t seq, bool esn) noexcept;
  // `esp` spans SPI..ICV, with the body aligned (checked by the caller).
  OpenStatus open(std::span<std::uint8_t> esp, std::uint64_t seq, bool esn) noexcept;

  const TransformSpec& spec() const { return spec_; }

 private:
  explicit SaCipher(const TransformSpec& spec) : spec_(spec) {}
  bool seal_cbc(std::span<std::uint8_t> esp, std::uint64_t seq, bool esn) noexcept;
  bool seal_gcm(std::span<std::uint8_t> esp, std::uint64_t seq, bool esn) noexcept;
  bool seal_null(std::span<std::uint8_t> esp, std::uint64_t seq, bool esn) noexcept;
  OpenStatus open_cbc(std::span<std::uint8_t> esp, std::uint64_t seq, bool esn) noexcept;
  OpenStatus open_gcm(std::span<std::uint8_t> esp, std::uint64_t seq, bool esn) noexcept;
  OpenStatus open_null(std::span<std::uint8_t> esp, std::uint64_t seq, bool esn) noexcept;
  // HMAC over esp[0, covered) plus the ESN high bits; untruncated into `out`.
  void mac(std::span<const std::uint8_t> esp, std::size_t covered, std::uint64_t seq, bool esn,
           std::uint8_t* out) noexcept;

  TransformSpec spec_;
  crypto::CipherCtxPtr ctx_;
  Hmac hmac_;
  std::array<std::uint8_t, 4> salt_{};      // GCM
  std::array<std::uint8_t, 8> iv_nonce_{};  // CBC
};

}  // namespace hip::esp
