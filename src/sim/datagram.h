// One packet on the simulated network: addresses, optional UDP ports, and the
// payload that the IP (or UDP) header carries. HIP control packets over UDP
// are stored without RFC 5770's 32-bit zero marker; the marker is a framing
// detail that only the pcap trace writes out.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/ip_address.h"
#include "engine/actions.h"

namespace hip::sim {

// What the payload is: the IP protocol number it travels under on raw IP.
enum class Payload : std::uint8_t {
  hip = 139,  // RFC 7401 §5
  esp = 50,   // RFC 4303
};

inline constexpr std::uint16_t kHipUdpPort = 10500;  // RFC 5770 §5.1

struct Datagram {
  base::IpAddress src;
  base::IpAddress dst;
  bool udp = false;
  std::uint16_t src_port = 0;
  std::uint16_t dst_port = 0;
  Payload payload_type = Payload::hip;
  std::vector<std::uint8_t> payload;

  // A sender's Path (local = source) turned into a datagram.
  static Datagram from_path(const engine::Path& sender_path, Payload type,
                            std::vector<std::uint8_t> payload);
  // The Path as the receiver sees it: local = destination, peer = source.
  engine::Path receiver_path() const;
  // "hip 2001:db8::1 > 2001:db8::2 (120 bytes)", for traces and messages.
  std::string summary() const;
};

}  // namespace hip::sim
