// The ENCRYPTED parameter's cipher (RFC 7401 §5.2.18) for each HIP_CIPHER
// (§5.2.8): encrypts the inner parameters (whole TLVs, each already padded to
// 8 bytes by §5.2.1) into "IV | Encrypted data", the bytes that follow the
// 4-byte Reserved field, and back.
//
//  ENCRYPTED contents:  | Reserved (4) | IV (16, none for NULL) | Encrypted data |
//
// Padding, settled from §5.2.18: AES-CBC needs whole 16-byte blocks, and the
// RFC prescribes the PKCS #5 scheme of RFC 2898 §6.1.1, where the padding
// string is never empty: n bytes of value n, 1 <= n <= block size, so data
// that is already block-aligned gains a full block of 16 x 0x10. This is also
// OpenSSL's (and `openssl enc`'s) default. The padding is not counted in any
// TLV Length. On decryption well-formed padding is removed; ill-formed padding
// is left in place rather than refused, because the inner TLVs carry their own
// Lengths and a peer that pads differently must not be locked out (the
// ENCRYPTED parameter is covered by HIP_MAC and the signature, which are
// checked first, so there is no padding oracle either).
//
// NULL-ENCRYPT (1) copies the bytes with no IV; §5.2.8 allows it only for
// testing, which is the engine's policy decision, not this module's.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "base/result.h"
#include "crypto/rng.h"

namespace hip::crypto {

enum class HipCipherId : std::uint16_t {
  null_encrypt = 1,  // RFC 2410; testing only
  aes128_cbc = 2,    // RFC 3602; mandatory
  aes256_cbc = 4,    // RFC 3602
};

struct HipCipher {
  HipCipherId id;
  std::string_view name;
  std::size_t key_size;   // bytes drawn from KEYMAT (§6.5)
  std::size_t iv_size;    // 16 for AES-CBC, 0 for NULL
  std::size_t block_size; // 16 for AES, 1 for NULL
};

// nullptr for reserved (0, 3) and unknown IDs.
const HipCipher* find_hip_cipher(std::uint16_t id);
const HipCipher& hip_cipher(HipCipherId id);

enum class CipherError : std::uint8_t {
  unsupported_cipher,
  bad_key_length,
  bad_ciphertext_length,  // shorter than the IV, or not whole blocks
  no_buffer,              // output span too small
  openssl_failure,
};

std::string_view to_string(CipherError e);

// Size of "IV | Encrypted data" for `plaintext_size` bytes of inner TLVs.
std::size_t encrypted_size(const HipCipher& cipher, std::size_t plaintext_size);

// Writes IV | Encrypted data into `out` and returns its size. The IV is drawn
// from `rng` (fresh and unpredictable for every call, as CBC requires).
base::Result<std::size_t, CipherError> encrypt_parameters(const HipCipher& cipher,
                                                          std::span<const std::uint8_t> key,
                                                          Rng& rng,
                                                          std::span<const std::uint8_t> plaintext,
                                                          std::span<std::uint8_t> out);

// Decrypts IV | Encrypted data into `out` (at least as long as the encrypted
// data) and returns the size of the plaintext with the padding removed.
base::Result<std::size_t, CipherError> decrypt_parameters(
    const HipCipher& cipher, std::span<const std::uint8_t> key,
    std::span<const std::uint8_t> iv_and_data, std::span<std::uint8_t> out);

}  // namespace hip::crypto
