#include "sim/scenarios/scenario.h"

#include <stdexcept>

#include "sim/host_log.h"
#include "sim/seeded_key.h"

namespace hip::sim::test {

Scenario::Scenario(engine::Config config, std::uint64_t seed) : sim(seed), tap(sim) {
  HipHostOptions options;
  options.config = config;
  a = &sim.add_node<HipHost>("A", std::vector{ip("2001:db8::a")}, options);
  b = &sim.add_node<HipHost>("B", std::vector{ip("2001:db8::b")}, options);
  sim.network().connect(a->address(), b->address(), {.delay = 20ms});
  a->add_peer(*b);
  b->add_peer(*a);
  // The tap first, so that it sees what the blockers then drop.
  tap.attach(sim.network().link(a->address(), b->address()));
  tap.attach(sim.network().link(b->address(), a->address()));
  to_b.attach(sim.network().link(a->address(), b->address()));
  to_a.attach(sim.network().link(b->address(), a->address()));
}

bool Scenario::run_until(const std::function<bool()>& done, base::Duration timeout) {
  return sim.run_until(done, timeout).met();
}

std::optional<State> Scenario::state(const HipHost& of, const HipHost& peer) const {
  auto info = of.association(peer.hit());
  if (!info) return std::nullopt;
  return info->state;
}

const engine::StateChanged* Scenario::last_change(const HipHost& of) const {
  const auto& changes = of.log().state_changes();
  return changes.empty() ? nullptr : &changes.back().change;
}

std::size_t Scenario::changes_since(const HipHost& of, base::Time since) const {
  std::size_t n = 0;
  for (const auto& c : of.log().state_changes()) n += c.at >= since ? 1 : 0;
  return n;
}

Mark Scenario::mark() const {
  return {sim.now(), tap.packets().size(), a->log().state_changes().size(),
          b->log().state_changes().size()};
}

std::size_t Scenario::changes_since(const HipHost& of, const Mark& m) const {
  const std::size_t before = &of == a ? m.a_changes : m.b_changes;
  return of.log().state_changes().size() - before;
}

std::size_t Scenario::sent(const HipHost& h, PacketType type, const Mark& m) const {
  std::size_t n = 0;
  const auto& packets = tap.packets();
  for (std::size_t i = m.packets; i < packets.size(); ++i) {
    if (packets[i].type == type && packets[i].d.src == h.address()) ++n;
  }
  return n;
}

std::string Scenario::sa_problems() const {
  std::string why;
  for (auto [from, to] : {std::pair{a, b}, std::pair{b, a}}) {
    const SaRecord* out = from->sas().outbound_to(to->hit());
    if (out == nullptr) {
      why += from->name() + " has no outbound SA; ";
      continue;
    }
    const SaRecord* in = to->sas().inbound(out->sa.spi);
    if (in == nullptr) {
      why += to->name() + " has no inbound SA for SPI " + std::to_string(out->sa.spi) + "; ";
      continue;
    }
    const std::string m = sa_mismatch(out->sa, in->sa);
    if (!m.empty()) why += from->name() + "->" + to->name() + ": " + m + "; ";
  }
  return why;
}

std::string Scenario::logs() const {
  return "\nA:\n" + format_log(a->log()) + "B:\n" + format_log(b->log());
}

crypto::PrivateKey Scenario::key_of(const HipHost& h) const {
  crypto::SeededRng rng(sim.derive_seed("identity " + h.name()));
  auto key = derive_private_key(crypto::KeyKind::ecdsa_p256, rng);
  if (!key) throw std::runtime_error(key.error());
  return std::move(*key);
}

bool Scenario::establish() {
  a->send_data(b->hit());
  return run_until([&] {
    return logged(*a, *b) == State::established && logged(*b, *a) == State::established &&
           b->delivered_from(a->hit()) > 0;
  });
}

bool Scenario::hold_a_in_i2_sent() {
  to_a.block(PacketType::r2);
  to_a.keep_copies(true);
  a->connect(b->hit());
  return run_until(
      [&] { return logged(*a, *b) == State::i2_sent && logged(*b, *a) == State::r2_sent; }, 1s);
}

bool Scenario::hold_a_in_i1_sent() {
  to_a.block(PacketType::r1);
  to_a.keep_copies(true);
  a->connect(b->hit());
  return run_until([&] { return sent(*b, PacketType::r1) > 0; }, 1s) &&
         logged(*a, *b) == State::i1_sent;
}

bool Scenario::hold_a_closing_b_established() {
  if (!establish()) return false;
  to_b.block(PacketType::close);
  to_b.keep_copies(true);
  a->close(b->hit());
  run_for(100ms);
  return logged(*a, *b) == State::closing && logged(*b, *a) == State::established;
}

bool Scenario::hold_a_closing_b_closed() {
  if (!establish()) return false;
  to_a.block(PacketType::close_ack);
  to_a.keep_copies(true);
  a->close(b->hit());
  return run_until(
      [&] { return logged(*a, *b) == State::closing && logged(*b, *a) == State::closed; }, 1s);
}

bool Scenario::hold_a_in_e_failed() {
  to_b.block(PacketType::i1);
  a->connect(b->hit());
  return run_until([&] { return logged(*a, *b) == State::e_failed; }, 120s);
}

bool Scenario::hold_both_in_i2_sent(Datagram& i2_from_a, Datagram& i2_from_b) {
  to_a.block(PacketType::i2);
  to_b.block(PacketType::i2);
  to_a.keep_copies(true);
  to_b.keep_copies(true);
  a->connect(b->hit());
  if (!run_until([&] { return logged(*a, *b) == State::i2_sent; }, 1s)) return false;
  b->connect(a->hit());
  if (!run_until([&] { return logged(*b, *a) == State::i2_sent; }, 1s)) return false;
  auto from_a = to_b.kept_last(PacketType::i2);
  auto from_b = to_a.kept_last(PacketType::i2);
  if (!from_a || !from_b) return false;
  i2_from_a = *from_a;
  i2_from_b = *from_b;
  return true;
}

}  // namespace hip::sim::test
