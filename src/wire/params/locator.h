// LOCATOR_SET (RFC 8046 §4; the same type 193 is RFC 5770's LOCATOR).
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// | Traffic Type  | Locator Type  | Locator Length| Reserved    |P|
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                       Locator Lifetime                        |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// /                  Locator (Locator Length x 4 bytes)           /
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// Locator types: 0 = IPv6 or IPv4-mapped address (16 bytes); 1 = ESP SPI (4)
// + address (16); 2 = RFC 5770 §5.7 transport locator: Port (2) Protocol (1)
// Kind (1) Priority (4) SPI (4) Address (16).
#pragma once

#include <cstdint>
#include <optional>
#include <span>

#include "base/ip_address.h"
#include "base/result.h"
#include "wire/packet.h"

namespace hip::wire {

struct Locator {
  std::uint8_t traffic_type = 0;  // 0 both, 1 signaling, 2 data
  std::uint8_t locator_type = 0;
  std::uint8_t reserved = 0;      // the 7 bits before P
  bool preferred = false;
  std::uint32_t lifetime = 0;     // seconds; 0xffffffff = unbounded
  std::span<const std::uint8_t> locator;  // Locator Length x 4 bytes

  // Decoded fields of the known locator types (nullopt for other types).
  std::optional<base::IpAddress> address() const;
  std::optional<std::uint32_t> spi() const;
  struct Transport {
    std::uint16_t port;
    std::uint8_t protocol;
    std::uint8_t kind;  // 0 host, 1 server reflexive, 2 peer reflexive, 3 relayed
    std::uint32_t priority;
  };
  std::optional<Transport> transport() const;

  std::size_t wire_size() const { return 8 + locator.size(); }
};

class LocatorSet {
 public:
  static constexpr ParamType kType = ParamType::locator_set;

  LocatorSet() = default;
  explicit LocatorSet(std::span<const Locator> locators) : built_(locators) {}
  static base::Result<LocatorSet, ParseError> parse(const Param& p);

  std::size_t size() const;
  Locator operator[](std::size_t i) const;  // O(i) on parsed sets; sets are short

  std::size_t contents_size() const;
  void write(std::span<std::uint8_t> out) const;

 private:
  std::span<const std::uint8_t> wire_;
  std::size_t wire_count_ = 0;
  std::span<const Locator> built_;
};

}  // namespace hip::wire
