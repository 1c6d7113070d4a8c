#include "crypto/lsi.h"

#include <array>

namespace hip::crypto {
namespace {

constexpr std::uint32_t kHostMask = 0x00ffffff;
constexpr std::uint32_t kHostCount = 1u << 24;

std::uint32_t host_part(const base::Hit& hit) {
  return (std::uint32_t{hit.bytes[13]} << 16) | (std::uint32_t{hit.bytes[14]} << 8) | hit.bytes[15];
}

// Neither the all-zeros nor the all-ones host of the /8.
bool usable(std::uint32_t host) { return host != 0 && host != kHostMask; }

base::IpAddress make_lsi(std::uint32_t host) {
  const std::array<std::uint8_t, 4> b = {kLsiPrefix, static_cast<std::uint8_t>(host >> 16),
                                         static_cast<std::uint8_t>(host >> 8),
                                         static_cast<std::uint8_t>(host)};
  return base::IpAddress::v4(b);
}

}  // namespace

bool is_lsi(const base::IpAddress& address) {
  return address.is_v4() && address.bytes()[0] == kLsiPrefix;
}

base::IpAddress preferred_lsi(const base::Hit& hit) {
  std::uint32_t host = host_part(hit);
  while (!usable(host)) host = (host + 1) & kHostMask;
  return make_lsi(host);
}

std::optional<base::IpAddress> LsiAllocator::assign(const base::Hit& hit) {
  if (auto existing = find(hit)) return existing;
  std::uint32_t host = host_part(hit);
  for (std::uint32_t tries = 0; tries < kHostCount; ++tries, host = (host + 1) & kHostMask) {
    if (!usable(host) || by_host_.count(host) != 0) continue;
    by_hit_.emplace(hit, host);
    by_host_.emplace(host, hit);
    return make_lsi(host);
  }
  return std::nullopt;
}

std::optional<base::IpAddress> LsiAllocator::find(const base::Hit& hit) const {
  auto it = by_hit_.find(hit);
  if (it == by_hit_.end()) return std::nullopt;
  return make_lsi(it->second);
}

std::optional<base::Hit> LsiAllocator::hit_of(const base::IpAddress& lsi) const {
  if (!is_lsi(lsi)) return std::nullopt;
  const auto b = lsi.bytes();
  const std::uint32_t host = (std::uint32_t{b[1]} << 16) | (std::uint32_t{b[2]} << 8) | b[3];
  auto it = by_host_.find(host);
  if (it == by_host_.end()) return std::nullopt;
  return it->second;
}

void LsiAllocator::release(const base::Hit& hit) {
  auto it = by_hit_.find(hit);
  if (it == by_hit_.end()) return;
  by_host_.erase(it->second);
  by_hit_.erase(it);
}

}  // namespace hip::crypto
