#include "sim/hip_host.h"

#include <cstdio>
#include <stdexcept>
#include <variant>

#include "sim/esp_marker.h"
#include "sim/seeded_key.h"
#include "sim/simulator.h"

namespace hip::sim {

namespace {

// engine.h asks for ESP traffic reports "at most every few seconds per
// association"; the first packet in each direction is always reported, so
// that R2-SENT learns of data at once (RFC 7401 §4.4.3).
constexpr base::Duration kTrafficReportInterval = 1s;

crypto::PrivateKey make_key(Simulator& sim, const std::string& name,
                            const HipHostOptions& options) {
  if (options.key != nullptr) return share_key(*options.key);
  crypto::SeededRng rng(sim.derive_seed("identity " + name));
  auto key = derive_private_key(options.key_kind, rng);
  if (!key) throw std::runtime_error("sim host " + name + ": " + key.error());
  return std::move(*key);
}

}  // namespace

HipHost::HipHost(Simulator& sim, std::string name, std::vector<base::IpAddress> addresses,
                 HipHostOptions options)
    : Node(sim, std::move(name)), options_(std::move(options)) {
  key_ = std::make_unique<crypto::PrivateKey>(make_key(sim, this->name(), options_));
  options_.key = nullptr;  // the caller's pointer is not needed any more
  for (const auto& a : addresses) {
    if (!sim.network().attach(*this, a)) {
      throw std::runtime_error("sim host " + this->name() + ": address " + a.to_string() +
                               " already taken");
    }
  }
  if (this->addresses().empty()) throw std::runtime_error("sim host " + this->name() + ": no address");
  start_engine();
}

HipHost::~HipHost() = default;

void HipHost::start_engine() {
  auto identity = engine::LocalIdentity::from_key(share_key(*key_));
  if (!identity) throw std::runtime_error("sim host " + name() + ": cannot build its identity");
  hit_ = identity->hit;
  // Each incarnation draws a fresh stream: a rebooted host does not repeat
  // its SPIs and puzzle secrets.
  rng_ = std::make_unique<crypto::SeededRng>(sim().derive_seed(
      "host " + name() + " incarnation " + std::to_string(lifecycle().incarnation)));
  std::vector<engine::LocalIdentity> identities;
  identities.push_back(std::move(*identity));
  engine_ = std::make_unique<engine::Engine>(options_.config, std::move(identities), *rng_, now());
  rearm_timer();
}

void HipHost::add_peer(const base::Hit& peer, const base::IpAddress& locator, bool udp) {
  for (auto& p : peers_) {
    if (p.hit == peer) {
      p.locator = locator;
      p.udp = udp;
      return;
    }
  }
  peers_.push_back({peer, locator, udp});
}

std::optional<engine::Path> HipHost::path_to(const base::Hit& peer) {
  for (const auto& p : peers_) {
    if (p.hit != peer) continue;
    engine::Path path;
    path.peer = p.locator;
    path.udp = p.udp;
    if (p.udp) {
      path.local_port = kHipUdpPort;
      path.peer_port = kHipUdpPort;
    }
    // The first of our addresses in the peer's family.
    for (const auto& a : addresses()) {
      if (a.is_v4() == p.locator.is_v4()) {
        path.local = a;
        return path;
      }
    }
    break;
  }
  ++data_.no_locator;
  std::fprintf(stderr, "sim host %s: no usable locator for peer %s\n", name().c_str(),
               peer.to_string().c_str());
  return std::nullopt;
}

std::optional<base::Hit> HipHost::peer_at(const base::IpAddress& locator) const {
  for (const auto& p : peers_) {
    if (p.locator == locator) return p.hit;
  }
  return std::nullopt;
}

template <class Call>
void HipHost::drive(Call&& call) {
  actions_.clear();
  call(actions_);
  execute();
  flush_queues();
  rearm_timer();
}

void HipHost::execute() {
  for (const engine::Action& action : actions_) {
    if (const auto* t = std::get_if<engine::Transmit>(&action)) {
      send(Datagram::from_path(t->path, Payload::hip, t->packet));
    } else if (const auto* install = std::get_if<engine::InstallSa>(&action)) {
      sas_.install(*install, now());
    } else if (const auto* remove = std::get_if<engine::RemoveSa>(&action)) {
      sas_.remove(*remove);
    } else if (const auto* change = std::get_if<engine::StateChanged>(&action)) {
      log_.record(now(), *change);
    } else if (const auto* notify = std::get_if<engine::NotifyReceived>(&action)) {
      log_.record(now(), *notify);
    }
  }
  actions_.clear();
}

void HipHost::rearm_timer() {
  const base::Time deadline = engine_ ? engine_->next_deadline() : base::kNever;
  if (timer_ != kNoEvent && deadline == timer_at_) return;
  if (timer_ != kNoEvent) cancel_timer(timer_);
  timer_ = kNoEvent;
  timer_at_ = base::kNever;
  if (deadline == base::kNever) return;
  timer_at_ = deadline;
  // A deadline in the past fires now; an engine that keeps asking for "now"
  // without progress runs into the simulator's event limit.
  timer_ = set_timer(deadline, [this] {
    timer_ = kNoEvent;
    timer_at_ = base::kNever;
    drive([this](engine::Actions& out) { engine_->on_timeout(now(), out); });
  });
}

void HipHost::on_datagram(const Datagram& d) {
  if (d.payload_type == Payload::esp) {
    on_esp(d);
    return;
  }
  const engine::Received in{d.payload, d.receiver_path()};
  drive([&](engine::Actions& out) { engine_->on_hip_packet(in, now(), out); });
}

void HipHost::on_esp(const Datagram& d) {
  auto marker = parse_esp_marker(d.payload);
  if (!marker) {
    ++data_.malformed;
    return;
  }
  if (const SaRecord* sa = sas_.inbound(marker->spi)) {
    ++data_.delivered;
    ++delivered_from_[sa->sa.peer_hit];
    report_traffic(sa->sa, true);
    return;
  }
  ++data_.unknown_spi;
  const auto hint = peer_at(d.src);
  const auto path = d.receiver_path();
  drive([&](engine::Actions& out) {
    engine_->on_unknown_spi(marker->spi, path, hint, now(), out);
  });
}

void HipHost::report_traffic(const engine::InstallSa& sa, bool inbound) {
  auto key = std::make_pair(sa.peer_hit, inbound);
  auto it = last_traffic_report_.find(key);
  if (it != last_traffic_report_.end() && now() - it->second < kTrafficReportInterval) return;
  last_traffic_report_[key] = now();
  drive([&](engine::Actions& out) {
    engine_->on_traffic(sa.local_hit, sa.peer_hit, inbound, now(), out);
  });
}

void HipHost::send_esp(const SaRecord& record) {
  // Copy: reporting traffic below may let the engine replace the SA.
  const engine::InstallSa sa = record.sa;
  ++data_.sent;
  send(Datagram::from_path(sa.path, Payload::esp,
                           encode_esp_marker({sa.spi, ++esp_sequence_})));
  report_traffic(sa, false);
}

void HipHost::flush_queues() {
  // Sending reports traffic to the engine, which drives again: no nesting.
  if (flushing_) return;
  flushing_ = true;
  for (auto& [peer, count] : queued_) {
    while (count > 0 && up()) {
      const SaRecord* sa = sas_.outbound_to(peer);
      if (sa == nullptr) break;
      --count;
      send_esp(*sa);
    }
  }
  flushing_ = false;
}

void HipHost::connect(const base::Hit& peer) {
  if (!up()) {
    ++data_.while_down;
    return;
  }
  auto path = path_to(peer);
  if (!path) return;
  drive([&](engine::Actions& out) { engine_->connect(peer, *path, now(), out); });
}

void HipHost::close(const base::Hit& peer) {
  if (!up()) {
    ++data_.while_down;
    return;
  }
  drive([&](engine::Actions& out) { engine_->close(peer, now(), out); });
}

void HipHost::send_data(const base::Hit& peer) {
  if (!up()) {
    ++data_.while_down;
    return;
  }
  if (const SaRecord* sa = sas_.outbound_to(peer)) {
    send_esp(*sa);
    return;
  }
  std::size_t& held = queued_[peer];
  if (held >= options_.max_queued_per_peer) {
    ++data_.dropped_queue_full;
  } else {
    ++held;
    ++data_.queued;
  }
  connect(peer);
}

std::optional<engine::AssociationInfo> HipHost::association(const base::Hit& peer) const {
  if (!engine_) return std::nullopt;
  for (const auto& info : engine_->snapshot()) {
    if (info.peer_hit == peer) return info;
  }
  return std::nullopt;
}

std::uint64_t HipHost::delivered_from(const base::Hit& peer) const {
  auto it = delivered_from_.find(peer);
  return it == delivered_from_.end() ? 0 : it->second;
}

void HipHost::on_crash() {
  log_.record_crash(now());
  if (timer_ != kNoEvent) cancel_timer(timer_);
  timer_ = kNoEvent;
  timer_at_ = base::kNever;
  engine_.reset();
  rng_.reset();
  sas_.clear();
  queued_.clear();
  last_traffic_report_.clear();
}

void HipHost::on_restart() {
  log_.record_restart(now());
  start_engine();
}

}  // namespace hip::sim
