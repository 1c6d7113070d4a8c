// One hub engine and several peer engines wired in memory, for tests of what
// one engine does with many associations. Each peer sits at its own address;
// the hub's packets go to the peer at their destination address (or are lost
// when nobody is there), the peers' packets go to the hub. The hub may have
// several identities, so that one peer can hold an association with each.
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/pair.h"

namespace hip::engine::test {

class Star {
 public:
  explicit Star(std::size_t peers, std::size_t hub_identities = 1, Config config = {})
      : hub_address_(*base::IpAddress::parse("2001:db8::100")) {
    std::vector<LocalIdentity> ids;
    for (std::size_t i = 0; i < hub_identities; ++i) ids.push_back(make_identity());
    hub_.engine = std::make_unique<Engine>(config, std::move(ids), rng(), now_);
    hub_hits_ = hub_.engine->local_hits();
    hub_.hit = hub_hits_.front();
    for (std::size_t i = 0; i < peers; ++i) {
      auto host = std::make_unique<Host>();
      std::vector<LocalIdentity> one;
      one.push_back(make_identity());
      host->engine = std::make_unique<Engine>(config, std::move(one), rng(), now_);
      host->hit = host->engine->local_hits().front();
      host->to_peer = Path{peer_address(i), hub_address_};
      peers_.push_back(std::move(host));
    }
  }

  Host& hub() { return hub_; }
  Host& peer(std::size_t i) { return *peers_.at(i); }
  const std::vector<base::Hit>& hub_hits() const { return hub_hits_; }
  base::Time now() const { return now_; }
  // The hub's path to peer i (also used for addresses where no peer listens).
  Path hub_to(std::size_t i) const { return Path{hub_address_, peer_address(i)}; }

  // Packets for which the filter returns false are lost.
  std::function<bool(const Host& from, const Transmit&)> filter;

  // Peer i runs a base exchange with the hub's identity `hub_identity`.
  void peer_connects(std::size_t i, std::size_t hub_identity = 0) {
    Actions out;
    peer(i).engine->connect(hub_hits_.at(hub_identity), peer(i).to_peer, now_, out);
    run(peer(i), out);
  }

  // The hub runs a base exchange with peer i (the hub initiates, so it ends
  // ESTABLISHED rather than R2-SENT).
  void hub_connects(std::size_t i) {
    Actions out;
    hub_.engine->connect(peer(i).hit, hub_to(i), now_, out);
    run(hub_, out);
  }

  // The state of the hub's association between its `local` HIT and `peer`.
  std::optional<State> hub_state(const base::Hit& local, const base::Hit& peer_hit) const {
    for (const auto& info : hub_.engine->snapshot()) {
      if (info.local_hit == local && info.peer_hit == peer_hit) return info.state;
    }
    return std::nullopt;
  }

  // Delivers packets until nobody has anything left to say.
  void run(Host& from, Actions& out) {
    std::vector<std::pair<Host*, Actions>> queue;
    queue.emplace_back(&from, std::move(out));
    for (int rounds = 0; !queue.empty() && rounds < 10000; ++rounds) {
      auto [sender, actions] = std::move(queue.back());
      queue.pop_back();
      for (auto& action : actions) {
        if (auto* t = std::get_if<Transmit>(&action)) {
          sender->sent.push_back(t->packet);
          Host* receiver = sender == &hub_ ? peer_at(t->path.peer) : &hub_;
          if (receiver == nullptr || (filter && !filter(*sender, *t))) continue;
          Actions reply;
          const Path seen{t->path.peer, t->path.local};
          receiver->engine->on_hip_packet(Received{t->packet, seen}, now_, reply);
          queue.emplace_back(receiver, std::move(reply));
        } else {
          record(*sender, action);
        }
      }
    }
  }

 private:
  static base::IpAddress peer_address(std::size_t i) {
    return *base::IpAddress::parse("2001:db8::1:" + std::to_string(i + 1));
  }
  Host* peer_at(const base::IpAddress& address) {
    for (auto& p : peers_) {
      if (p->to_peer.local == address) return p.get();
    }
    return nullptr;
  }
  crypto::Rng& rng() {
    rngs_.push_back(std::make_unique<crypto::SeededRng>(rngs_.size() + 1));
    return *rngs_.back();
  }
  static void record(Host& h, Action& action) {
    if (auto* s = std::get_if<StateChanged>(&action)) h.changes.push_back(*s);
    if (auto* i = std::get_if<InstallSa>(&action)) h.installed.push_back(*i);
    if (auto* r = std::get_if<RemoveSa>(&action)) h.removed.push_back(*r);
    if (auto* n = std::get_if<NotifyReceived>(&action)) h.notifies.push_back(*n);
  }

  std::vector<std::unique_ptr<crypto::SeededRng>> rngs_;
  base::IpAddress hub_address_;
  base::Time now_ = base::time_from_ns(1'000'000'000);
  Host hub_;
  std::vector<base::Hit> hub_hits_;
  std::vector<std::unique_ptr<Host>> peers_;
};

}  // namespace hip::engine::test
