#include "sim/esp_marker.h"

#include <algorithm>
#include <array>

#include "base/bytes.h"

namespace hip::sim {

namespace {
constexpr std::array<std::uint8_t, 8> kTag = {'H', 'I', 'P', 'S', 'I', 'M', 'D', 'A'};
}

std::vector<std::uint8_t> encode_esp_marker(const EspMarker& m) {
  std::vector<std::uint8_t> out(kEspMarkerSize);
  base::put_u32(out, 0, m.spi);
  base::put_u32(out, 4, m.sequence);
  std::copy(kTag.begin(), kTag.end(), out.begin() + 8);
  return out;
}

std::optional<EspMarker> parse_esp_marker(std::span<const std::uint8_t> bytes) {
  if (bytes.size() != kEspMarkerSize) return std::nullopt;
  if (!std::equal(kTag.begin(), kTag.end(), bytes.begin() + 8)) return std::nullopt;
  return EspMarker{base::get_u32(bytes, 0), base::get_u32(bytes, 4)};
}

}  // namespace hip::sim
