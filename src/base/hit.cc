#include "base/hit.h"

#include <algorithm>

#include "base/ip_address.h"

namespace hip::base {

std::optional<Hit> Hit::parse(std::string_view text) {
  auto addr = IpAddress::parse(text);
  if (!addr || addr->is_v4()) return std::nullopt;
  return Hit::from(std::span<const std::uint8_t, 16>(addr->bytes().data(), 16));
}

bool Hit::is_null() const {
  return std::all_of(bytes.begin(), bytes.end(), [](std::uint8_t b) { return b == 0; });
}

bool Hit::is_orchid_v2() const {
  return bytes[0] == 0x20 && bytes[1] == 0x01 && bytes[2] == 0x00 && (bytes[3] & 0xf0) == 0x20;
}

std::string Hit::to_string() const { return IpAddress::v6(bytes).to_string(); }

}  // namespace hip::base
