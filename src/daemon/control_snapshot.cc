#include "daemon/control_snapshot.h"

namespace hip::daemon {
namespace {

base::Duration age(base::Time since, base::Time now) {
  return since <= now ? now - since : base::Duration{};
}

}  // namespace

AssociationStatus association_status(const engine::AssociationInfo& info, base::Time now) {
  AssociationStatus a;
  a.local_hit = info.local_hit;
  a.peer_hit = info.peer_hit;
  a.state = info.state;
  a.path = info.path;
  a.esp_transform = info.esp_suite;
  a.hip_cipher = info.hip_cipher;
  a.dh_group = info.dh_group;
  a.in_state = age(info.state_since, now);
  // The engine leaves established_at at zero until the first ESTABLISHED.
  if (info.established_at != base::Time{}) a.age = age(info.established_at, now);
  a.idle = age(info.last_activity, now);
  a.base_exchanges = info.base_exchanges;
  a.inbound.spi = info.spi_inbound;
  a.outbound.spi = info.spi_outbound;
  return a;
}

SaStats sa_stats(std::uint32_t spi, const esp::SaCounters* counters, base::Time now) {
  SaStats s;
  s.spi = spi;
  if (counters == nullptr) return s;
  s.packets = counters->traffic.packets;
  s.bytes = counters->traffic.bytes;
  s.drops = counters->traffic.total_drops();
  if (counters->used) s.idle = age(counters->last_used, now);
  return s;
}

void append_esp_counters(std::string_view prefix, const esp::DirectionCounters& counters,
                         std::vector<NamedCount>& out) {
  const std::string p(prefix);
  out.push_back({p + ".packets", counters.packets});
  out.push_back({p + ".bytes", counters.bytes});
  for (std::size_t i = 0; i < esp::kStatusCount; ++i) {
    const auto status = static_cast<esp::Status>(i);
    if (status == esp::Status::ok) continue;
    out.push_back({p + "." + std::string(esp::status_name(status)), counters.drops[i]});
  }
}

PeersReply peers_reply(const PeerTable& table,
                       std::span<const engine::AssociationInfo> associations) {
  PeersReply reply;
  for (const PeerEntry& entry : table.entries()) {
    PeerStatus p;
    p.hit = entry.hit;
    p.locators = entry.locators;
    p.udp = entry.udp;
    p.lsi = table.lsi(entry.hit);
    p.source = entry.origin.describe();
    for (const engine::AssociationInfo& info : associations) {
      if (info.peer_hit == entry.hit) {
        p.state = info.state;
        break;
      }
    }
    reply.peers.push_back(std::move(p));
  }
  return reply;
}

}  // namespace hip::daemon
