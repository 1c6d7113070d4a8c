// Signing and verifying bytes with a Host Identity, with the hash and padding
// each algorithm prescribes. Packet-level HIP_SIGNATURE(_2) handling is in
// signature_packet.h.
//
// Settled choices (RFC 7401 leaves them to other documents):
// - Hash = the hash of the signer's HIT suite (RFC 7401 §2.3 "HIT Suite"
//   groups the signature algorithm with its hash; §5.2.10 Table 10; App. E):
//   RSA -> SHA-256, ECDSA (P-256 and P-384) -> SHA-384, ECDSA_LOW -> SHA-1.
//   ECDSA over P-256 with SHA-384 truncates the digest to the order's 256
//   bits (FIPS 186-4 §6.4), which OpenSSL does.
// - RSA: RSASSA-PSS is mandatory (RFC 7401 §5.2.9) per RFC 3447 §8.1, with
//   MGF1 over the same hash and a salt as long as the hash (32 bytes), the
//   parameters RFC 3447 §9.1 calls typical. On receipt the salt length is
//   recovered from the signature (any length verifies), since RFC 7401 fixes
//   none. The cutehip capture uses exactly these parameters
//   (tests/crypto/third_party_test.cc).
// - ECDSA, ECDSA_LOW: the signature is r | s, each left-padded to the byte
//   length of the group order (RFC 6090 §6.1 integer-to-octet-string; the
//   r | s layout of RFC 4754 §7): 64, 96 and 42 bytes (secp160r1's order has
//   161 bits).
// - EdDSA: pure Ed25519 / Ed448 (RFC 8032 §5.1.6, §5.2.6, empty context)
//   over the message; curves 1 and 3 of RFC 9374 Table 5. 64 / 114 bytes.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "crypto/host_id_key.h"

namespace hip::crypto {

enum class SignatureError : std::uint8_t {
  missing_signature,     // the packet has no HIP_SIGNATURE / HIP_SIGNATURE_2
  malformed_parameter,   // the signature parameter is too short to hold one
  algorithm_mismatch,    // SIG alg differs from the signer's HI algorithm
  bad_signature_length,  // wrong size for this key
  invalid_signature,     // the signature does not verify
  bad_packet,            // the covered bytes cannot be formed (size, layout)
  openssl_failure,       // OpenSSL refused to sign
};

std::string_view to_string(SignatureError error);

base::Result<std::vector<std::uint8_t>, SignatureError> sign_bytes(
    const PrivateKey& key, std::span<const std::uint8_t> message);

base::Result<void, SignatureError> verify_bytes(const PublicKey& key,
                                                std::span<const std::uint8_t> message,
                                                std::span<const std::uint8_t> signature);

// The exact signature size for this key (RSA: the modulus bytes).
std::size_t signature_size(const PublicKey& key);

}  // namespace hip::crypto
