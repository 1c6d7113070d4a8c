#include "sim/properties/corrupter.h"

#include <algorithm>
#include <optional>

#include "engine/engine.h"
#include "wire/checksum.h"
#include "wire/packet.h"

namespace hip::sim::test {

namespace {

// Byte ranges [first, last) of a packet that its authentication covers and
// that we may flip; empty when the packet carries no signature.
std::vector<std::pair<std::size_t, std::size_t>> tamperable(const Datagram& d) {
  auto packet = wire::parse_packet(d.payload);
  if (!packet) return {};
  std::optional<wire::Param> signature = packet->find(wire::ParamType::hip_signature);
  const bool r1 = !signature;
  if (r1) signature = packet->find(wire::ParamType::hip_signature_2);
  if (!signature) return {};
  // The range includes the signature parameter's own padding, which no check
  // covers: see Corrupter::maybe_corrupt.
  const std::size_t end = signature->offset + signature->total_size;
  // Header minus the checksum (bytes 4-5), which we recompute anyway.
  std::vector<std::pair<std::size_t, std::size_t>> ranges{{0, 4}};
  if (!r1) {
    ranges.push_back({6, end});
    return ranges;
  }
  // R1: HIP_SIGNATURE_2 does not cover the Receiver's HIT (bytes 24-39) nor
  // PUZZLE's Opaque and #I (§5.2.15).
  ranges.push_back({6, 24});
  std::size_t from = wire::kHeaderSize;
  if (auto puzzle = packet->find(wire::ParamType::puzzle)) {
    const std::size_t contents = puzzle->offset + 4;
    ranges.push_back({from, contents + 2});  // up to #K and Lifetime
    from = contents + 4 + (puzzle->contents.size() - 4);
  }
  ranges.push_back({from, end});
  return ranges;
}

// The padding of the packet's signature parameter, [first, last).
std::pair<std::size_t, std::size_t> signature_padding(const Datagram& d) {
  auto packet = wire::parse_packet(d.payload);
  if (!packet) return {0, 0};
  auto signature = packet->find(wire::ParamType::hip_signature);
  if (!signature) signature = packet->find(wire::ParamType::hip_signature_2);
  if (!signature) return {0, 0};
  return {signature->offset + 4 + signature->contents.size(),
          signature->offset + signature->total_size};
}

struct Snapshot {
  std::vector<engine::AssociationInfo> associations;
  std::vector<std::tuple<std::uint32_t, int, std::int64_t>> sas;
  std::size_t changes = 0;
  engine::Counters counters;
};

Snapshot take(const HipHost& h) {
  Snapshot s;
  s.associations = h.engine()->snapshot();
  for (const auto& r : h.sas().all()) {
    s.sas.emplace_back(r.sa.spi, static_cast<int>(r.sa.direction), base::to_ns(r.installed_at));
  }
  s.changes = h.log().state_changes().size();
  s.counters = h.engine()->counters();
  return s;
}

// "" when nothing that matters changed between the two snapshots.
std::string difference(const Snapshot& before, const Snapshot& after) {
  if (after.changes != before.changes) return "a state change";
  if (after.sas != before.sas) return "the SA table";
  if (after.associations.size() != before.associations.size()) return "the association table";
  for (std::size_t i = 0; i < before.associations.size(); ++i) {
    const auto& x = before.associations[i];
    const auto& y = after.associations[i];
    if (x.peer_hit != y.peer_hit || x.state != y.state || x.spi_inbound != y.spi_inbound ||
        x.spi_outbound != y.spi_outbound || x.state_since != y.state_since ||
        x.last_activity != y.last_activity || x.base_exchanges != y.base_exchanges ||
        x.path != y.path) {
      return "association " + x.peer_hit.to_string();
    }
  }
  return {};
}

}  // namespace

void CorruptionTally::add(const CorruptionTally& o) {
  injected += o.injected;
  receiver_down += o.receiver_down;
  rejected_by_auth += o.rejected_by_auth;
  rejected_other += o.rejected_other;
  logged_only += o.logged_only;
  padding_only += o.padding_only;
  for (std::size_t i = 0; i < by_drop.size(); ++i) by_drop[i] += o.by_drop[i];
}

void Corrupter::attach(Link& link, HipHost& to) {
  link.drop_matching(
      [this, &link, &to](const Datagram& d) {
        maybe_corrupt(d, link.config().delay, to);
        return false;  // the original goes on untouched
      },
      0);
}

void Corrupter::maybe_corrupt(const Datagram& d, base::Duration delay, HipHost& to) {
  if (!enabled_ || d.payload_type != Payload::hip || !random_.chance(probability_)) return;
  const auto ranges = tamperable(d);
  std::size_t total = 0;
  for (auto [first, last] : ranges) total += last > first ? last - first : 0;
  if (total == 0) return;
  Datagram bad = d;
  const auto [padding_from, padding_to] = signature_padding(d);
  bool only_padding = true;
  const auto flip = [&](std::size_t at) {
    bad.payload[at] ^= static_cast<std::uint8_t>(1u << (random_.next() % 8));
    only_padding = only_padding && at >= padding_from && at < padding_to;
  };
  if (padding_to > padding_from && random_.chance(0.25)) {
    // A quarter of the copies rewrite only the signature's padding, on purpose.
    flip(padding_from + random_.next() % (padding_to - padding_from));
  } else {
    const int flips = 1 + static_cast<int>(random_.next() % 3);
    for (int i = 0; i < flips; ++i) {
      std::size_t pick = random_.next() % total;
      for (auto [first, last] : ranges) {
        const std::size_t n = last > first ? last - first : 0;
        if (pick < n) {
          flip(first + pick);
          break;
        }
        pick -= n;
      }
    }
  }
  if (bad.payload == d.payload) return;  // two flips of one bit cancelled out
  wire::set_hip_checksum(bad.payload, bad.src, bad.dst);
  ++tally_.injected;
  sim_.after(delay, [this, bad = std::move(bad), &to, only_padding] {
    deliver(bad, to, only_padding);
  });
}

void Corrupter::deliver(const Datagram& bad, HipHost& to, bool only_padding) {
  if (!to.up()) {
    ++tally_.receiver_down;
    return;
  }
  if (only_padding) {
    // Padding is "not checked on receipt" (§5.2.1) and the signature stops
    // before its own: this copy is as authentic as the original, a
    // duplicate with different bytes. Whatever it does, the run's liveness
    // check judges the outcome.
    ++tally_.padding_only;
    to.deliver(bad);
    return;
  }
  const Snapshot before = take(to);
  to.deliver(bad);
  const Snapshot after = take(to);
  if (const std::string what = difference(before, after); !what.empty()) {
    auto header = wire::parse_header(bad.payload);
    violations_.push_back(format_time(sim_.now()) + " a tampered " +
                          (header ? std::string(wire::to_string(header->type)) : "packet") +
                          " changed " + what + " at " + to.name());
  }
  const auto rose = [&](engine::Drop d) { return after.counters.drops(d) > before.counters.drops(d); };
  for (std::size_t i = 0; i < tally_.by_drop.size(); ++i) {
    if (rose(static_cast<engine::Drop>(i))) ++tally_.by_drop[i];
  }
  if (rose(engine::Drop::bad_mac) || rose(engine::Drop::bad_signature)) {
    ++tally_.rejected_by_auth;
  } else if (after.counters.dropped_total() > before.counters.dropped_total()) {
    ++tally_.rejected_other;
  } else {
    ++tally_.logged_only;
  }
}

}  // namespace hip::sim::test
