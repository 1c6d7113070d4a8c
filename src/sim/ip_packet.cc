#include "sim/ip_packet.h"

#include <algorithm>

#include "base/bytes.h"
#include "wire/checksum.h"

namespace hip::sim {

namespace {

void put16(std::vector<std::uint8_t>& out, std::size_t at, std::uint16_t v) {
  base::put_u16(out, at, v);
}

void put_address(std::vector<std::uint8_t>& out, std::size_t at, const base::IpAddress& a) {
  auto bytes = a.bytes();
  std::copy(bytes.begin(), bytes.end(), out.begin() + static_cast<std::ptrdiff_t>(at));
}

// UDP header + body, with the checksum over the pseudo-header of `d`'s addresses.
std::vector<std::uint8_t> udp_segment(const Datagram& d) {
  const std::size_t marker = d.payload_type == Payload::hip ? 4 : 0;
  std::vector<std::uint8_t> seg(kUdpHeaderSize + marker + d.payload.size(), 0);
  put16(seg, 0, d.src_port);
  put16(seg, 2, d.dst_port);
  put16(seg, 4, static_cast<std::uint16_t>(seg.size()));
  std::copy(d.payload.begin(), d.payload.end(),
            seg.begin() + static_cast<std::ptrdiff_t>(kUdpHeaderSize + marker));
  std::uint16_t sum = wire::transport_checksum(seg, 6, kIpProtoUdp, d.src, d.dst);
  // RFC 768: a computed zero is sent as all ones (zero means "none" in IPv4).
  put16(seg, 6, sum == 0 ? 0xffff : sum);
  return seg;
}

}  // namespace

std::vector<std::uint8_t> to_ip_packet(const Datagram& d) {
  const std::vector<std::uint8_t> body = d.udp ? udp_segment(d) : d.payload;
  const auto protocol = d.udp ? kIpProtoUdp : static_cast<std::uint8_t>(d.payload_type);
  std::vector<std::uint8_t> out;
  std::size_t header = 0;
  if (d.src.is_v4()) {
    header = kIpv4HeaderSize;
    out.assign(header + body.size(), 0);
    out[0] = 0x45;  // version 4, IHL 5 words
    put16(out, 2, static_cast<std::uint16_t>(out.size()));
    put16(out, 6, 0x4000);  // DF, fragment offset 0
    out[8] = 64;            // TTL
    out[9] = protocol;
    put_address(out, 12, d.src);
    put_address(out, 16, d.dst);
    const std::uint32_t sum =
        wire::ones_complement_add(std::span<const std::uint8_t>(out.data(), header));
    put16(out, 10, static_cast<std::uint16_t>(~sum));
  } else {
    header = kIpv6HeaderSize;
    out.assign(header + body.size(), 0);
    out[0] = 0x60;  // version 6, traffic class and flow label 0
    put16(out, 4, static_cast<std::uint16_t>(body.size()));
    out[6] = protocol;
    out[7] = 64;  // hop limit
    put_address(out, 8, d.src);
    put_address(out, 24, d.dst);
  }
  std::copy(body.begin(), body.end(), out.begin() + static_cast<std::ptrdiff_t>(header));
  return out;
}

}  // namespace hip::sim
