// HIP packet types, RFC 7401 §5.3 (the same numbers in HIPv1, RFC 5201).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace hip::wire {

enum class PacketType : std::uint8_t {
  i1 = 1,
  r1 = 2,
  i2 = 3,
  r2 = 4,
  update = 16,
  notify = 17,
  close = 18,
  close_ack = 19,
};

std::optional<PacketType> packet_type_from(std::uint8_t raw);
std::string_view to_string(PacketType t);  // "I1", "CLOSE_ACK", ...

// Header Controls (§5.1.2): only the Anonymous bit is defined.
inline constexpr std::uint16_t kControlAnonymous = 0x0001;

inline constexpr std::uint8_t kVersion1 = 1;
inline constexpr std::uint8_t kVersion2 = 2;
inline constexpr std::uint8_t kIpProtoHip = 139;
inline constexpr std::uint8_t kNextHeaderNone = 59;  // IPPROTO_NONE

}  // namespace hip::wire
