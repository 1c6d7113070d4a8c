// The engine's internals, shared by the files that implement one exchange
// each (bex_initiator.cc, bex_responder.cc, close.cc, notify.cc, update.cc,
// timers.cc). Not part of the public API: include engine.h instead.
#pragma once

#include <cstdint>
#include <optional>
#include <unordered_map>
#include <utility>
#include <vector>

#include "engine/association.h"
#include "engine/deadline_queue.h"
#include "engine/engine.h"
#include "engine/negotiation.h"
#include "engine/r1_cache.h"
#include "engine/rate_limiter.h"
#include "wire/packet.h"

namespace hip::engine {

struct HitPair {
  base::Hit local;
  base::Hit peer;
  friend bool operator==(const HitPair&, const HitPair&) = default;
};

struct HitPairHash {
  std::size_t operator()(const HitPair& k) const {
    // HITs end in 96 hash bits: their low 64 bits are already well mixed.
    std::uint64_t a = 0, b = 0;
    for (int i = 8; i < 16; ++i) {
      a = (a << 8) | k.local.bytes[i];
      b = (b << 8) | k.peer.bytes[i];
    }
    return static_cast<std::size_t>(a ^ (b * 0x9e3779b97f4a7c15ull));
  }
};

struct HitHash {
  std::size_t operator()(const base::Hit& h) const {
    std::uint64_t a = 0;
    for (int i = 8; i < 16; ++i) a = (a << 8) | h.bytes[i];
    return static_cast<std::size_t>(a);
  }
};

// A parsed, checked incoming packet with what every handler needs.
struct Incoming {
  const wire::PacketView& packet;
  const Path& path;
  const LocalIdentity& local;
  std::size_t local_index;  // into identities / r1
  const base::Hit& peer_hit;
};

struct Engine::Impl {
  Impl(Config c, std::vector<LocalIdentity> ids, crypto::Rng& r);

  Config config;
  Offers offers;
  std::vector<LocalIdentity> identities;  // never resized after construction
  std::vector<std::optional<R1Cache>> r1;  // one per identity; none if it cannot answer I1s
  crypto::Rng& rng;
  Counters counters;
  SourceRateLimiter notify_limiter;
  std::unordered_map<HitPair, Association, HitPairHash> table;
  std::unordered_map<std::uint32_t, HitPair> spi_index;  // our inbound SPIs
  std::unordered_map<base::Hit, base::Time, HitHash> recovery_attempts;

  // Each association's deadline (the earliest of its timer slots), one entry
  // per association: schedule() after changing its timers, erase() drops it.
  DeadlineQueue deadlines;
  void schedule(Association& a);

  // I1 load, for raising the puzzle difficulty (§4.1.2).
  base::Time load_window_start{};
  std::uint32_t i1_in_window = 0;
  std::uint8_t puzzle_k = 0;
  base::Time k_changed_at{};

  // engine.cc: dispatch and table.
  void on_packet(const Received& in, base::Time now, Actions& out);
  std::optional<std::size_t> identity_index(const base::Hit& hit) const;
  Association* find(const base::Hit& local, const base::Hit& peer);
  Association& create(std::size_t local_index, const base::Hit& peer, const Path& path,
                      base::Time now);
  void erase(Association& a, Actions& out);
  void set_state(Association& a, State to, Reason why, base::Time now, Actions& out);
  void transmit(const Path& path, std::vector<std::uint8_t> packet, Actions& out);
  std::uint32_t allocate_spi(const HitPair& owner);
  void install_sas(Association& a, bool inbound, bool outbound, Actions& out);
  void remove_sas(Association& a, Actions& out);
  void forget_exchange(Association& a);  // drop keys, DH and buffers of an old exchange
  void touch(Association& a, base::Time now);

  // bex_initiator.cc
  void start_bex(Association& a, base::Time now, Actions& out,
                 Reason why = Reason::connect_requested);
  void on_r1(const Incoming& in, Association* a, base::Time now, Actions& out);
  void on_r2(const Incoming& in, Association* a, base::Time now, Actions& out);

  // bex_responder.cc
  void on_i1(const Incoming& in, Association* a, base::Time now, Actions& out);
  void on_i2(const Incoming& in, Association* a, base::Time now, Actions& out);

  // close.cc
  void start_close(Association& a, Reason why, base::Time now, Actions& out);
  // `hipctl close`, shutdown: start_close for the association at key, if any.
  void close_requested(const HitPair& key, base::Time now, Actions& out);
  void send_close(Association& a, Actions& out);
  void on_close(const Incoming& in, Association* a, base::Time now, Actions& out);
  void on_close_ack(const Incoming& in, Association* a, base::Time now, Actions& out);

  // notify.cc
  void on_notify(const Incoming& in, Association* a, base::Time now, Actions& out);
  void notify_unknown_association(const Incoming& in, base::Time now, Actions& out);
  void notify_unsupported_critical(const Received& in, std::uint16_t type, base::Time now,
                                   Actions& out);
  void notify_error(const Incoming& in, std::uint16_t type, std::span<const std::uint8_t> data,
                    base::Time now, Actions& out);

  // update.cc
  void on_update(const Incoming& in, Association* a, base::Time now, Actions& out);

  // timers.cc
  void on_timeout(base::Time now, Actions& out);
  base::Time next_deadline() const;
  void arm_retransmit(Association& a, base::Duration first_timeout, base::Time now);
  void note_i1_load(base::Time now);
};

}  // namespace hip::engine
