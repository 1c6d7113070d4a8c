// KEYMAT: the keying material of a HIP association and the order in which keys
// are drawn from it (RFC 7401 §6.5, RFC 7402 §7).
//
// Derivation. Every DH group of §5.2.7 names HKDF (RFC 5869) with RHASH as its
// KDF. §6.5 gives the inputs, salt = #I | #J and info = sort(HIT-I | HIT-R),
// but no formula line; RFC 5869 §2 defines the one HKDF there is:
//
//   PRK    = HKDF-Extract(salt = #I | #J, IKM = Kij)        = HMAC-RHASH(salt, Kij)
//   KEYMAT = HKDF-Expand(PRK, info = sort(HIT-I | HIT-R), L)  = T(1) | T(2) | ...
//
// sort() puts the numerically smaller HIT first (unsigned 128-bit, network
// order). HKDF-Expand output for length L is a prefix of the output for any
// longer L, so KEYMAT is expanded lazily to the highest byte drawn so far, up
// to HKDF's limit of 255 * RHASH_len bytes; beyond it a new DH exchange is
// needed (RFC 7402 §6.8 step 1).
//
// Drawing order, HOST_g = the host with the greater HIT:
//   HIP keys, during I1..R2 only (§6.5):
//     1 HIP-gl encryption  (HOST_g's ENCRYPTED; HIP_CIPHER key size, NULL = 0)
//     2 HIP-gl integrity   (HOST_g's HIP_MAC; RHASH_len)
//     3 HIP-lg encryption  4 HIP-lg integrity
//   ESP keys, after the HIP keys, and alone on a rekey from an agreed KEYMAT
//   index (RFC 7402 §7, §6.10 step 3):
//     5 SA-gl encryption   (HOST_g's outgoing traffic)  6 SA-gl authentication
//     7 SA-lg encryption   8 SA-lg authentication
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "base/hit.h"
#include "base/result.h"
#include "crypto/cipher.h"
#include "crypto/ct.h"
#include "crypto/rhash.h"

namespace hip::crypto {

enum class KeymatError : std::uint8_t {
  bad_input_length,           // #I/#J not RHASH_len bytes, empty Kij, HKDF output too long
  exhausted,                  // a draw past 255 * RHASH_len bytes
  unsupported_hip_cipher,
  unsupported_esp_transform,
  openssl_failure,
};

std::string_view to_string(KeymatError e);

// Plain RFC 5869 HKDF (Extract then Expand) with RHASH; an empty salt means
// RHASH_len zero bytes (RFC 5869 §2.2). out.size() <= 255 * RHASH_len.
base::Result<void, KeymatError> hkdf(Rhash hash, std::span<const std::uint8_t> ikm,
                                     std::span<const std::uint8_t> salt,
                                     std::span<const std::uint8_t> info,
                                     std::span<std::uint8_t> out);

// sort(HIT-I | HIT-R) of §6.5.
std::array<std::uint8_t, 32> sorted_hits(const base::Hit& a, const base::Hit& b);

class Keymat {
 public:
  static base::Result<Keymat, KeymatError> derive(Rhash hash, std::span<const std::uint8_t> kij,
                                                  std::span<const std::uint8_t> puzzle_i,
                                                  std::span<const std::uint8_t> puzzle_j,
                                                  const base::Hit& hit_i, const base::Hit& hit_r);

  // The next `n` bytes from index(), which then advances by n.
  base::Result<SecretBytes, KeymatError> draw(std::size_t n);

  // Byte offset of the next draw: after the base exchange, the KEYMAT Index of
  // ESP_INFO (RFC 7402 §5.1.1).
  std::size_t index() const { return index_; }
  // Moves the index, e.g. to the Index agreed for a rekey (RFC 7402 §6.10).
  base::Result<void, KeymatError> set_index(std::size_t index);
  // 255 * RHASH_len: no byte beyond this can be drawn.
  std::size_t capacity() const { return 255 * rhash_size(hash_); }
  Rhash hash() const { return hash_; }

 private:
  Keymat(Rhash hash, SecretBytes prk, const std::array<std::uint8_t, 32>& info)
      : hash_(hash), prk_(std::move(prk)), info_(info) {}
  base::Result<void, KeymatError> expand_to(std::size_t end);

  Rhash hash_;
  SecretBytes prk_;
  std::array<std::uint8_t, 32> info_;
  SecretBytes material_;  // the first material_.size() bytes of KEYMAT
  std::size_t index_ = 0;
};

// Key sizes of an ESP_TRANSFORM suite (RFC 7402 §5.1.2), the "natural" sizes
// of §6.5: AES-128 16, AES-256 32, HMAC-SHA-1 20, HMAC-SHA-256 32, NULL 0; for
// AES-GCM (12, 13) AES-128 plus the RFC 4106 salt. CCM, CMAC and GMAC (10, 11,
// 14, 15) are not supported. tests/esp checks this table against the data
// plane's.
struct EspKeySizes {
  std::size_t encryption;
  std::size_t authentication;
};
std::optional<EspKeySizes> esp_key_sizes(std::uint16_t suite_id);

struct HipKeys {
  SecretBytes gl_encryption;
  SecretBytes gl_integrity;
  SecretBytes lg_encryption;
  SecretBytes lg_integrity;

  // The keys a host uses for what it sends: HIP-gl if it has the greater HIT,
  // HIP-lg otherwise (§6.5; §6.4.1 keys HIP_MAC with the sender's key).
  const SecretBytes& integrity_for_sender(const base::Hit& sender, const base::Hit& receiver) const {
    return sender > receiver ? gl_integrity : lg_integrity;
  }
  const SecretBytes& encryption_for_sender(const base::Hit& sender, const base::Hit& receiver) const {
    return sender > receiver ? gl_encryption : lg_encryption;
  }
};

struct EspKeys {
  SecretBytes gl_encryption;      // SA-gl: HOST_g's outgoing traffic
  SecretBytes gl_authentication;
  SecretBytes lg_encryption;      // SA-lg: HOST_l's outgoing traffic
  SecretBytes lg_authentication;
};

// Draws keys 1-4 (from index 0 in a base exchange).
base::Result<HipKeys, KeymatError> draw_hip_keys(Keymat& keymat, HipCipherId cipher);
// Draws keys 5-8 from the current index.
base::Result<EspKeys, KeymatError> draw_esp_keys(Keymat& keymat, std::uint16_t esp_suite_id);

}  // namespace hip::crypto
