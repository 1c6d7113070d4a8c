// An IPv4 or IPv6 address as it appears on the wire (a HIP locator, or an
// address in a pseudo-header). Plain value type, no allocation.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace hip::base {

class IpAddress {
 public:
  enum class Family : std::uint8_t { v4, v6 };

  IpAddress() = default;  // IPv6 ::
  static IpAddress v4(std::span<const std::uint8_t, 4> bytes);
  static IpAddress v6(std::span<const std::uint8_t, 16> bytes);
  // Parses dotted-quad or RFC 4291 text; nullopt when it is neither.
  static std::optional<IpAddress> parse(std::string_view text);
  // A 16-byte field that may hold an IPv4-mapped address (::ffff:a.b.c.d), as
  // HIP parameters carry IPv4 locators. Mapped addresses become IPv4.
  static IpAddress from_16_bytes(std::span<const std::uint8_t, 16> bytes);

  Family family() const { return family_; }
  bool is_v4() const { return family_ == Family::v4; }
  // 4 bytes for IPv4, 16 for IPv6.
  std::span<const std::uint8_t> bytes() const;
  // IPv4 as ::ffff:a.b.c.d, IPv6 unchanged.
  std::array<std::uint8_t, 16> to_16_bytes() const;
  std::string to_string() const;

  friend bool operator==(const IpAddress&, const IpAddress&) = default;

 private:
  Family family_ = Family::v6;
  std::array<std::uint8_t, 16> bytes_{};
};

}  // namespace hip::base
