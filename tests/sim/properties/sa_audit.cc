#include "sim/properties/sa_audit.h"

#include "sim/event_queue.h"
#include "sim/sa_table.h"

namespace hip::sim::test {

std::optional<std::size_t> SaAudit::host_of(const base::Hit& hit) const {
  for (std::size_t i = 0; i < hosts_.size(); ++i) {
    if (hosts_[i]->hit() == hit) return i;
  }
  return std::nullopt;
}

void SaAudit::check(base::Time now) {
  for (std::size_t h = 0; h < hosts_.size(); ++h) {
    for (const SaRecord& r : hosts_[h]->sas().all()) {
      const Key key{r.sa.direction == engine::Direction::inbound ? 0 : 1, r.sa.spi, r.sa.peer_hit,
                    base::to_ns(r.installed_at)};
      if (!seen_[h].insert(key).second) continue;
      if (r.sa.direction == engine::Direction::inbound) {
        inbound_history_.push_back({h, r.sa, r.installed_at});
      } else {
        check_outbound(h, r.sa, now);
      }
    }
  }
}

void SaAudit::check_outbound(std::size_t host, const engine::InstallSa& sa, base::Time now) {
  ++outbound_checked_;
  const std::string where = format_time(now) + " " + hosts_[host]->name() + " -> SPI " +
                            std::to_string(sa.spi) + ": ";
  const auto peer = host_of(sa.peer_hit);
  if (!peer) {
    violations_.push_back(where + "outbound SA towards a HIT no host has");
    return;
  }
  const Installed* match = nullptr;
  for (auto it = inbound_history_.rbegin(); it != inbound_history_.rend(); ++it) {
    if (it->host == *peer && it->sa.spi == sa.spi && sa_mismatch(sa, it->sa).empty()) {
      match = &*it;
      break;
    }
  }
  if (match == nullptr) {
    violations_.push_back(where + "no inbound SA with this SPI and these keys was ever installed by " +
                          hosts_[*peer]->name());
    return;
  }
  const SaRecord* current = hosts_[*peer]->sas().inbound(sa.spi);
  if (current == nullptr || !sa_mismatch(sa, current->sa).empty()) ++stale_;
}

}  // namespace hip::sim::test
