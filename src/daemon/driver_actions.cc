// Carrying out what the engine asked for (engine/actions.h): send control
// packets, install and remove SAs in esp/, log state changes and NOTIFYs, and
// release or discard the packets that waited for an exchange.
#include <spdlog/spdlog.h>

#include <array>

#include "daemon/driver.h"
#include "daemon/event_log.h"

namespace hip::daemon {

void Driver::drain_actions() {
  // Index loop: handling an action never calls the engine, but stay safe if
  // one ever appends.
  for (std::size_t i = 0; i < actions_.size(); ++i) {
    std::visit(
        [this](const auto& action) {
          using T = std::decay_t<decltype(action)>;
          if constexpr (std::is_same_v<T, engine::Transmit>) {
            transmit(action);
          } else if constexpr (std::is_same_v<T, engine::InstallSa>) {
            install_sa(action);
          } else if constexpr (std::is_same_v<T, engine::RemoveSa>) {
            remove_sa(action);
          } else if constexpr (std::is_same_v<T, engine::StateChanged>) {
            state_changed(action);
          } else if constexpr (std::is_same_v<T, engine::NotifyReceived>) {
            if (action.verified) {
              spdlog::info("{}", describe(action));
            } else {
              spdlog::debug("{}", describe(action));
            }
          }
        },
        actions_[i]);
  }
  actions_.clear();
}

void Driver::transmit(const engine::Transmit& t) {
  io::SendItem item{t.packet, {t.path.local, t.path.peer, t.path.local_port, t.path.peer_port}};
  std::optional<io::SendReport> report;
  if (t.path.udp) {
    item.hip_marker = true;  // RFC 5770 §5.1: HIP behind 32 zero bits
    if (sockets_.udp) report = sockets_.udp->send_batch({&item, 1});
  } else if (t.path.peer.is_v4()) {
    if (sockets_.hip4) report = sockets_.hip4->send_batch({&item, 1});
  } else {
    if (sockets_.hip6) report = sockets_.hip6->send_batch({&item, 1});
  }
  if (!report) {
    ++counters_.no_socket;
    return;
  }
  if (report->sent == 1) {
    ++counters_.hip_sent;
    return;
  }
  // The engine retransmits control packets, so a lost send is not final.
  ++counters_.hip_send_failed;
  spdlog::debug("HIP packet to {} not sent: {}", t.path.peer.to_string(),
                report->last_error.code != 0 ? report->last_error.message() : "socket full");
}

std::optional<SaLsis> Driver::lsis_for(const base::Hit& peer) const {
  if (!own_lsi_) return std::nullopt;
  const std::optional<base::IpAddress> peer_lsi = config_.peers.lsi(peer);
  if (!peer_lsi) return std::nullopt;
  return SaLsis{*own_lsi_, *peer_lsi};
}

void Driver::install_sa(const engine::InstallSa& install) {
  const esp::SaConfig config = to_sa_config(install, lsis_for(install.peer_hit));
  esp::SaDatabase& sas = data_plane_.sas();
  base::Result<esp::Sa*, esp::SaError> r = base::unexpected(esp::SaError::not_found);
  if (install.direction == engine::Direction::outbound) {
    r = sas.replace_outbound(config);  // make-before-break (RFC 7402 §3.3.2)
  } else {
    if (sas.find_inbound(install.spi) != nullptr) (void)sas.remove(esp::Direction::inbound, install.spi);
    r = sas.install(config);
  }
  if (!r) {
    ++counters_.sa_install_failed;
    spdlog::error("peer {}: SA {} SPI 0x{:08x} not installed: {}", install.peer_hit.to_string(),
                  install.direction == engine::Direction::inbound ? "in" : "out", install.spi,
                  esp::sa_error_name(r.error()));
    return;
  }
  spdlog::debug("peer {}: SA {} SPI 0x{:08x} suite {} installed", install.peer_hit.to_string(),
                install.direction == engine::Direction::inbound ? "in" : "out", install.spi,
                install.esp_suite);
  if (install.direction == engine::Direction::outbound) {
    SaHistory& h = sa_history_[install.peer_hit];
    h.last_install = io::monotonic_now();
    ++h.outbound_installs;
  }
}

void Driver::remove_sa(const engine::RemoveSa& remove) {
  const bool inbound = remove.direction == engine::Direction::inbound;
  (void)data_plane_.sas().remove(inbound ? esp::Direction::inbound : esp::Direction::outbound,
                                 remove.spi);
  traffic_reported_.erase((std::uint64_t{inbound} << 32) | remove.spi);
}

void Driver::state_changed(const engine::StateChanged& change) {
  using engine::State;
  const bool failure = change.to == State::e_failed;
  if (failure) {
    spdlog::warn("{}", describe(change, several_identities_));
  } else {
    spdlog::info("{}", describe(change, several_identities_));
  }
  // Packets held for an exchange that will not bring SAs now are dropped
  // (counted): the application retransmits, and the next packet starts a new
  // exchange.
  if (change.to != State::i1_sent && change.to != State::i2_sent &&
      change.to != State::r2_sent && change.to != State::established) {
    if (const std::size_t n = pending_.discard(change.peer_hit); n > 0) {
      spdlog::debug("peer {}: {} waiting packet(s) dropped", change.peer_hit.to_string(), n);
    }
  }
  if (change.to == State::unassociated) sa_history_.erase(change.peer_hit);
}

void Driver::flush_pending() {
  if (pending_.size() == 0) return;
  const base::Time now = io::monotonic_now();
  for (const base::Hit& peer : pending_.peers()) {
    bool ready = false;
    for (const base::Hit& own : engine_.local_hits()) {
      ready = ready || data_plane_.sas().find_outbound(own, peer) != nullptr;
    }
    if (!ready) continue;
    pending_.flush(peer, [&](std::vector<std::uint8_t>& held) {
      // Re-framed with ESP room around it, as if just read from hip0.
      std::span<std::uint8_t> buf = buffer(0);
      if (held.size() + esp::kEspHeadroom + esp::kEspTailroom > buf.size()) return;
      std::copy(held.begin(), held.end(), buf.begin() + esp::kEspHeadroom);
      std::array<esp::PacketBuffer, 1> pkt{esp::PacketBuffer{buf, esp::kEspHeadroom, held.size()}};
      std::array<esp::EncapResult, 1> result;
      data_plane_.encapsulate_batch(pkt, result, now);
      if (result[0].status == esp::Status::no_sa) return;  // not again: drop (counted by esp/)
      send_protected(result, pkt);
    });
  }
}

}  // namespace hip::daemon
