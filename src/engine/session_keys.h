// From a Diffie-Hellman secret to every key of an association: KEYMAT (RFC
// 7401 §6.5), the HIP keys split by direction (the sender's key is HIP-gl when
// the sender has the greater HIT), and the ESP keys (RFC 7402 §7: SA-gl is the
// traffic of the host with the greater HIT).
#pragma once

#include <cstdint>
#include <span>

#include "base/hit.h"
#include "base/result.h"
#include "crypto/ct.h"
#include "crypto/rhash.h"
#include "engine/association.h"

namespace hip::engine {

struct KeyInputs {
  crypto::Rhash rhash;
  const crypto::SecretBytes& kij;
  std::span<const std::uint8_t> puzzle_i;
  std::span<const std::uint8_t> puzzle_j;
  base::Hit initiator;
  base::Hit responder;
  std::uint16_t hip_cipher;
  std::uint16_t esp_suite;
  std::uint8_t dh_group;
};

// `local` is our HIT (either role). Fails only on unsupported algorithms or an
// OpenSSL failure.
base::Result<SessionKeys, std::string_view> derive_session_keys(const KeyInputs& in,
                                                                const base::Hit& local);

}  // namespace hip::engine
