// Local Scope Identifiers: IPv4-shaped handles for a peer's HIT, for IPv4
// applications (RFC 7401 §3 mentions them; RFC 5338 §3.1 gives their local,
// per-host scope). hipstack takes them from 1.0.0.0/8.
//
// How we assign them: an LSI only has to be unique on this host, so each HIT
// gets 1.a.b.c with a.b.c = the HIT's last 24 bits (part of its hash, so
// spread evenly). If that address is taken by another HIT, or is 1.0.0.0 or
// 1.255.255.255, we probe the following addresses (wrapping inside the /8),
// so the result is deterministic for a given set of HITs in a given order.
// The allocator remembers assignments; release() frees one.
#pragma once

#include <cstdint>
#include <map>
#include <optional>

#include "base/hit.h"
#include "base/ip_address.h"

namespace hip::crypto {

inline constexpr std::uint8_t kLsiPrefix = 1;  // 1.0.0.0/8

bool is_lsi(const base::IpAddress& address);

// The first candidate for `hit` (before any collision probing).
base::IpAddress preferred_lsi(const base::Hit& hit);

class LsiAllocator {
 public:
  // The LSI of `hit`, assigning one on first use; nullopt only when all
  // 2^24 - 2 addresses are in use.
  std::optional<base::IpAddress> assign(const base::Hit& hit);
  std::optional<base::IpAddress> find(const base::Hit& hit) const;
  std::optional<base::Hit> hit_of(const base::IpAddress& lsi) const;
  void release(const base::Hit& hit);
  std::size_t size() const { return by_hit_.size(); }

 private:
  std::map<base::Hit, std::uint32_t> by_hit_;    // HIT -> low 24 bits
  std::map<std::uint32_t, base::Hit> by_host_;   // low 24 bits -> HIT
};

}  // namespace hip::crypto
