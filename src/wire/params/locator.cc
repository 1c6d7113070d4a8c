#include "wire/params/locator.h"

#include <algorithm>

#include "base/bytes.h"
#include "wire/params/common.h"

namespace hip::wire {
namespace {

// Locator Length (in 4-byte words) each known type must have.
std::optional<std::size_t> expected_words(std::uint8_t locator_type) {
  switch (locator_type) {
    case 0: return 4;
    case 1: return 5;
    case 2: return 7;
    default: return std::nullopt;
  }
}

Locator decode_at(std::span<const std::uint8_t> bytes, std::size_t at) {
  Locator l;
  l.traffic_type = bytes[at];
  l.locator_type = bytes[at + 1];
  l.reserved = bytes[at + 3] >> 1;
  l.preferred = (bytes[at + 3] & 0x01) != 0;
  l.lifetime = base::get_u32(bytes, at + 4);
  l.locator = bytes.subspan(at + 8, std::size_t{bytes[at + 2]} * 4);
  return l;
}

base::IpAddress address_at(std::span<const std::uint8_t> b, std::size_t at) {
  return base::IpAddress::from_16_bytes(std::span<const std::uint8_t, 16>(b.data() + at, 16));
}

}  // namespace

std::optional<base::IpAddress> Locator::address() const {
  switch (locator_type) {
    case 0: return locator.size() == 16 ? std::optional(address_at(locator, 0)) : std::nullopt;
    case 1: return locator.size() == 20 ? std::optional(address_at(locator, 4)) : std::nullopt;
    case 2: return locator.size() == 28 ? std::optional(address_at(locator, 12)) : std::nullopt;
    default: return std::nullopt;
  }
}

std::optional<std::uint32_t> Locator::spi() const {
  if (locator_type == 1 && locator.size() == 20) return base::get_u32(locator, 0);
  if (locator_type == 2 && locator.size() == 28) return base::get_u32(locator, 8);
  return std::nullopt;
}

std::optional<Locator::Transport> Locator::transport() const {
  if (locator_type != 2 || locator.size() != 28) return std::nullopt;
  return Transport{base::get_u16(locator, 0), locator[2], locator[3], base::get_u32(locator, 4)};
}

base::Result<LocatorSet, ParseError> LocatorSet::parse(const Param& p) {
  LocatorSet set;
  set.wire_ = p.contents;
  std::size_t at = 0;
  while (at < p.contents.size()) {
    if (p.contents.size() - at < 8) return detail::bad_length(p);
    const std::size_t words = p.contents[at + 2];
    if (p.contents.size() - at - 8 < words * 4) return detail::bad_length(p);
    auto expected = expected_words(p.contents[at + 1]);
    if (expected && *expected != words) return detail::bad_value(p);
    at += 8 + words * 4;
    ++set.wire_count_;
  }
  return set;
}

std::size_t LocatorSet::size() const { return built_.empty() ? wire_count_ : built_.size(); }

Locator LocatorSet::operator[](std::size_t i) const {
  if (!built_.empty()) return built_[i];
  std::size_t at = 0;
  for (std::size_t n = 0; n < i; ++n) at += 8 + std::size_t{wire_[at + 2]} * 4;
  return decode_at(wire_, at);
}

std::size_t LocatorSet::contents_size() const {
  if (built_.empty()) return wire_.size();
  std::size_t total = 0;
  for (const Locator& l : built_) total += l.wire_size();
  return total;
}

void LocatorSet::write(std::span<std::uint8_t> out) const {
  if (built_.empty()) {
    std::copy(wire_.begin(), wire_.end(), out.begin());
    return;
  }
  std::size_t at = 0;
  for (const Locator& l : built_) {
    out[at] = l.traffic_type;
    out[at + 1] = l.locator_type;
    out[at + 2] = static_cast<std::uint8_t>(l.locator.size() / 4);
    out[at + 3] = static_cast<std::uint8_t>((l.reserved << 1) | (l.preferred ? 1 : 0));
    base::put_u32(out, at + 4, l.lifetime);
    std::copy(l.locator.begin(), l.locator.end(), out.begin() + static_cast<std::ptrdiff_t>(at + 8));
    at += l.wire_size();
  }
}

}  // namespace hip::wire
