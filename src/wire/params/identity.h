// Identity and protection parameters: HOST_ID, HIP_SIGNATURE(_2), ENCRYPTED
// and CERT. The MACs are in opaque.h.
#pragma once

#include <cstdint>
#include <span>

#include "base/result.h"
#include "wire/packet.h"

namespace hip::wire {

//  HOST_ID (§5.2.9)
//  | HI Length (2) | DI-Type (4b) | DI Length (12b) | Algorithm (2) |
//  | Host Identity (HI Length) | Domain Identifier (DI Length) |
//  HI Length counts the Host Identity alone, not the Algorithm field (a
//  cutehip RSA-2048 HOST_ID has Length 295 = 6 + 260 + 29, and the RSA
//  encoding e_len|e|n of a 2048-bit key with e = 65537 is 260 bytes).
struct HostId {
  static constexpr ParamType kType = ParamType::host_id;
  std::uint8_t di_type = 0;    // 0 none, 1 FQDN, 2 NAI
  std::uint16_t algorithm = 0; // 5 RSA, 7 ECDSA, 9 ECDSA_LOW, 13 EdDSA (RFC 9374)
  std::span<const std::uint8_t> host_identity;
  std::span<const std::uint8_t> domain_identifier;

  static base::Result<HostId, ParseError> parse(const Param& p);
  std::size_t contents_size() const { return 6 + host_identity.size() + domain_identifier.size(); }
  void write(std::span<std::uint8_t> out) const;
};

//  HIP_SIGNATURE (§5.2.14), HIP_SIGNATURE_2 (§5.2.15)  | SIG alg (2) | Signature |
template <ParamType T>
struct SignatureParam {
  static constexpr ParamType kType = T;
  std::uint16_t algorithm = 0;
  std::span<const std::uint8_t> signature;

  static base::Result<SignatureParam, ParseError> parse(const Param& p);
  std::size_t contents_size() const { return 2 + signature.size(); }
  void write(std::span<std::uint8_t> out) const;
};
using HipSignature = SignatureParam<ParamType::hip_signature>;
using HipSignature2 = SignatureParam<ParamType::hip_signature_2>;

//  ENCRYPTED (§5.2.18)  | Reserved (4) | IV | Encrypted data |
//  The IV length depends on the negotiated HIP_CIPHER (16 for AES-CBC, 0 for
//  NULL), so the IV and ciphertext are kept together here; crypto/ splits them.
struct Encrypted {
  static constexpr ParamType kType = ParamType::encrypted;
  std::uint32_t reserved = 0;
  std::span<const std::uint8_t> iv_and_data;

  static base::Result<Encrypted, ParseError> parse(const Param& p);
  std::size_t contents_size() const { return 4 + iv_and_data.size(); }
  void write(std::span<std::uint8_t> out) const;
};

//  CERT (RFC 8002 §2)  | CERT group (1) | CERT count (1) | CERT ID (1) | CERT type (1) | Certificate |
struct Cert {
  static constexpr ParamType kType = ParamType::cert;
  std::uint8_t group = 0;
  std::uint8_t count = 0;
  std::uint8_t id = 0;
  std::uint8_t cert_type = 0;
  std::span<const std::uint8_t> certificate;

  static base::Result<Cert, ParseError> parse(const Param& p);
  std::size_t contents_size() const { return 4 + certificate.size(); }
  void write(std::span<std::uint8_t> out) const;
};

}  // namespace hip::wire
