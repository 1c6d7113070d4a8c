// The safety property of the base exchange, checked after every simulator
// event: an outbound SA is only ever installed for keys that come out of one
// mutually authenticated exchange with that peer. Concretely, when host X
// installs an outbound SA towards Y with SPI s, Y must already have installed
// an inbound SA with SPI s, HITs mirrored, the same ESP suite and the same
// keys (RFC 7402 §7: both sides draw them from one KEYMAT; the Responder
// installs its inbound SA only after the I2's HIP_MAC and signature verified,
// the Initiator its outbound SA only after the R2's). Equal keys cannot come
// from two different Diffie-Hellman exchanges, so "same keys" is "same
// exchange".
//
// The audit sees SAs by polling each host's SaTable (hosts report nothing
// else), so it must run after every event: Simulator::run_until's predicate
// is the hook.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "engine/actions.h"
#include "sim/hip_host.h"

namespace hip::sim::test {

class SaAudit {
 public:
  explicit SaAudit(std::vector<HipHost*> hosts) : hosts_(std::move(hosts)), seen_(hosts_.size()) {}

  // Looks for SAs installed since the last call and checks the outbound ones.
  void check(base::Time now);

  const std::vector<std::string>& violations() const { return violations_; }
  std::uint64_t outbound_checked() const { return outbound_checked_; }
  // Outbound SAs whose matching inbound SA the peer had already removed again
  // by the time of the install: consistent keys, but a dead end (liveness,
  // not safety: the peer's recovery has to repair it).
  std::uint64_t stale_at_install() const { return stale_; }

 private:
  struct Installed {
    std::size_t host;
    engine::InstallSa sa;
    base::Time at;
  };
  using Key = std::tuple<int, std::uint32_t, base::Hit, std::int64_t>;
  std::optional<std::size_t> host_of(const base::Hit& hit) const;
  void check_outbound(std::size_t host, const engine::InstallSa& sa, base::Time now);

  std::vector<HipHost*> hosts_;
  std::vector<std::set<Key>> seen_;
  std::vector<Installed> inbound_history_;
  std::vector<std::string> violations_;
  std::uint64_t outbound_checked_ = 0;
  std::uint64_t stale_ = 0;
};

}  // namespace hip::sim::test
