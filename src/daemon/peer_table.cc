#include "daemon/peer_table.h"

#include <iterator>

namespace hip::daemon {

std::string SourceLocation::describe() const {
  std::string out = file;
  if (line > 0) {
    out += ":" + std::to_string(line);
    if (column > 0) out += ":" + std::to_string(column);
  }
  return out;
}

const PeerEntry* PeerTable::add(PeerEntry entry) {
  if (auto it = by_hit_.find(entry.hit); it != by_hit_.end()) return &entries_[it->second];
  by_hit_.emplace(entry.hit, entries_.size());
  for (const base::IpAddress& locator : entry.locators) {
    // The same address twice in one entry must not look like two peers.
    bool listed = false;
    auto [first, last] = by_locator_.equal_range(locator.to_16_bytes());
    for (auto it = first; it != last; ++it) listed = listed || it->second == entry.hit;
    if (!listed) by_locator_.emplace(locator.to_16_bytes(), entry.hit);
  }
  lsis_.assign(entry.hit);
  entries_.push_back(std::move(entry));
  return nullptr;
}

const PeerEntry* PeerTable::find(const base::Hit& hit) const {
  auto it = by_hit_.find(hit);
  return it == by_hit_.end() ? nullptr : &entries_[it->second];
}

std::optional<base::Hit> PeerTable::hit_at(const base::IpAddress& locator) const {
  auto [first, last] = by_locator_.equal_range(locator.to_16_bytes());
  if (first == last || std::next(first) != last) return std::nullopt;
  return first->second;
}

std::optional<base::IpAddress> PeerTable::lsi(const base::Hit& hit) const { return lsis_.find(hit); }

std::optional<base::Hit> PeerTable::hit_of_lsi(const base::IpAddress& lsi) const {
  return lsis_.hit_of(lsi);
}

}  // namespace hip::daemon
