// The cryptography one base exchange cannot do without, run on its own: the
// yardstick the engine's cost per exchange is held against (bex_cost_bench).
//
// Read off the engine (bex_initiator.cc, bex_responder.cc, r1_cache.cc,
// session_keys.cc; RFC 7401 §6.6-6.10), for one exchange whose R1 comes from
// the Responder's cache, in the order the engine runs them:
//
//   Responder, I1 (§6.7)   1 hash  #I = RHASH(S | HIT-I | HIT-R | IP-I | IP-R) (R1Cache::r1_for)
//   Initiator, R1 (§6.8)   2 key   the Responder's public key from HOST_ID     (decode_host_identity)
//                          3 hash  HIT-R from that HOST_ID                     (hit_matches)
//                          4 sig   verify HIP_SIGNATURE_2 over the R1
//                          5 hash  solve the puzzle at K = 0 (one try)
//                          6 dh    ECDH key generation (our half)
//                          7 dh    ECDH derivation of Kij
//                          8 kdf   KEYMAT (HKDF), draw HIP and ESP keys, key two HMACs
//                          9 mac   HIP_MAC over the I2
//                         10 sig   sign the I2 (HIP_SIGNATURE)
//   Responder, I2 (§6.9)  11 hash  SHA-256 of SOLUTION | DIFFIE_HELLMAN (retransmission check)
//                         12 hash  #I again, and the puzzle check (two hashes)
//                         13 dh    ECDH derivation with the R1's precomputed key
//                         14 kdf   KEYMAT, draws, two HMAC keys
//                         15 key   the Initiator's public key from HOST_ID, 16 hash: its HIT
//                         17 mac   HIP_MAC of the I2      18 sig  verify the I2's signature
//                         19 mac   HIP_MAC_2 of the R2    20 sig  sign the R2
//   Initiator, R2 (§6.10) 21 mac   HIP_MAC_2 of the R2    22 sig  verify the R2's signature
//
// Not run, because the engine does not run them in a base exchange: the
// Responder's DH key generation and the R1 signature (pre-computed once per R1
// generation, the amortised part), and ENCRYPTED (the engine sends HOST_ID in
// the clear in I2; it only decrypts an ENCRYPTED it receives). Not counted as
// crypto: checksums, parsing, building packets, copying MAC/signature
// coverage, tables and allocation: that is the engine's own cost.
//
// Signatures and MACs run over byte strings as long as the real ones (the
// coverage of captured packets); verifications check the captured signatures.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/hit.h"
#include "base/ip_address.h"
#include "crypto/dh.h"
#include "crypto/host_id_key.h"
#include "crypto/rhash.h"
#include "crypto/rng.h"
#include "support/bex_wire.h"

namespace hip::bench {

class BexPrimitives {
 public:
  // From the packets of one exchange as sent (I1, R1, I2, R2) and the keys
  // that made them. On failure `why` says what was missing.
  static std::optional<BexPrimitives> from_exchange(const Capture& packets,
                                                    const crypto::PrivateKey& initiator,
                                                    const crypto::PrivateKey& responder,
                                                    const base::IpAddress& initiator_ip,
                                                    const base::IpAddress& responder_ip,
                                                    std::string& why);

  // Every primitive above, once. False if one failed (a set-up bug).
  bool run(crypto::Rng& rng) const;

 private:
  BexPrimitives() = default;

  const crypto::PrivateKey* initiator_key_ = nullptr;
  const crypto::PrivateKey* responder_key_ = nullptr;
  crypto::Rhash rhash_ = crypto::Rhash::sha256;
  std::uint16_t hip_cipher_ = 0;
  std::uint16_t esp_suite_ = 0;
  std::uint8_t dh_group_ = 0;
  base::Hit hit_i_, hit_r_;
  std::array<std::uint8_t, 16> ip_i_{}, ip_r_{};
  std::array<std::uint8_t, 32> secret_{};
  std::uint16_t alg_i_ = 0, alg_r_ = 0;
  std::vector<std::uint8_t> hi_i_, hi_r_;  // Host Identity fields
  std::vector<std::uint8_t> puzzle_i_;
  std::vector<std::uint8_t> solution_, dh_param_;  // I2 SOLUTION, DIFFIE_HELLMAN contents
  std::vector<std::uint8_t> r1_signed_, r1_signature_;
  std::vector<std::uint8_t> i2_mac_covered_, i2_signed_, i2_signature_;
  std::vector<std::uint8_t> r2_mac_covered_, r2_signed_, r2_signature_;
  std::optional<crypto::DhKeyPair> responder_dh_;  // stands for the R1 cache's key
};

}  // namespace hip::bench
