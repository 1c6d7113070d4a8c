// HIP_SIGNATURE and HIP_SIGNATURE_2 over packets, exactly as RFC 7401 §6.4.2
// prescribes:
//   HIP_SIGNATURE    header + parameters of type < 61697 (so HIP_MAC too)
//   HIP_SIGNATURE_2  header + parameters of type < 61633, with the header's
//                    Receiver HIT (the Initiator's, in R1) and the PUZZLE's
//                    Opaque and Random #I zeroed (§5.2.15); R1_COUNTER and
//                    PUZZLE's #K and Lifetime stay signed.
// In both, Header Length ends where the signature begins and the Checksum is
// zero (wire::covered_bytes). SIG alg must equal the signer's HI algorithm
// (§5.2.14 defines the signature algorithms by the §5.2.9 HI algorithms).
//
// The engine signs in three steps: build header + parameters up to the
// signature, call sign_for_*, then add the signature parameter and whatever
// follows it.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "base/result.h"
#include "crypto/host_id_key.h"
#include "crypto/signature.h"
#include "wire/packet.h"

namespace hip::crypto {

// Receiver side: checks the packet's first HIP_SIGNATURE (HIP_SIGNATURE_2)
// with the sender's Host Identity.
base::Result<void, SignatureError> verify_hip_signature(const wire::PacketView& packet,
                                                        const PublicKey& key);
base::Result<void, SignatureError> verify_hip_signature_2(const wire::PacketView& packet,
                                                          const PublicKey& key);

// Sender side: `unsigned_packet` is the header and every parameter placed
// before the signature, as a PacketBuilder wrote them (Header Length and
// Checksum may hold anything). Returns the Signature field; the parameter's
// SIG alg is key.algorithm().
base::Result<std::vector<std::uint8_t>, SignatureError> sign_for_hip_signature(
    std::span<const std::uint8_t> unsigned_packet, const PrivateKey& key);
base::Result<std::vector<std::uint8_t>, SignatureError> sign_for_hip_signature_2(
    std::span<const std::uint8_t> unsigned_packet, const PrivateKey& key);

// The exact bytes a signature of `type` (HIP_SIGNATURE or HIP_SIGNATURE_2)
// covers, written into `out` (kMaxPacketSize bytes suffice). For tests,
// diagnostics and the third-party check.
base::Result<std::span<std::uint8_t>, SignatureError> signed_bytes(const wire::PacketView& packet,
                                                                   wire::ParamType type,
                                                                   std::span<std::uint8_t> out);

}  // namespace hip::crypto
