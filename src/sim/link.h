// One direction of a simulated link: what happens to each packet offered to
// it. A Link only decides (drop, or when copies arrive) and counts; the
// Network schedules the arrivals. Each packet goes through, in this order:
//   1. loss pattern: deterministic drops (the n-th packet, or packets that
//      match a predicate such as "the first I2"), seen by every packet offered;
//   2. partition: the link is down (toggled, or an outage window);
//   3. random loss with probability `loss`;
//   4. delay + uniform jitter in [0, jitter], plus `reorder_delay` with
//      probability `reorder` (the packet is held back and overtaken);
//   5. a duplicate with probability `duplicate`, with its own jitter draw.
// Jitter alone may reorder packets too, as on a real path.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>
#include <vector>

#include "base/time.h"
#include "sim/datagram.h"
#include "sim/random.h"
#include "wire/packet_type.h"

namespace hip::sim {

using namespace std::chrono_literals;

enum class DropCause : std::uint8_t {
  pattern,      // the deterministic loss pattern
  partition,    // link down
  random_loss,  // LinkConfig::loss
  count_
};
std::string_view to_string(DropCause cause);

struct LinkConfig {
  base::Duration delay = 10ms;
  base::Duration jitter = 0ms;
  double loss = 0;
  double duplicate = 0;
  double reorder = 0;
  base::Duration reorder_delay = 30ms;
};

struct LinkCounters {
  std::uint64_t sent = 0;        // offered to the link
  std::uint64_t delivered = 0;   // copies that arrived (duplicates included)
  std::uint64_t duplicated = 0;  // extra copies made
  std::uint64_t reordered = 0;   // packets held back by reorder_delay
  std::array<std::uint64_t, static_cast<std::size_t>(DropCause::count_)> dropped{};

  std::uint64_t drops(DropCause c) const { return dropped[static_cast<std::size_t>(c)]; }
  std::uint64_t dropped_total() const {
    std::uint64_t n = 0;
    for (auto d : dropped) n += d;
    return n;
  }
};

using PacketMatcher = std::function<bool(const Datagram&)>;
// HIP control packets of one type (header parsed with wire::parse_header).
PacketMatcher hip_packet_type(wire::PacketType type);
// Simulated ESP packets.
PacketMatcher esp_packets();

struct Arrival {
  base::Time at;
  bool duplicate = false;
};

struct LinkVerdict {
  std::optional<DropCause> dropped;
  std::vector<Arrival> arrivals;  // empty when dropped; two with a duplicate
};

class Link {
 public:
  Link(LinkConfig config, std::uint64_t seed) : config_(config), random_(seed) {}

  LinkConfig& config() { return config_; }
  const LinkConfig& config() const { return config_; }

  // Partitions. set_up(false) holds until set_up(true); an outage is the
  // half-open window [from, until).
  void set_up(bool up) { up_ = up; }
  void add_outage(base::Time from, base::Time until);
  bool up_at(base::Time t) const;

  // Deterministic losses. `n` counts packets offered to this link from 1.
  void drop_nth(std::uint64_t n);
  // Drops the first `count` packets that match (count 0: every match).
  void drop_matching(PacketMatcher matcher, std::uint64_t count = 1);

  // Decides the fate of one packet sent at `now` and counts it.
  LinkVerdict offer(const Datagram& d, base::Time now);
  // The Network reports each copy that reached the far end.
  void count_delivered() { ++counters_.delivered; }
  const LinkCounters& counters() const { return counters_; }

 private:
  struct MatchRule {
    PacketMatcher matcher;
    std::uint64_t remaining;  // 0 = unlimited
    bool unlimited;
  };
  struct Outage {
    base::Time from;
    base::Time until;
  };
  bool pattern_drops(const Datagram& d);
  base::Time arrival_time(base::Time now);

  LinkConfig config_;
  Random random_;
  bool up_ = true;
  std::vector<Outage> outages_;
  std::vector<std::uint64_t> drop_indices_;
  std::vector<MatchRule> match_rules_;
  LinkCounters counters_;
};

}  // namespace hip::sim
