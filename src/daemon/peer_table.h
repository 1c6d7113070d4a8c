// hipd's peer table: which locators each known peer HIT is reached at (from
// the [[peer]] entries of hipd.toml and the hosts file), the reverse map the
// engine's on_unknown_spi() hint needs, and an LSI per peer for IPv4
// applications (crypto/lsi.h). Built at start-up and on SIGHUP, then read only.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/hit.h"
#include "base/ip_address.h"
#include "crypto/lsi.h"

namespace hip::daemon {

// Where a setting came from, for error messages and `hipctl peers`.
struct SourceLocation {
  std::string file;
  int line = 0;
  int column = 0;

  // "file:line" (or "file:line:column", or just "file").
  std::string describe() const;
};

inline constexpr std::uint16_t kHipUdpPort = 10500;  // RFC 5770 §5.1 (IANA "hip-nat-t")

struct PeerEntry {
  base::Hit hit;
  std::vector<base::IpAddress> locators;  // in the order given: the first is preferred
  bool udp = false;                       // reach it through UDP encapsulation (port 10500)
  SourceLocation origin;
};

class PeerTable {
 public:
  // Adds `entry` and returns nullptr; when its HIT is already present,
  // returns the entry that holds it and changes nothing.
  const PeerEntry* add(PeerEntry entry);

  const PeerEntry* find(const base::Hit& hit) const;
  // The peer at `locator`, for on_unknown_spi's hint; nullopt when no peer,
  // or more than one, lists that address (a wrong hint would restart the
  // base exchange with the wrong host).
  std::optional<base::Hit> hit_at(const base::IpAddress& locator) const;
  // The peer's LSI (1.0.0.0/8), assigned when the entry was added.
  std::optional<base::IpAddress> lsi(const base::Hit& hit) const;
  // The peer an application reached through its LSI (packets from hip0).
  std::optional<base::Hit> hit_of_lsi(const base::IpAddress& lsi) const;

  // In the order added (config file first, then the hosts file).
  const std::vector<PeerEntry>& entries() const { return entries_; }
  std::size_t size() const { return entries_.size(); }
  bool empty() const { return entries_.empty(); }

 private:
  std::vector<PeerEntry> entries_;
  std::map<base::Hit, std::size_t> by_hit_;
  std::multimap<std::array<std::uint8_t, 16>, base::Hit> by_locator_;
  crypto::LsiAllocator lsis_;
};

}  // namespace hip::daemon
