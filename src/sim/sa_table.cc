#include "sim/sa_table.h"

#include <algorithm>

namespace hip::sim {

namespace {

bool same_slot(const engine::InstallSa& a, engine::Direction dir, std::uint32_t spi,
               const base::Hit& peer) {
  if (a.direction != dir || a.spi != spi) return false;
  return dir == engine::Direction::inbound || a.peer_hit == peer;
}

}  // namespace

void SaTable::install(const engine::InstallSa& sa, base::Time now) {
  ++installs_;
  std::erase_if(records_, [&](const SaRecord& r) {
    return same_slot(r.sa, sa.direction, sa.spi, sa.peer_hit);
  });
  records_.push_back({sa, now});
}

bool SaTable::remove(const engine::RemoveSa& sa) {
  const auto removed = std::erase_if(records_, [&](const SaRecord& r) {
    return same_slot(r.sa, sa.direction, sa.spi, sa.peer_hit);
  });
  if (removed == 0) {
    ++unknown_removals_;
    return false;
  }
  ++removals_;
  return true;
}

const SaRecord* SaTable::inbound(std::uint32_t spi) const {
  for (const auto& r : records_) {
    if (r.sa.direction == engine::Direction::inbound && r.sa.spi == spi) return &r;
  }
  return nullptr;
}

const SaRecord* SaTable::newest(engine::Direction dir, const base::Hit& peer) const {
  // Records are kept in installation order: search from the back.
  for (auto it = records_.rbegin(); it != records_.rend(); ++it) {
    if (it->sa.direction == dir && it->sa.peer_hit == peer) return &*it;
  }
  return nullptr;
}

const SaRecord* SaTable::outbound_to(const base::Hit& peer) const {
  return newest(engine::Direction::outbound, peer);
}

const SaRecord* SaTable::inbound_from(const base::Hit& peer) const {
  return newest(engine::Direction::inbound, peer);
}

std::string sa_mismatch(const engine::InstallSa& outbound, const engine::InstallSa& inbound) {
  std::string why;
  auto add = [&why](const std::string& s) { why += (why.empty() ? "" : "; ") + s; };
  if (outbound.direction != engine::Direction::outbound) add("first SA is not outbound");
  if (inbound.direction != engine::Direction::inbound) add("second SA is not inbound");
  if (outbound.spi != inbound.spi) {
    add("SPI " + std::to_string(outbound.spi) + " != " + std::to_string(inbound.spi));
  }
  if (outbound.esp_suite != inbound.esp_suite) {
    add("ESP suite " + std::to_string(outbound.esp_suite) + " != " +
        std::to_string(inbound.esp_suite));
  }
  if (outbound.encryption_key != inbound.encryption_key) add("encryption keys differ");
  if (outbound.authentication_key != inbound.authentication_key) add("authentication keys differ");
  if (outbound.local_hit != inbound.peer_hit || outbound.peer_hit != inbound.local_hit) {
    add("HITs are not mirrored");
  }
  return why;
}

}  // namespace hip::sim
