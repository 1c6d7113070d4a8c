// Watching and steering what crosses a simulated link, from test code:
//
//   WireTap  records every packet offered to the links it is attached to (the
//            bytes, not just a summary), so a scenario can assert "B answered
//            with an R1" or pick up a real packet to replay later;
//   Blocker  drops the packets a test chooses (by HIP type, or ESP) while it
//            is switched on, optionally keeping a copy to release later, so a
//            scenario can hold a host in one state for as long as it likes.
//
// Both ride on Link::drop_matching with an unlimited rule: the tap's matcher
// never drops, the blocker's drops only what it is told. Every rule sees
// every packet (link.h), so a tap attached first sees packets that a blocker
// or random loss then drops: the tap records what a host *sent*.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <utility>
#include <vector>

#include "base/ip_address.h"
#include "base/time.h"
#include "sim/datagram.h"
#include "sim/link.h"
#include "sim/simulator.h"
#include "wire/packet.h"

namespace hip::sim::test {

// The HIP packet type of a datagram, nullopt for ESP or an unparsable header.
inline std::optional<wire::PacketType> hip_type(const Datagram& d) {
  if (d.payload_type != Payload::hip) return std::nullopt;
  auto h = wire::parse_header(d.payload);
  if (!h) return std::nullopt;
  return h->type;
}

struct Tapped {
  base::Time at{};
  Datagram d;
  std::optional<wire::PacketType> type;  // nullopt: ESP
};

class WireTap {
 public:
  explicit WireTap(Simulator& sim) : sim_(sim) {}

  void attach(Link& link) {
    link.drop_matching(
        [this](const Datagram& d) {
          packets_.push_back({sim_.now(), d, hip_type(d)});
          return false;  // never drops
        },
        0);
  }

  const std::vector<Tapped>& packets() const { return packets_; }

  // HIP packets of `type` sent from `from` at or after `since`.
  std::size_t count(wire::PacketType type, const base::IpAddress& from,
                    base::Time since = {}) const {
    std::size_t n = 0;
    for (const auto& p : packets_) {
      if (p.at >= since && p.type == type && p.d.src == from) ++n;
    }
    return n;
  }
  // Every HIP packet sent from `from` at or after `since`, whatever its type.
  std::size_t count_hip(const base::IpAddress& from, base::Time since = {}) const {
    std::size_t n = 0;
    for (const auto& p : packets_) {
      if (p.at >= since && p.type && p.d.src == from) ++n;
    }
    return n;
  }
  // The last HIP packet of `type` sent from `from`, null if none.
  const Tapped* last(wire::PacketType type, const base::IpAddress& from) const {
    for (auto it = packets_.rbegin(); it != packets_.rend(); ++it) {
      if (it->type == type && it->d.src == from) return &*it;
    }
    return nullptr;
  }
  const Tapped* first(wire::PacketType type, const base::IpAddress& from,
                      base::Time since = {}) const {
    for (const auto& p : packets_) {
      if (p.at >= since && p.type == type && p.d.src == from) return &p;
    }
    return nullptr;
  }

 private:
  Simulator& sim_;
  std::vector<Tapped> packets_;
};

class Blocker {
 public:
  void attach(Link& link) {
    link.drop_matching([this](const Datagram& d) { return blocks(d); }, 0);
  }

  void block(wire::PacketType t) { types_.insert(t); }
  void unblock(wire::PacketType t) { types_.erase(t); }
  void block_esp(bool on) { esp_ = on; }
  void block_all(bool on) { all_ = on; }
  void clear() {
    types_.clear();
    esp_ = false;
    all_ = false;
  }
  // Keep a copy of every packet blocked from now on.
  void keep_copies(bool on) { keep_ = on; }
  std::vector<Datagram> take_kept() { return std::exchange(kept_, {}); }
  // The last kept packet of `type` (kept packets stay kept).
  std::optional<Datagram> kept_last(wire::PacketType type) const {
    for (auto it = kept_.rbegin(); it != kept_.rend(); ++it) {
      if (hip_type(*it) == type) return *it;
    }
    return std::nullopt;
  }
  std::uint64_t blocked() const { return blocked_; }

 private:
  bool blocks(const Datagram& d) {
    const auto type = hip_type(d);
    const bool drop = all_ || (type ? types_.contains(*type) : esp_);
    if (drop) {
      ++blocked_;
      if (keep_) kept_.push_back(d);
    }
    return drop;
  }

  std::set<wire::PacketType> types_;
  bool esp_ = false;
  bool all_ = false;
  bool keep_ = false;
  std::vector<Datagram> kept_;
  std::uint64_t blocked_ = 0;
};

}  // namespace hip::sim::test
