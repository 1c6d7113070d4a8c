// What raw and UDP sockets share: a non-blocking datagram socket, batched
// receive (recvmmsg) and send (sendmmsg) through a preallocated MsgBatch,
// local addresses through packet-info control messages, and socket buffer
// sizes. RawSocket and UdpSocket add what differs (IPv4 header stripping,
// ports, the UDP marker).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "io/datagram.h"
#include "io/error.h"
#include "io/fd.h"
#include "io/msg_batch.h"
#include "io/sys.h"

namespace hip::io {

// Default batch: what one wake-up takes from a socket, like wireguard-go's
// conn.IdealBatchSize (128) halved for hipd's smaller buffers.
inline constexpr std::size_t kDefaultBatch = 64;

struct SocketBuffers {
  int receive_bytes = 0;  // SO_RCVBUF(FORCE); 0 keeps the kernel default
  int send_bytes = 0;     // SO_SNDBUF(FORCE)
};

class DatagramSocket {
 public:
  // socket(domain, type | SOCK_NONBLOCK | SOCK_CLOEXEC, protocol); sets the
  // buffer sizes and, for UDP of `family` v6/dual, IPV6_V6ONLY.
  static Result<DatagramSocket> open(Sys& sys, SocketFamily family, int type, int protocol,
                                     const SocketBuffers& buffers, std::size_t max_batch);

  int fd() const noexcept { return fd_.get(); }
  SocketFamily family() const noexcept { return family_; }
  std::size_t max_batch() const noexcept { return batch_.capacity(); }

  Result<void> set_option(int level, int name, int value) noexcept;
  Result<int> get_option(int level, int name) noexcept;
  Result<void> bind(const base::IpAddress& address, std::uint16_t port) noexcept;

  // Receives up to min(slots.size(), max_batch()) datagrams without
  // blocking; 0 when none is waiting.
  Result<std::size_t> receive(std::span<RecvSlot> slots) noexcept;
  // Sends the items in order; see SendReport. `allow_marker`: UDP sockets.
  SendReport send(std::span<const SendItem> items, bool allow_marker) noexcept;

  // Tries the privileged SO_*BUFFORCE first (root / CAP_NET_ADMIN may exceed
  // net.core.rmem_max / wmem_max), then the plain option, which the kernel
  // caps at that sysctl.
  Result<void> set_buffers(const SocketBuffers& buffers) noexcept;

 private:
  DatagramSocket(Fd fd, SocketFamily family, std::size_t max_batch)
      : fd_(std::move(fd)), family_(family), batch_(max_batch) {}

  Fd fd_;
  SocketFamily family_;
  MsgBatch batch_;
};

}  // namespace hip::io
