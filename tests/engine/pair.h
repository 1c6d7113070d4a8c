// Two engines wired back to back in memory, for exchange-level tests: every
// Transmit of one is handed to the other at the same virtual time unless a
// test's filter drops it. The full simulator (src/sim) adds delay and faults.
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <optional>
#include <vector>

#include "crypto/rng.h"
#include "engine/engine.h"
#include "wire/packet.h"

namespace hip::engine::test {

inline LocalIdentity make_identity(crypto::KeyKind kind = crypto::KeyKind::ecdsa_p256) {
  auto key = crypto::generate_private_key(kind);
  EXPECT_TRUE(key);
  auto id = LocalIdentity::from_key(std::move(*key));
  EXPECT_TRUE(id);
  return std::move(*id);
}

inline wire::PacketType type_of(const std::vector<std::uint8_t>& packet) {
  auto h = wire::parse_header(packet);
  return h ? h->type : wire::PacketType::i1;
}

struct Host {
  std::unique_ptr<Engine> engine;
  base::Hit hit;
  Path to_peer;
  std::vector<StateChanged> changes;
  std::vector<InstallSa> installed;
  std::vector<RemoveSa> removed;
  std::vector<NotifyReceived> notifies;
  std::vector<std::vector<std::uint8_t>> sent;

  std::optional<State> state_with(const base::Hit& peer) const {
    for (const auto& info : engine->snapshot()) {
      if (info.peer_hit == peer) return info.state;
    }
    return std::nullopt;
  }
};

class EnginePair {
 public:
  explicit EnginePair(Config config = {}, std::uint64_t seed = 1)
      : config_(config), rng_a_(seed), rng_b_(seed + 1000) {
    a_.engine = std::make_unique<Engine>(config, ids(make_identity()), rng_a_, now_);
    b_key_ = std::make_unique<crypto::PrivateKey>(*crypto::generate_private_key(crypto::KeyKind::ecdsa_p256));
    b_.engine = std::make_unique<Engine>(config, ids(std::move(*LocalIdentity::from_key(share(*b_key_)))), rng_b_, now_);
    a_.hit = a_.engine->local_hits().front();
    b_.hit = b_.engine->local_hits().front();
    const auto addr_a = *base::IpAddress::parse("2001:db8::a");
    const auto addr_b = *base::IpAddress::parse("2001:db8::b");
    a_.to_peer = Path{addr_a, addr_b};
    b_.to_peer = Path{addr_b, addr_a};
  }

  // B loses all its state and comes back with the same identity.
  void restart_b() {
    b_.engine = std::make_unique<Engine>(config_, ids(std::move(*LocalIdentity::from_key(share(*b_key_)))),
                                         rng_b_, now_);
  }

  Host& a() { return a_; }
  Host& b() { return b_; }
  base::Time now() const { return now_; }

  // Packets for which the filter returns false are lost.
  std::function<bool(const Host& from, const std::vector<std::uint8_t>&)> filter;

  void connect_a_to_b() {
    Actions out;
    a_.engine->connect(b_.hit, a_.to_peer, now_, out);
    run(a_, out);
  }

  // Delivers packets until nobody has anything left to say.
  void run(Host& from, Actions& out) {
    std::vector<std::pair<Host*, Actions>> queue;
    queue.emplace_back(&from, std::move(out));
    for (int rounds = 0; !queue.empty() && rounds < 1000; ++rounds) {
      auto [sender, actions] = std::move(queue.back());
      queue.pop_back();
      Host& receiver = sender == &a_ ? b_ : a_;
      for (auto& action : actions) {
        if (auto* t = std::get_if<Transmit>(&action)) {
          sender->sent.push_back(t->packet);
          if (filter && !filter(*sender, t->packet)) continue;
          Actions reply;
          receiver.engine->on_hip_packet(Received{t->packet, receiver.to_peer}, now_, reply);
          queue.emplace_back(&receiver, std::move(reply));
        } else {
          record(*sender, action);
        }
      }
    }
  }

  // Advances virtual time, firing timers on both hosts as they fall due.
  void advance(base::Duration d) {
    const base::Time end = now_ + d;
    for (int steps = 0; steps < 100000; ++steps) {
      const base::Time next = std::min(a_.engine->next_deadline(), b_.engine->next_deadline());
      if (next > end) break;
      now_ = std::max(now_, next);
      for (Host* h : {&a_, &b_}) {
        if (h->engine->next_deadline() <= now_) {
          Actions out;
          h->engine->on_timeout(now_, out);
          run(*h, out);
        }
      }
    }
    now_ = end;
  }

 private:
  // A second owner of the same OpenSSL key (reference counted).
  static crypto::PrivateKey share(const crypto::PrivateKey& key) {
    EVP_PKEY_up_ref(key.get());
    return crypto::PrivateKey(key.kind(), crypto::PkeyPtr(key.get()));
  }
  static std::vector<LocalIdentity> ids(LocalIdentity id) {
    std::vector<LocalIdentity> v;
    v.push_back(std::move(id));
    return v;
  }
  static void record(Host& h, Action& action) {
    if (auto* s = std::get_if<StateChanged>(&action)) h.changes.push_back(*s);
    if (auto* i = std::get_if<InstallSa>(&action)) h.installed.push_back(*i);
    if (auto* r = std::get_if<RemoveSa>(&action)) h.removed.push_back(*r);
    if (auto* n = std::get_if<NotifyReceived>(&action)) h.notifies.push_back(*n);
  }

  Config config_;
  std::unique_ptr<crypto::PrivateKey> b_key_;
  crypto::SeededRng rng_a_;
  crypto::SeededRng rng_b_;
  base::Time now_ = base::time_from_ns(1'000'000'000);
  Host a_;
  Host b_;
};

}  // namespace hip::engine::test
