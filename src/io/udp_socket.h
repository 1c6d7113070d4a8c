// The UDP socket for RFC 5770 encapsulation: HIP control packets behind the
// zero marker and ESP (RFC 3948), by default on port 10500.
//
// Dual-stack by default: one AF_INET6 socket with IPV6_V6ONLY = 0 bound to
// [::]:port carries both families; IPv4 peers and local addresses appear as
// plain IPv4 in Addressing (the socket maps them to ::ffff:a.b.c.d and back).
// `v4_only` is for hosts without IPv6 (the kernel refuses AF_INET6 sockets).
//
// Receive gives the datagram as it came; classify_udp_payload() (udp_framing.h)
// says what it is. Send: set SendItem::hip_marker for HIP control packets and
// the 32-bit zero marker goes out in front (a second iovec, no copy).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "base/ip_address.h"
#include "io/datagram.h"
#include "io/datagram_socket.h"
#include "io/error.h"
#include "io/sys.h"
#include "io/udp_framing.h"

namespace hip::io {

struct UdpSocketConfig {
  enum class Stack : std::uint8_t { dual, v6_only, v4_only };
  Stack stack = Stack::dual;
  std::uint16_t port = kHipUdpPort;  // 0: the kernel picks one (tests)
  // Bind to one local address instead of the wildcard (then only that
  // address's family is served).
  base::IpAddress bind_address = {};
  bool bind_to_address = false;
  SocketBuffers buffers;
  std::size_t max_batch = kDefaultBatch;
};

class UdpSocket {
 public:
  static Result<UdpSocket> open(const UdpSocketConfig& config, Sys& sys = linux_sys());

  int fd() const noexcept { return socket_.fd(); }
  // The bound port (useful after binding port 0).
  std::uint16_t port() const noexcept { return port_; }

  // Receives up to min(slots.size(), max_batch) datagrams without blocking.
  // Each slot's addressing has both ports; local_port is the bound port.
  Result<std::size_t> receive_batch(std::span<RecvSlot> slots) noexcept;
  // Items need peer_port; local_port is ignored (the socket's port is used).
  SendReport send_batch(std::span<const SendItem> items) noexcept {
    return socket_.send(items, /*allow_marker=*/true);
  }

  DatagramSocket& socket() noexcept { return socket_; }

 private:
  UdpSocket(DatagramSocket s, std::uint16_t port) : socket_(std::move(s)), port_(port) {}

  DatagramSocket socket_;
  std::uint16_t port_;
};

}  // namespace hip::io
