// The simulated ESP packet: RFC 4303's first two fields (SPI, sequence
// number, so that tshark shows it as ESP) followed by a fixed tag instead of
// ciphertext. The receiving host maps the SPI through its inbound SA table;
// nothing is encrypted, as the simulator tests the control plane.
//
//   0                   1                   2                   3
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |               Security Parameters Index (SPI)                 |
//  |                      Sequence Number                          |
//  |                 "HIPSIMDA" (8 bytes, the tag)                 |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace hip::sim {

inline constexpr std::size_t kEspMarkerSize = 16;

struct EspMarker {
  std::uint32_t spi = 0;
  std::uint32_t sequence = 0;
};

std::vector<std::uint8_t> encode_esp_marker(const EspMarker& m);
// nullopt unless exactly a marker (size and tag).
std::optional<EspMarker> parse_esp_marker(std::span<const std::uint8_t> bytes);

}  // namespace hip::sim
