#include "sim/link.h"

#include <algorithm>
#include <utility>

#include "wire/packet.h"

namespace hip::sim {

std::string_view to_string(DropCause cause) {
  switch (cause) {
    case DropCause::pattern: return "pattern";
    case DropCause::partition: return "partition";
    case DropCause::random_loss: return "random loss";
    case DropCause::count_: break;
  }
  return "?";
}

PacketMatcher hip_packet_type(wire::PacketType type) {
  return [type](const Datagram& d) {
    if (d.payload_type != Payload::hip) return false;
    auto header = wire::parse_header(d.payload);
    return header && header->type == type;
  };
}

PacketMatcher esp_packets() {
  return [](const Datagram& d) { return d.payload_type == Payload::esp; };
}

void Link::add_outage(base::Time from, base::Time until) {
  if (until > from) outages_.push_back({from, until});
}

bool Link::up_at(base::Time t) const {
  if (!up_) return false;
  return std::none_of(outages_.begin(), outages_.end(),
                      [t](const Outage& o) { return t >= o.from && t < o.until; });
}

void Link::drop_nth(std::uint64_t n) { drop_indices_.push_back(n); }

void Link::drop_matching(PacketMatcher matcher, std::uint64_t count) {
  match_rules_.push_back({std::move(matcher), count, count == 0});
}

bool Link::pattern_drops(const Datagram& d) {
  // counters_.sent already includes this packet: it is its 1-based index.
  bool drop = std::find(drop_indices_.begin(), drop_indices_.end(), counters_.sent) !=
              drop_indices_.end();
  // Every rule sees every packet, so two rules can both count the same one.
  for (auto& rule : match_rules_) {
    if (!rule.unlimited && rule.remaining == 0) continue;
    if (!rule.matcher(d)) continue;
    drop = true;
    if (!rule.unlimited) --rule.remaining;
  }
  return drop;
}

base::Time Link::arrival_time(base::Time now) {
  return now + config_.delay + random_.up_to(config_.jitter);
}

LinkVerdict Link::offer(const Datagram& d, base::Time now) {
  ++counters_.sent;
  LinkVerdict verdict;
  auto drop = [&](DropCause cause) {
    ++counters_.dropped[static_cast<std::size_t>(cause)];
    verdict.dropped = cause;
    return verdict;
  };
  if (pattern_drops(d)) return drop(DropCause::pattern);
  if (!up_at(now)) return drop(DropCause::partition);
  if (random_.chance(config_.loss)) return drop(DropCause::random_loss);

  base::Time at = arrival_time(now);
  if (random_.chance(config_.reorder)) {
    at += config_.reorder_delay;
    ++counters_.reordered;
  }
  verdict.arrivals.push_back({at, false});
  if (random_.chance(config_.duplicate)) {
    verdict.arrivals.push_back({arrival_time(now), true});
    ++counters_.duplicated;
  }
  return verdict;
}

}  // namespace hip::sim
