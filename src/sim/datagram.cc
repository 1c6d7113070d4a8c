#include "sim/datagram.h"

#include <utility>

namespace hip::sim {

Datagram Datagram::from_path(const engine::Path& sender_path, Payload type,
                             std::vector<std::uint8_t> payload) {
  Datagram d;
  d.src = sender_path.local;
  d.dst = sender_path.peer;
  d.udp = sender_path.udp;
  if (d.udp) {
    // A Path that leaves the ports at 0 means the standard HIP port.
    d.src_port = sender_path.local_port != 0 ? sender_path.local_port : kHipUdpPort;
    d.dst_port = sender_path.peer_port != 0 ? sender_path.peer_port : kHipUdpPort;
  }
  d.payload_type = type;
  d.payload = std::move(payload);
  return d;
}

engine::Path Datagram::receiver_path() const {
  engine::Path p;
  p.local = dst;
  p.peer = src;
  p.udp = udp;
  p.local_port = dst_port;
  p.peer_port = src_port;
  return p;
}

std::string Datagram::summary() const {
  std::string s = payload_type == Payload::hip ? "hip " : "esp ";
  if (udp) s += "udp ";
  s += src.to_string() + " > " + dst.to_string() + " (" + std::to_string(payload.size()) +
       " bytes)";
  return s;
}

}  // namespace hip::sim
