#include "io/raw_socket.h"

#include <netinet/in.h>

#include "io/ipv4_header.h"

namespace hip::io {

Result<RawSocket> RawSocket::open(const RawSocketConfig& config, Sys& sys) {
  const bool v4 = config.family == base::IpAddress::Family::v4;
  auto s = DatagramSocket::open(sys, v4 ? SocketFamily::v4 : SocketFamily::v6, SOCK_RAW,
                                config.protocol, config.buffers, config.max_batch);
  if (!s) return base::unexpected(s.error());
  if (v4) {
    // The header has the addresses; IP_PKTINFO adds the arrival interface.
    if (const auto r = s->set_option(IPPROTO_IP, IP_PKTINFO, 1); !r) {
      return base::unexpected(r.error());
    }
  } else {
    for (const int option : {IPV6_RECVPKTINFO, IPV6_RECVHOPLIMIT, IPV6_RECVTCLASS}) {
      if (const auto r = s->set_option(IPPROTO_IPV6, option, 1); !r) {
        return base::unexpected(r.error());
      }
    }
  }
  return RawSocket(std::move(*s), config.family, config.protocol);
}

Result<std::size_t> RawSocket::receive_batch(std::span<RecvSlot> slots) noexcept {
  auto n = socket_.receive(slots);
  if (!n || family_ != base::IpAddress::Family::v4) return n;
  for (std::size_t i = 0; i < *n; ++i) {
    if (slots[i].status == RecvStatus::ok) strip_ipv4_header(slots[i]);
  }
  return n;
}

void strip_ipv4_header(RecvSlot& slot) noexcept {
  const auto header = parse_ipv4_header(slot.payload());
  if (!header) {
    slot.status = RecvStatus::bad_ip_header;
    return;
  }
  slot.ip_header_bytes = header->header_bytes;
  slot.payload_offset += header->header_bytes;
  // Total Length, not the bytes read, bounds the payload.
  slot.length = header->total_bytes - header->header_bytes;
  slot.addressing.local = header->destination;
  slot.addressing.peer = header->source;
  slot.hop_limit = header->ttl;
  slot.tclass = header->tos;
}

}  // namespace hip::io
