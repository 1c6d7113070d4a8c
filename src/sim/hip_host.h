// A HIP host on the simulated network: it owns one engine::Engine and drives
// it exactly as hipd will (ARCHITECTURE.md: three drivers, one engine). It
// feeds the engine HIP packets and timer expiries at their virtual times and
// executes what comes back: Transmit onto the network, InstallSa/RemoveSa
// into an SaTable, StateChanged/NotifyReceived into a HostLog.
//
// On top sits a small application model. send_data(peer) is "a datagram for
// peer": over the outbound SA when there is one (a simulated ESP packet, see
// esp_marker.h), otherwise held in a bounded queue while the engine is asked
// to connect, and sent once an outbound SA appears. An arriving ESP packet
// with a known SPI is delivered and reported to the engine (on_traffic); an
// unknown SPI goes to engine.on_unknown_spi with the peer that the peer table
// places at the source locator (RFC 7401 §6.16 state loss).
//
// A crash drops the engine, the SAs, the queue and every timer; the identity
// and addresses stay. A restart builds a new engine with the same identity
// and a fresh random stream.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/hit.h"
#include "base/ip_address.h"
#include "crypto/host_id_key.h"
#include "crypto/rng.h"
#include "engine/engine.h"
#include "sim/host_log.h"
#include "sim/node.h"
#include "sim/sa_table.h"

namespace hip::sim {

struct HipHostOptions {
  engine::Config config;
  // The host identity is derived from the simulation seed and the host's name
  // (seeded_key.h), so a seed fixes the HIT. RSA is not derivable: pass a key.
  crypto::KeyKind key_kind = crypto::KeyKind::ecdsa_p256;
  // Use this key instead (shared, not copied); it must outlive the host's start.
  const crypto::PrivateKey* key = nullptr;
  // Held data packets per peer while no outbound SA exists (the daemon's
  // bounded queue).
  std::size_t max_queued_per_peer = 16;
};

struct DataCounters {
  std::uint64_t sent = 0;                // simulated ESP packets put on the network
  std::uint64_t queued = 0;              // send_data with no outbound SA: held
  std::uint64_t dropped_queue_full = 0;  // ... and the queue was full
  std::uint64_t delivered = 0;           // arrived on a known inbound SA
  std::uint64_t unknown_spi = 0;         // arrived for an SPI we have no SA for
  std::uint64_t malformed = 0;           // ESP that is not a simulated ESP packet
  std::uint64_t no_locator = 0;          // connect/send to a peer not in the peer table
  std::uint64_t while_down = 0;          // application calls while crashed (ignored)
};

class HipHost final : public Node {
 public:
  // Attaches `addresses` (documentation prefixes) and starts the engine.
  // Throws std::runtime_error when the identity cannot be made (start-up).
  HipHost(Simulator& sim, std::string name, std::vector<base::IpAddress> addresses,
          HipHostOptions options = {});
  ~HipHost() override;

  const base::Hit& hit() const { return hit_; }
  const base::IpAddress& address() const { return addresses().front(); }

  // The peer table (hipd's hosts file): where a peer HIT is reached, and who
  // sits at a locator (the hint for an unknown SPI).
  void add_peer(const base::Hit& peer, const base::IpAddress& locator, bool udp = false);
  void add_peer(const HipHost& peer, bool udp = false) { add_peer(peer.hit(), peer.address(), udp); }

  // Application layer, at the current virtual time (schedule with sim.at()).
  void connect(const base::Hit& peer);  // `hipctl connect`
  void close(const base::Hit& peer);    // `hipctl close`
  void send_data(const base::Hit& peer);

  // Null while crashed.
  engine::Engine* engine() { return engine_.get(); }
  const engine::Engine* engine() const { return engine_.get(); }
  // The engine's view of the association with `peer` (nullopt: none, or crashed).
  std::optional<engine::AssociationInfo> association(const base::Hit& peer) const;
  const SaTable& sas() const { return sas_; }
  const HostLog& log() const { return log_; }
  const DataCounters& data() const { return data_; }
  std::uint64_t delivered_from(const base::Hit& peer) const;

 private:
  struct PeerEntry {
    base::Hit hit;
    base::IpAddress locator;
    bool udp = false;
  };

  void on_datagram(const Datagram& d) override;
  void on_crash() override;
  void on_restart() override;

  void start_engine();
  // Runs one engine call, then executes its actions and re-arms the timer.
  template <class Call>
  void drive(Call&& call);
  void execute();
  void rearm_timer();
  void on_esp(const Datagram& d);
  void send_esp(const SaRecord& sa);
  void flush_queues();
  void report_traffic(const engine::InstallSa& sa, bool inbound);
  std::optional<engine::Path> path_to(const base::Hit& peer);
  std::optional<base::Hit> peer_at(const base::IpAddress& locator) const;

  HipHostOptions options_;
  std::unique_ptr<crypto::PrivateKey> key_;
  base::Hit hit_;
  std::unique_ptr<crypto::SeededRng> rng_;
  std::unique_ptr<engine::Engine> engine_;
  engine::Actions actions_;  // reused across calls, as the engine contract asks
  EventId timer_ = kNoEvent;
  base::Time timer_at_ = base::kNever;

  std::vector<PeerEntry> peers_;
  SaTable sas_;
  HostLog log_;
  DataCounters data_;
  std::map<base::Hit, std::size_t> queued_;
  std::map<base::Hit, std::uint64_t> delivered_from_;
  std::map<std::pair<base::Hit, bool>, base::Time> last_traffic_report_;
  std::uint32_t esp_sequence_ = 0;
  bool flushing_ = false;
};

}  // namespace hip::sim
