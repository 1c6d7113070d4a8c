// A Responder engine holding many ESTABLISHED associations with simulated
// peers, for the scale benchmarks. Each peer is a real Initiator engine with
// a fresh ECDSA P-256 identity (a HIT of its own) that runs one base exchange
// and is then dropped: only the Responder's state stays.
//
// ECDSA P-256, not Ed25519: the engine cannot complete an exchange with
// EdDSA identities (bex_cost_bench.cc), and P-256 is the cheapest suite it
// can (key generation ~20 us, an exchange well under 1 ms of CPU per side).
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "base/hit.h"
#include "base/ip_address.h"
#include "base/time.h"
#include "crypto/host_id_key.h"
#include "crypto/rng.h"
#include "engine/engine.h"

namespace hip::bench {

struct Peer {
  base::Hit hit;
  base::IpAddress address;
};

class PopulatedResponder {
 public:
  PopulatedResponder(crypto::Rng& rng, base::Time now);

  struct Growth {
    std::size_t added = 0;
    std::int64_t responder_ns = 0;  // the Responder's CPU for the added exchanges
    std::int64_t ec_expiry_ns = 0;   // on_timeout() moving them R2-SENT -> ESTABLISHED
    std::size_t established = 0;     // associations in ESTABLISHED afterwards (all of them)
  };
  // Adds `count` peers at virtual time `now`, then advances `now` past EC
  // (config.h: timers.ec) and fires the timers, so that all are ESTABLISHED.
  Growth grow(std::size_t count, base::Time& now);

  engine::Engine& engine() { return *engine_; }
  const base::Hit& hit() const { return hit_; }
  const std::vector<Peer>& peers() const { return peers_; }

 private:
  crypto::Rng& rng_;
  crypto::PrivateKey key_;
  std::unique_ptr<engine::Engine> engine_;
  base::Hit hit_;
  std::vector<Peer> peers_;
};

}  // namespace hip::bench
