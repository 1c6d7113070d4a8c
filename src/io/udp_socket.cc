#include "io/udp_socket.h"

#include <netinet/in.h>

namespace hip::io {
namespace {

SocketFamily family_of(UdpSocketConfig::Stack stack) {
  switch (stack) {
    case UdpSocketConfig::Stack::v4_only: return SocketFamily::v4;
    case UdpSocketConfig::Stack::v6_only: return SocketFamily::v6;
    case UdpSocketConfig::Stack::dual: break;
  }
  return SocketFamily::dual;
}

// Receive options for the destination address and the outer-header hints.
Result<void> enable_packet_info(DatagramSocket& s) {
  if (s.family() != SocketFamily::v4) {
    for (const int option : {IPV6_RECVPKTINFO, IPV6_RECVHOPLIMIT, IPV6_RECVTCLASS}) {
      if (auto r = s.set_option(IPPROTO_IPV6, option, 1); !r) return r;
    }
  }
  if (s.family() != SocketFamily::v6) {
    // IPv4 datagrams: on a dual-stack socket the destination comes as an
    // IPv4-mapped IPV6_PKTINFO, TTL and TOS through these two.
    if (s.family() == SocketFamily::v4) {
      if (auto r = s.set_option(IPPROTO_IP, IP_PKTINFO, 1); !r) return r;
    }
    for (const int option : {IP_RECVTTL, IP_RECVTOS}) {
      if (auto r = s.set_option(IPPROTO_IP, option, 1); !r) return r;
    }
  }
  return {};
}

}  // namespace

Result<UdpSocket> UdpSocket::open(const UdpSocketConfig& config, Sys& sys) {
  const SocketFamily family = family_of(config.stack);
  auto s = DatagramSocket::open(sys, family, SOCK_DGRAM, IPPROTO_UDP, config.buffers,
                                config.max_batch);
  if (!s) return base::unexpected(s.error());
  if (auto r = enable_packet_info(*s); !r) return base::unexpected(r.error());
  base::IpAddress address = config.bind_address;
  if (!config.bind_to_address) {
    address = family == SocketFamily::v4
                  ? base::IpAddress::v4(std::array<std::uint8_t, 4>{})
                  : base::IpAddress{};
  }
  if (auto r = s->bind(address, config.port); !r) return base::unexpected(r.error());

  std::uint16_t port = config.port;
  if (port == 0) {
    sockaddr_storage name{};
    socklen_t size = sizeof name;
    auto r = sys.getsockname(s->fd(), reinterpret_cast<sockaddr*>(&name), &size);
    if (!r) return base::unexpected(r.error());
    base::IpAddress ignored;
    decode_sockaddr(name, size, ignored, port);
  }
  return UdpSocket(std::move(*s), port);
}

Result<std::size_t> UdpSocket::receive_batch(std::span<RecvSlot> slots) noexcept {
  auto n = socket_.receive(slots);
  if (!n) return n;
  for (std::size_t i = 0; i < *n; ++i) slots[i].addressing.local_port = port_;
  return n;
}

}  // namespace hip::io
