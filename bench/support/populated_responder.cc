#include "support/populated_responder.h"

#include <cstdio>
#include <cstdlib>

#include "support/bex_wire.h"
#include "support/cpu_clock.h"
#include "support/identities.h"

namespace hip::bench {

PopulatedResponder::PopulatedResponder(crypto::Rng& rng, base::Time now)
    : rng_(rng), key_(new_key(crypto::KeyKind::ecdsa_p256)) {
  engine_ = std::make_unique<engine::Engine>(responder_config(true), identity_of(key_), rng_, now);
  hit_ = engine_->local_hits().front();
}

PopulatedResponder::Growth PopulatedResponder::grow(std::size_t count, base::Time& now) {
  Growth g;
  const base::IpAddress responder_ip = responder_address();
  for (std::size_t n = 0; n < count; ++n) {
    const auto index = static_cast<std::uint32_t>(peers_.size());
    const crypto::PrivateKey key = new_key(crypto::KeyKind::ecdsa_p256);
    engine::Engine initiator(initiator_config(), identity_of(key), rng_, now);
    Party i{&initiator}, r{engine_.get()};
    const engine::Path path{initiator_address(index), responder_ip};
    if (!run_base_exchange(i, r, hit_, path, now)) {
      std::fprintf(stderr, "bench: base exchange %u did not complete\n", index);
      std::abort();
    }
    g.responder_ns += r.cpu_ns;
    peers_.push_back(Peer{initiator.local_hits().front(), path.local});
    ++g.added;
  }
  now += engine_->config().timers.ec + std::chrono::seconds(1);
  engine::Actions out;
  {
    CpuMeter meter(g.ec_expiry_ns);
    engine_->on_timeout(now, out);
  }
  for (const auto& info : engine_->snapshot()) {
    if (info.state == engine::State::established) ++g.established;
  }
  return g;
}

}  // namespace hip::bench
