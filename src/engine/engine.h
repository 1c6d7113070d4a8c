// The HIP protocol engine: the whole state machine of RFC 7401 §4.4 and the
// seed design (CLOSING/CLOSED with CLOSE/CLOSE_ACK, NOTIFY for an unknown
// association, recovery from state loss), with no I/O of any kind.
//
// Contract (ARCHITECTURE.md): every call takes `now` and appends what to do to
// `out` (packets to send, SAs to install or remove, state changes). Afterwards
// the driver asks next_deadline() and calls on_timeout() at that time. The
// engine never reads a clock, never opens a socket, never starts a thread;
// randomness comes from the injected Rng. One thread owns an Engine.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "base/hit.h"
#include "base/time.h"
#include "crypto/host_id.h"
#include "crypto/host_id_domain.h"
#include "crypto/host_id_key.h"
#include "crypto/rng.h"
#include "engine/actions.h"
#include "engine/config.h"
#include "engine/counters.h"
#include "engine/state.h"

namespace hip::engine {

// One of our Host Identities, ready to use.
struct LocalIdentity {
  crypto::PrivateKey key;
  crypto::HostIdentity host_identity;
  crypto::DomainIdentifier domain;
  base::Hit hit;

  static base::Result<LocalIdentity, crypto::IdentityError> from_key(
      crypto::PrivateKey key, crypto::DomainIdentifier domain = {});
};

// A HIP control packet as received.
struct Received {
  std::span<const std::uint8_t> packet;  // the HIP packet (UDP: after the zero marker)
  Path path;                             // local = its destination, peer = its source
};

// One association as `hipctl status` shows it.
struct AssociationInfo {
  base::Hit local_hit;
  base::Hit peer_hit;
  State state = State::unassociated;
  Path path;
  std::uint32_t spi_inbound = 0;
  std::uint32_t spi_outbound = 0;
  std::uint16_t esp_suite = 0;
  std::uint16_t hip_cipher = 0;
  std::uint8_t dh_group = 0;
  base::Time state_since{};
  base::Time established_at{};  // zero until first ESTABLISHED
  base::Time last_activity{};
  std::uint32_t base_exchanges = 0;  // how many BEXs this peer entry has completed
};

class Engine {
 public:
  Engine(Config config, std::vector<LocalIdentity> identities, crypto::Rng& rng, base::Time now);
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // A HIP packet from the network. Bad input is counted and dropped.
  void on_hip_packet(const Received& in, base::Time now, Actions& out);
  // Timers due at or before `now`.
  void on_timeout(base::Time now, Actions& out);
  // "Datagram to send requiring a new SA" (§4.4.3) or `hipctl connect`: start
  // a base exchange with `peer` at `path` unless one exists or runs. `why`
  // is the reason the state change reports (logs tell the triggers apart).
  void connect(const base::Hit& peer, const Path& path, base::Time now, Actions& out,
               Reason why = Reason::connect_requested);
  // Administrative close (`hipctl close`, shutdown): CLOSE, CLOSING.
  void close(const base::Hit& peer, base::Time now, Actions& out);
  void close_all(base::Time now, Actions& out);
  // ESP traffic on an association's SAs (either direction), reported by the
  // driver at most every few seconds per association: keeps UAL from
  // expiring, and in R2-SENT counts as "data received" (§4.4.3 Table 5).
  void on_traffic(const base::Hit& local, const base::Hit& peer, bool inbound, base::Time now,
                  Actions& out);
  // ESP with an SPI we do not know: we may have lost our state (§4.5.4,
  // §6.16). With a hint of which peer sits at that locator (from the driver's
  // peer table) the engine restarts the base exchange, rate-limited.
  void on_unknown_spi(std::uint32_t spi, const Path& path, std::optional<base::Hit> peer_hint,
                      base::Time now, Actions& out);

  // The earliest time on_timeout() has work; kNever when idle.
  base::Time next_deadline() const;
  // Diagnostics: deadlines queued for on_timeout(), at most one per
  // association however many events arrive.
  std::size_t scheduled_timer_count() const;
  std::vector<AssociationInfo> snapshot() const;
  const Counters& counters() const;
  std::vector<base::Hit> local_hits() const;
  const Config& config() const;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace hip::engine
