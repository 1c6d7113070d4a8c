// The Host Identity field of a HOST_ID parameter, both ways: our key ->
// (Algorithm, Host Identity bytes), and bytes from the wire -> a key that can
// verify signatures. The bytes are also the ORCHID input (crypto/hit.h).
//
// Encodings (RFC 7401 §3.2, §5.2.9, App. B; RFC 9374 §3.4.1):
//   RSA (5)        e_len (1 byte, or 0x00 + 2 bytes when > 255) | e | n    (RFC 3110 §2)
//   ECDSA (7)      Curve (2) | x | y                 P-256: 1, P-384: 2
//   ECDSA_LOW (9)  Curve (2) | x | y                 secp160r1: 1
//   EdDSA (13)     Curve (2) | NULL (2, zero) | key  Ed25519: 1, Ed448: 3
//
// ECDSA key format, settled: RFC 7401 §3.2 points to RFC 6090 §4.2 and §6,
// whose integer-to-octet-string conversion (§6.1) gives each coordinate at
// the fixed field size; the point is x | y with no SEC 1 0x04 prefix, the
// same layout RFC 5903 §7 uses for HIP's ECDH public values (DH groups 7-9).
// Strict on receipt: any other length is bad_length.
//
// EdDSA, settled: RFC 9374 Figure 2 draws a 16-bit field "NULL" between the
// curve and the RFC 8032 public key; we send it as zero and require zero.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "base/result.h"
#include "crypto/host_id_domain.h"
#include "crypto/host_id_error.h"
#include "crypto/host_id_key.h"
#include "wire/params/identity.h"

namespace hip::crypto {

struct HostIdentity {
  HiAlgorithm algorithm = HiAlgorithm::rsa;
  std::vector<std::uint8_t> bytes;  // exactly the Host Identity field

  friend bool operator==(const HostIdentity&, const HostIdentity&) = default;
};

base::Result<HostIdentity, IdentityError> encode_host_identity(const PublicKey& key);
base::Result<HostIdentity, IdentityError> encode_host_identity(const PrivateKey& key);

// Every length is checked against `bytes`; RSA moduli must lie in
// [kRsaMinPeerBits, kRsaMaxPeerBits]; EC points must be on their curve.
base::Result<PublicKey, IdentityError> decode_host_identity(std::uint16_t algorithm,
                                                            std::span<const std::uint8_t> bytes);
base::Result<PublicKey, IdentityError> decode_host_identity(const wire::HostId& param);

// A HOST_ID parameter that views `identity` and `di`: both must outlive it.
wire::HostId host_id_param(const HostIdentity& identity, const DomainIdentifier& di);

}  // namespace hip::crypto
