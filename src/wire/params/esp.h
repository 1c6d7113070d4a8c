// ESP parameters of RFC 7402: ESP_INFO and ESP_TRANSFORM.
#pragma once

#include <cstdint>
#include <span>

#include "base/result.h"
#include "wire/packet.h"
#include "wire/params/list.h"

namespace hip::wire {

//  ESP_INFO (RFC 7402 §5.1.1)
//  | Reserved (2) | KEYMAT Index (2) | OLD SPI (4) | NEW SPI (4) |
struct EspInfo {
  static constexpr ParamType kType = ParamType::esp_info;
  std::uint16_t reserved = 0;
  std::uint16_t keymat_index = 0;
  std::uint32_t old_spi = 0;
  std::uint32_t new_spi = 0;

  static base::Result<EspInfo, ParseError> parse(const Param& p);
  std::size_t contents_size() const { return 12; }
  void write(std::span<std::uint8_t> out) const;
};

//  ESP_TRANSFORM (RFC 7402 §5.1.2)  | Reserved (2) | Suite ID (2) x n |
struct EspTransform {
  static constexpr ParamType kType = ParamType::esp_transform;
  std::uint16_t reserved = 0;
  U16List suites;

  static base::Result<EspTransform, ParseError> parse(const Param& p);
  std::size_t contents_size() const { return 2 + suites.byte_size(); }
  void write(std::span<std::uint8_t> out) const;
};

}  // namespace hip::wire
