// Engine API, packet dispatch and the association table.
#include "engine/engine.h"

#include <algorithm>

#include "crypto/hit.h"
#include "engine/engine_impl.h"
#include "wire/checksum.h"

namespace hip::engine {

base::Result<LocalIdentity, crypto::IdentityError> LocalIdentity::from_key(
    crypto::PrivateKey key, crypto::DomainIdentifier domain) {
  auto hi = crypto::encode_host_identity(key);
  if (!hi) return base::unexpected(hi.error());
  auto hit = crypto::compute_hit(*hi);
  if (!hit) return base::unexpected(hit.error());
  return LocalIdentity{std::move(key), std::move(*hi), std::move(domain), *hit};
}

Engine::Impl::Impl(Config c, std::vector<LocalIdentity> ids, crypto::Rng& r)
    : config(std::move(c)),
      offers(Offers::from(config.policy)),
      identities(std::move(ids)),
      rng(r),
      notify_limiter(config.rate_limits.notify_per_source_per_second,
                     config.rate_limits.notify_per_source_burst,
                     config.rate_limits.notify_global_per_second,
                     config.rate_limits.notify_global_burst),
      puzzle_k(config.policy.puzzle_k) {}

Engine::Engine(Config config, std::vector<LocalIdentity> identities, crypto::Rng& rng,
               base::Time now)
    : impl_(std::make_unique<Impl>(std::move(config), std::move(identities), rng)) {
  for (const LocalIdentity& id : impl_->identities) {
    auto cache = R1Cache::create(id, impl_->config.policy, rng, impl_->puzzle_k, now);
    // An identity whose R1s cannot be built (no RHASH for its suite, no DH
    // group) can still initiate; it simply never answers I1s.
    impl_->r1.push_back(cache ? std::optional<R1Cache>(std::move(*cache)) : std::nullopt);
  }
  impl_->load_window_start = now;
}

Engine::~Engine() = default;

void Engine::on_hip_packet(const Received& in, base::Time now, Actions& out) {
  impl_->on_packet(in, now, out);
}

void Engine::on_timeout(base::Time now, Actions& out) { impl_->on_timeout(now, out); }

void Engine::connect(const base::Hit& peer, const Path& path, base::Time now, Actions& out,
                     Reason why) {
  if (impl_->identities.empty() || impl_->identity_index(peer)) return;
  // Our first identity initiates; choosing by the peer's HIT suite comes
  // with configuration of several identities.
  const base::Hit& local = impl_->identities.front().hit;
  Association* a = impl_->find(local, peer);
  if (a == nullptr) a = &impl_->create(0, peer, path, now);
  switch (a->state) {
    case State::unassociated:
    case State::closing:  // §4.4.3 Table 7: data to send -> I1, I1-SENT
    case State::closed:   // Table 8: send I1, stay CLOSED until the R1
      a->path = path;
      impl_->start_bex(*a, now, out, why);
      break;
    default:
      break;  // an exchange runs or exists; E-FAILED waits (Table 9)
  }
  impl_->schedule(*a);
}

void Engine::close(const base::Hit& peer, base::Time now, Actions& out) {
  // The peer has at most one association per local identity: look each up.
  for (const LocalIdentity& id : impl_->identities) {
    impl_->close_requested(HitPair{id.hit, peer}, now, out);
  }
}

void Engine::close_all(base::Time now, Actions& out) {
  // start_close may erase the association it closes, so walk a copy of the
  // keys: one pass over the table, one lookup per association.
  std::vector<HitPair> keys;
  keys.reserve(impl_->table.size());
  for (const auto& [key, a] : impl_->table) keys.push_back(key);
  for (const HitPair& key : keys) impl_->close_requested(key, now, out);
}

void Engine::on_traffic(const base::Hit& local, const base::Hit& peer, bool inbound,
                        base::Time now, Actions& out) {
  Association* a = impl_->find(local, peer);
  if (a == nullptr) return;
  impl_->touch(*a, now);
  if (inbound && a->state == State::r2_sent) {
    // As on every way into ESTABLISHED: EC is over and UAL starts watching.
    a->timers.state = base::kNever;
    a->timers.ual = now + impl_->config.timers.ual;
    impl_->set_state(*a, State::established, Reason::data_received, now, out);
  }
  impl_->schedule(*a);
}

void Engine::on_unknown_spi(std::uint32_t /*spi*/, const Path& path,
                            std::optional<base::Hit> peer_hint, base::Time now, Actions& out) {
  impl_->counters.unknown_spi++;
  if (!peer_hint || impl_->identities.empty()) return;
  // We probably lost our state and the peer did not (§4.5.4): restart the
  // base exchange, at most once per I1 timeout per peer.
  auto& last = impl_->recovery_attempts[*peer_hint];
  if (last != base::Time{} && now - last < impl_->config.timers.i1_timeout) return;
  Association* a = impl_->find(impl_->identities.front().hit, *peer_hint);
  if (a != nullptr && a->state == State::established) {
    // ESTABLISHED, and the peer sends on SAs we do not have: the two sides
    // hold different keys (each took the other's half of crossing
    // exchanges). Stragglers of the SAs we just replaced look the same, so
    // only once our keys are older than EC: run a new base exchange,
    // keeping our SAs until its R1 (as CLOSED does, Table 8).
    if (now - a->state_since < impl_->config.timers.ec) return;
    last = now;
    a->path = path;
    impl_->start_bex(*a, now, out, Reason::unknown_spi_received);
    impl_->schedule(*a);
    return;
  }
  last = now;
  connect(*peer_hint, path, now, out, Reason::unknown_spi_received);
}

base::Time Engine::next_deadline() const { return impl_->next_deadline(); }
std::size_t Engine::scheduled_timer_count() const { return impl_->deadlines.size(); }

std::vector<AssociationInfo> Engine::snapshot() const {
  std::vector<AssociationInfo> list;
  for (const auto& [key, a] : impl_->table) {
    AssociationInfo info;
    info.local_hit = key.local;
    info.peer_hit = key.peer;
    info.state = a.state;
    info.path = a.path;
    info.spi_inbound = a.spi_in;
    info.spi_outbound = a.spi_out;
    if (a.keys) {
      info.esp_suite = a.keys->esp_suite;
      info.hip_cipher = a.keys->hip_cipher;
      info.dh_group = a.keys->dh_group;
    }
    info.state_since = a.state_since;
    info.established_at = a.established_at;
    info.last_activity = a.last_activity;
    info.base_exchanges = a.base_exchanges;
    list.push_back(info);
  }
  std::sort(list.begin(), list.end(),
            [](const auto& x, const auto& y) { return x.peer_hit < y.peer_hit; });
  return list;
}

const Counters& Engine::counters() const { return impl_->counters; }
const Config& Engine::config() const { return impl_->config; }

std::vector<base::Hit> Engine::local_hits() const {
  std::vector<base::Hit> hits;
  for (const auto& id : impl_->identities) hits.push_back(id.hit);
  return hits;
}

// ---- dispatch ----

void Engine::Impl::on_packet(const Received& in, base::Time now, Actions& out) {
  counters.received++;
  // Version first: HIPv1 parameters are not ours to judge (§5.4.1 would
  // allow an ICMP here; we only count).
  if (auto header = wire::parse_header(in.packet); header && header->version != wire::kVersion2) {
    counters.drop(Drop::unsupported_version);
    return;
  }
  auto parsed = wire::parse_packet(in.packet);
  if (!parsed) {
    switch (parsed.error().code) {
      case wire::ParseErrorCode::unsupported_version: counters.drop(Drop::unsupported_version); break;
      case wire::ParseErrorCode::unknown_critical_parameter:
        counters.drop(Drop::unknown_critical);
        notify_unsupported_critical(in, parsed.error().detail, now, out);
        break;
      default: counters.drop(Drop::malformed); break;
    }
    return;
  }
  const wire::PacketView& packet = *parsed;
  const wire::Header& h = packet.header();
  // Over UDP the HIP checksum is zero (RFC 5770 §5.1); a sender that fills it
  // in anyway is accepted when it is right.
  const bool checksum_ok = (in.path.udp && h.checksum == 0) ||
                           wire::hip_checksum_ok(packet.bytes(), in.path.peer, in.path.local);
  if (!checksum_ok) {
    counters.drop(Drop::bad_checksum);  // §5.4.2: silently
    return;
  }
  auto index = identity_index(h.receiver);
  if (!index || h.sender == h.receiver || identity_index(h.sender)) {
    counters.drop(Drop::not_our_hit);
    return;
  }
  Association* a = find(h.receiver, h.sender);
  const Incoming incoming{packet, in.path, identities[*index], *index, h.sender};
  switch (h.type) {
    case wire::PacketType::i1: on_i1(incoming, a, now, out); break;
    case wire::PacketType::r1: on_r1(incoming, a, now, out); break;
    case wire::PacketType::i2: on_i2(incoming, a, now, out); break;
    case wire::PacketType::r2: on_r2(incoming, a, now, out); break;
    case wire::PacketType::update: on_update(incoming, a, now, out); break;
    case wire::PacketType::notify: on_notify(incoming, a, now, out); break;
    case wire::PacketType::close: on_close(incoming, a, now, out); break;
    case wire::PacketType::close_ack: on_close_ack(incoming, a, now, out); break;
  }
  if (Association* after = find(h.receiver, h.sender)) schedule(*after);
}

// ---- table ----

std::optional<std::size_t> Engine::Impl::identity_index(const base::Hit& hit) const {
  for (std::size_t i = 0; i < identities.size(); ++i) {
    if (identities[i].hit == hit) return i;
  }
  return std::nullopt;
}

Association* Engine::Impl::find(const base::Hit& local, const base::Hit& peer) {
  auto it = table.find(HitPair{local, peer});
  return it == table.end() ? nullptr : &it->second;
}

Association& Engine::Impl::create(std::size_t local_index, const base::Hit& peer,
                                  const Path& path, base::Time now) {
  Association& a = table[HitPair{identities[local_index].hit, peer}];
  a.local = &identities[local_index];
  a.peer_hit = peer;
  a.path = path;
  a.state = State::unassociated;
  a.state_since = now;
  a.last_activity = now;
  return a;
}

void Engine::Impl::erase(Association& a, Actions& out) {
  remove_sas(a, out);
  deadlines.remove(a);
  if (a.spi_in != 0) spi_index.erase(a.spi_in);
  table.erase(HitPair{a.local->hit, a.peer_hit});
}

void Engine::Impl::set_state(Association& a, State to, Reason why, base::Time now, Actions& out) {
  if (a.state == to) return;
  out.push_back(StateChanged{a.local->hit, a.peer_hit, a.state, to, why});
  a.state = to;
  a.state_since = now;
  if (to == State::established && a.established_at == base::Time{}) a.established_at = now;
}

void Engine::Impl::transmit(const Path& path, std::vector<std::uint8_t> packet, Actions& out) {
  counters.sent++;
  out.push_back(Transmit{path, std::move(packet)});
}

void Engine::Impl::touch(Association& a, base::Time now) {
  a.last_activity = std::max(a.last_activity, now);
}

void Engine::Impl::schedule(Association& a) { deadlines.set(a, a.timers.earliest()); }

void Engine::Impl::close_requested(const HitPair& key, base::Time now, Actions& out) {
  Association* a = find(key.local, key.peer);
  if (a == nullptr) return;
  start_close(*a, Reason::close_requested, now, out);
  if ((a = find(key.local, key.peer)) != nullptr) schedule(*a);
}

// Inbound SPIs are random, never below 256 (RFC 4303 §2.1 reserves 1-255)
// and unique among our associations.
std::uint32_t Engine::Impl::allocate_spi(const HitPair& owner) {
  for (;;) {
    std::uint8_t b[4];
    rng.fill(b);
    const std::uint32_t spi = (std::uint32_t{b[0]} << 24) | (std::uint32_t{b[1]} << 16) |
                              (std::uint32_t{b[2]} << 8) | b[3];
    if (spi < 256 || spi_index.contains(spi)) continue;
    spi_index.emplace(spi, owner);
    return spi;
  }
}

void Engine::Impl::install_sas(Association& a, bool inbound, bool outbound, Actions& out) {
  const SessionKeys& k = *a.keys;
  auto make = [&](Direction d, std::uint32_t spi, const crypto::SecretBytes& enc,
                  const crypto::SecretBytes& auth) {
    InstallSa sa;
    sa.local_hit = a.local->hit;
    sa.peer_hit = a.peer_hit;
    sa.direction = d;
    sa.spi = spi;
    sa.esp_suite = k.esp_suite;
    sa.encryption_key.assign(enc.span().begin(), enc.span().end());
    sa.authentication_key.assign(auth.span().begin(), auth.span().end());
    sa.path = a.path;
    out.push_back(std::move(sa));
  };
  if (inbound && !a.sa_in_installed) {
    make(Direction::inbound, a.spi_in, k.esp_enc_in, k.esp_auth_in);
    a.sa_in_installed = true;
  }
  if (outbound && !a.sa_out_installed) {
    make(Direction::outbound, a.spi_out, k.esp_enc_out, k.esp_auth_out);
    a.sa_out_installed = true;
  }
}

void Engine::Impl::remove_sas(Association& a, Actions& out) {
  if (a.sa_in_installed) {
    out.push_back(RemoveSa{a.local->hit, a.peer_hit, Direction::inbound, a.spi_in});
    a.sa_in_installed = false;
  }
  if (a.sa_out_installed) {
    out.push_back(RemoveSa{a.local->hit, a.peer_hit, Direction::outbound, a.spi_out});
    a.sa_out_installed = false;
  }
}

void Engine::Impl::forget_exchange(Association& a) {
  if (a.spi_in != 0) spi_index.erase(a.spi_in);
  a.spi_in = 0;
  a.spi_out = 0;
  a.keys.reset();
  a.dh.reset();
  a.peer_r1_counter.reset();
  a.responder_host_id_tlv.clear();
  a.retransmit_packet.clear();
  a.last_r2.clear();
  a.i1_outstanding = false;
  a.close_sent = false;
  a.initiated_exchange_done = base::Time{};
  a.timers = TimerSlots{};
}

}  // namespace hip::engine
