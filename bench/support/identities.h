// Identities, addresses and engine configurations shared by the in-process
// benchmarks. Everything here is set-up: failures abort, nothing is timed.
#pragma once

#include <cstdint>
#include <vector>

#include "base/ip_address.h"
#include "crypto/host_id_key.h"
#include "engine/config.h"
#include "engine/engine.h"

namespace hip::bench {

// A fresh key (RSA: 2048 bits).
crypto::PrivateKey new_key(crypto::KeyKind kind);
// Another owner of the same OpenSSL key (reference counted): one key can serve
// engine after engine without generating it again.
crypto::PrivateKey share_key(const crypto::PrivateKey& key);
// The identity of `key` (shared, not copied), as an engine's only identity.
std::vector<engine::LocalIdentity> identity_of(const crypto::PrivateKey& key);

// Initiators offer only DH group 7 (NIST P-256), the group they would get
// anyway: an engine pre-signs one R1 per offered group when it starts, and
// the benchmarks start many initiator engines (untimed, but not free).
engine::Config initiator_config();
// The defaults, with the puzzle pinned at K = 0 when `pin_puzzle`: past
// i1_load_threshold I1s per second the engine raises K and re-signs its R1s,
// which would make rounds of one benchmark do different work.
engine::Config responder_config(bool pin_puzzle);

// Documentation addresses (RFC 3849): the responder, and initiator number i.
base::IpAddress responder_address();
base::IpAddress initiator_address(std::uint32_t i);

}  // namespace hip::bench
