#include "wire/packet_type.h"

namespace hip::wire {

std::optional<PacketType> packet_type_from(std::uint8_t raw) {
  switch (raw) {
    case 1: case 2: case 3: case 4: case 16: case 17: case 18: case 19:
      return static_cast<PacketType>(raw);
    default:
      return std::nullopt;
  }
}

std::string_view to_string(PacketType t) {
  switch (t) {
    case PacketType::i1: return "I1";
    case PacketType::r1: return "R1";
    case PacketType::i2: return "I2";
    case PacketType::r2: return "R2";
    case PacketType::update: return "UPDATE";
    case PacketType::notify: return "NOTIFY";
    case PacketType::close: return "CLOSE";
    case PacketType::close_ack: return "CLOSE_ACK";
  }
  return "?";
}

}  // namespace hip::wire
