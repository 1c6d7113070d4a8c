// hipd's answers to hipctl (control_handler.h): status from the engine's
// snapshot and esp/'s counters, connect and close through the engine.
#include <spdlog/spdlog.h>

#include "daemon/control_snapshot.h"
#include "daemon/driver.h"

namespace hip::daemon {

namespace {

std::optional<engine::State> state_of(const engine::Engine& engine, const base::Hit& peer) {
  for (const auto& info : engine.snapshot()) {
    if (info.peer_hit == peer) return info.state;
  }
  return std::nullopt;
}

}  // namespace

StatusReply Driver::status() {
  const base::Time now = io::monotonic_now();
  StatusReply r;
  r.uptime = now - started_;
  r.local_hits = engine_.local_hits();
  const esp::SaDatabase& sas = data_plane_.sas();
  for (const engine::AssociationInfo& info : engine_.snapshot()) {
    AssociationStatus a = association_status(info, now);
    const esp::Sa* in = info.spi_inbound ? sas.find_inbound(info.spi_inbound) : nullptr;
    const esp::Sa* out = info.spi_outbound ? sas.find_outbound_by_spi(info.spi_outbound) : nullptr;
    a.inbound = sa_stats(info.spi_inbound, in ? &in->counters() : nullptr, now);
    a.outbound = sa_stats(info.spi_outbound, out ? &out->counters() : nullptr, now);
    // A rekey (a second set of SAs for the same association) shows its age.
    if (auto h = sa_history_.find(info.peer_hit);
        h != sa_history_.end() && h->second.outbound_installs > 1) {
      a.since_rekey = now - h->second.last_install;
    }
    r.associations.push_back(std::move(a));
  }
  r.hip = engine_.counters();
  append_esp_counters("esp_in", data_plane_.inbound_counters(), r.daemon);
  append_esp_counters("esp_out", data_plane_.outbound_counters(), r.daemon);
  counters_.append_to(r.daemon, pending_.counters());
  return r;
}

PeersReply Driver::peers() {
  const auto snapshot = engine_.snapshot();
  return peers_reply(config_.peers, snapshot);
}

base::Result<ConnectReply, std::string> Driver::connect(
    const base::Hit& peer, const std::optional<base::IpAddress>& locator) {
  const std::vector<base::Hit> own = engine_.local_hits();
  if (std::find(own.begin(), own.end(), peer) != own.end()) {
    return base::unexpected(std::string("that HIT is our own"));
  }
  const PeerEntry* entry = config_.peers.find(peer);
  std::optional<engine::Path> path;
  if (locator) {
    path = path_via(*locator, entry != nullptr && entry->udp);
    if (!path) {
      return base::unexpected("no route to " + locator->to_string() + " from our locators");
    }
  } else if (entry == nullptr) {
    return base::unexpected("no locator known for " + peer.to_string() +
                            " (add it to the peer table or pass --locator)");
  } else {
    path = path_to(*entry);
    if (!path) {
      return base::unexpected("none of the locators of " + peer.to_string() +
                              " is reachable from our locators");
    }
  }
  spdlog::info("peer {}: connect requested by hipctl (locator {}{})", peer.to_string(),
               path->peer.to_string(), path->udp ? ", UDP" : "");
  engine_.connect(peer, *path, io::monotonic_now(), actions_);
  after_event();
  return ConnectReply{peer, path->peer, path->udp,
                      state_of(engine_, peer).value_or(engine::State::unassociated)};
}

base::Result<CloseReply, std::string> Driver::close(const base::Hit& peer) {
  const std::optional<engine::State> before = state_of(engine_, peer);
  if (!before || *before == engine::State::unassociated) {
    return base::unexpected("no association with " + peer.to_string());
  }
  spdlog::info("peer {}: close requested by hipctl", peer.to_string());
  engine_.close(peer, io::monotonic_now(), actions_);
  after_event();
  return CloseReply{peer, state_of(engine_, peer).value_or(engine::State::unassociated)};
}

}  // namespace hip::daemon
