// Host Identity keys drawn from a seeded Rng, so that a simulation seed fixes
// every host's HIT, and with it every HIT comparison the protocol makes
// (the HIP-gl/HIP-lg key split, simultaneous-open tie breaks, RFC 7401 §6.5,
// §6.7). crypto::generate_private_key uses OpenSSL's own CSPRNG instead,
// which hipd wants and a reproducible run cannot use.
//
//   Ed25519, Ed448: the RFC 8032 private key is the drawn bytes (32 / 57).
//   ECDSA curves:   the private scalar is drawn by rejection sampling in
//                   [1, order - 1]; the public point is scalar x G.
//   RSA:            not derivable here (prime search from a seed is not worth
//                   it for a simulator); the result is an error.
#pragma once

#include <string>

#include "base/result.h"
#include "crypto/host_id_key.h"
#include "crypto/rng.h"

namespace hip::sim {

base::Result<crypto::PrivateKey, std::string> derive_private_key(crypto::KeyKind kind,
                                                                 crypto::Rng& rng);

// A second owner of the same OpenSSL key (reference counted), so that a
// restarted host can build a fresh engine identity from the key it kept.
crypto::PrivateKey share_key(const crypto::PrivateKey& key);

}  // namespace hip::sim
