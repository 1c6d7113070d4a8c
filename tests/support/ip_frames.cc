#include "support/ip_frames.h"

#include <pcap/dlt.h>

#include <stdexcept>

namespace hip::test {
namespace {

constexpr std::uint8_t kProtoHip = 139;
constexpr std::uint8_t kProtoUdp = 17;
constexpr std::uint16_t kHipPort = 10500;

void put16(Bytes& b, std::size_t at, std::uint16_t v) {
  b[at] = static_cast<std::uint8_t>(v >> 8);
  b[at + 1] = static_cast<std::uint8_t>(v);
}

void append16(Bytes& b, std::uint16_t v) {
  b.push_back(static_cast<std::uint8_t>(v >> 8));
  b.push_back(static_cast<std::uint8_t>(v));
}

void append(Bytes& b, std::span<const std::uint8_t> more) { b.insert(b.end(), more.begin(), more.end()); }

// RFC 1071 one's-complement sum, not inverted.
std::uint32_t sum16(std::span<const std::uint8_t> data, std::uint32_t sum = 0) {
  for (std::size_t i = 0; i < data.size(); i += 2) {
    const std::uint32_t high = data[i];
    const std::uint32_t low = i + 1 < data.size() ? data[i + 1] : 0;
    sum += (high << 8) | low;
  }
  return sum;
}

std::uint16_t finish(std::uint32_t sum) {
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return static_cast<std::uint16_t>(~sum & 0xffff);
}

}  // namespace

Bytes ip_packet(const base::IpAddress& src, const base::IpAddress& dst, std::uint8_t protocol,
                std::span<const std::uint8_t> payload) {
  if (src.is_v4() != dst.is_v4()) throw std::invalid_argument("ip_packet: mixed address families");
  Bytes b;
  if (src.is_v4()) {
    static std::uint16_t id = 0x4d00;
    b = {0x45, 0x00, 0, 0, 0, 0, 0x00, 0x00, 64, protocol, 0, 0};
    put16(b, 2, static_cast<std::uint16_t>(20 + payload.size()));
    put16(b, 4, id++);
    append(b, src.bytes());
    append(b, dst.bytes());
    put16(b, 10, finish(sum16(b)));
  } else {
    b = {0x60, 0x00, 0x00, 0x00, 0, 0, protocol, 64};
    put16(b, 4, static_cast<std::uint16_t>(payload.size()));
    append(b, src.bytes());
    append(b, dst.bytes());
  }
  append(b, payload);
  return b;
}

Bytes udp_datagram(const base::IpAddress& src, const base::IpAddress& dst, std::uint16_t src_port,
                   std::uint16_t dst_port, std::span<const std::uint8_t> payload) {
  Bytes b;
  append16(b, src_port);
  append16(b, dst_port);
  append16(b, static_cast<std::uint16_t>(8 + payload.size()));
  append16(b, 0);
  append(b, payload);
  // Pseudo-header: addresses, protocol and UDP length (same sum for v4 and v6).
  std::uint32_t sum = sum16(src.bytes());
  sum = sum16(dst.bytes(), sum);
  sum += kProtoUdp + static_cast<std::uint32_t>(b.size());
  std::uint16_t checksum = finish(sum16(b, sum));
  if (checksum == 0) checksum = 0xffff;  // RFC 768: zero means "no checksum"
  put16(b, 6, checksum);
  return b;
}

Bytes hip_udp_payload(std::span<const std::uint8_t> hip_packet) {
  Bytes b(4, 0);
  append(b, hip_packet);
  return b;
}

Bytes hip_ip_packet(const base::IpAddress& src, const base::IpAddress& dst,
                    std::span<const std::uint8_t> hip_packet, bool over_udp) {
  if (!over_udp) return ip_packet(src, dst, kProtoHip, hip_packet);
  const Bytes udp = udp_datagram(src, dst, kHipPort, kHipPort, hip_udp_payload(hip_packet));
  return ip_packet(src, dst, kProtoUdp, udp);
}

int dlt_of(LinkFraming link) {
  switch (link) {
    case LinkFraming::raw: return DLT_RAW;
    case LinkFraming::ethernet:
    case LinkFraming::ethernet_vlan: return DLT_EN10MB;
    case LinkFraming::linux_sll: return DLT_LINUX_SLL;
    case LinkFraming::linux_sll2: return DLT_LINUX_SLL2;
    case LinkFraming::bsd_null: return DLT_NULL;
  }
  return DLT_RAW;
}

Bytes frame_for_link(LinkFraming link, std::span<const std::uint8_t> ip) {
  const bool v4 = !ip.empty() && (ip[0] >> 4) == 4;
  const std::uint16_t ethertype = v4 ? 0x0800 : 0x86dd;
  Bytes b;
  switch (link) {
    case LinkFraming::raw:
      break;
    case LinkFraming::ethernet:
    case LinkFraming::ethernet_vlan:
      // Locally administered MAC addresses.
      b = {0x02, 0x00, 0x00, 0x00, 0x00, 0x02, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01};
      if (link == LinkFraming::ethernet_vlan) b.insert(b.end(), {0x81, 0x00, 0x00, 0x2a});  // VLAN 42
      append16(b, ethertype);
      break;
    case LinkFraming::linux_sll:
      // Packet type 0 (to us), ARPHRD_ETHER, address length 6, address (8), protocol.
      b = {0x00, 0x00, 0x00, 0x01, 0x00, 0x06, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00};
      append16(b, ethertype);
      break;
    case LinkFraming::linux_sll2:
      // Protocol, reserved, interface index, ARPHRD_ETHER, packet type, address length, address (8).
      append16(b, ethertype);
      b.insert(b.end(), {0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x01, 0x00, 0x06,
                         0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00});
      break;
    case LinkFraming::bsd_null:
      // AF_INET 2 / BSD AF_INET6 24, in the little-endian order of the writing host.
      b = {static_cast<std::uint8_t>(v4 ? 2 : 24), 0x00, 0x00, 0x00};
      break;
  }
  append(b, ip);
  return b;
}

}  // namespace hip::test
