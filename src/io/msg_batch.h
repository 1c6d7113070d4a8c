// The mmsghdr arrays behind recvmmsg/sendmmsg, preallocated for a fixed
// batch size so that the packet path allocates nothing, and the translation
// between them and RecvSlot/SendItem: socket addresses, and the control
// messages that carry the local address.
//
// Local addresses (the part plain recvfrom/sendto cannot express):
//   receive IPv6 / dual-stack: IPV6_PKTINFO gives the destination and the
//     arrival interface (RFC 3542 §6.1), IPV6_HOPLIMIT and IPV6_TCLASS the
//     hints esp/ uses to rebuild the inner header (RFC 7402 B.1.4); IPv4
//     datagrams on a dual-stack socket come as IPv4-mapped addresses, with
//     IP_TTL and IP_TOS.
//   receive IPv4: IP_PKTINFO (ipi_addr: the header's destination), IP_TTL,
//     IP_TOS. (Raw IPv4 sockets read all of these from the IP header.)
//   send: IPV6_PKTINFO (ipi6_addr = source, IPv4-mapped for an IPv4 peer on a
//     dual-stack socket) or IP_PKTINFO (ipi_spec_dst = source), so replies
//     leave from the locator the peer used (RFC 7401 §6.7: the R1 goes back
//     to the I1's source from its destination).
#pragma once

#include <netinet/in.h>
#include <sys/socket.h>

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "base/ip_address.h"
#include "io/datagram.h"

namespace hip::io {

// How addresses look on a socket: AF_INET, AF_INET6 with IPv6 only, or AF_INET6
// that also carries IPv4 as ::ffff:a.b.c.d (IPV6_V6ONLY = 0).
enum class SocketFamily : std::uint8_t { v4, v6, dual };

// Writes the socket address of (address, port) for a socket of `family`.
// Returns its size, or 0 when that address cannot go on such a socket.
socklen_t encode_sockaddr(const base::IpAddress& address, std::uint16_t port,
                          SocketFamily family, sockaddr_storage& out) noexcept;
// Reads an AF_INET/AF_INET6 socket address; IPv4-mapped becomes IPv4.
bool decode_sockaddr(const sockaddr_storage& in, socklen_t size, base::IpAddress& address,
                     std::uint16_t& port) noexcept;

// Writes the source-address control message for `addressing` into the
// control buffer of `msg` (msg_controllen: its capacity on entry, the bytes
// used on return; 0 when the kernel is to choose). Returns 0 or an errno:
// EAFNOSUPPORT when the local address does not fit the socket, EINVAL when
// local and peer families differ, ENOBUFS when the buffer is too small.
int encode_source(const Addressing& addressing, SocketFamily family, msghdr& msg) noexcept;
// Reads the control messages of a received datagram into `slot`
// (destination, ifindex, hop limit, traffic class).
void decode_control(const msghdr& msg, RecvSlot& slot) noexcept;

// Room for every control message above, with slack.
inline constexpr std::size_t kControlBytes = 192;

class MsgBatch {
 public:
  explicit MsgBatch(std::size_t capacity);

  std::size_t capacity() const noexcept { return messages_.size(); }
  mmsghdr* messages() noexcept { return messages_.data(); }

  // Points message i at slot i (from its offset); returns how many messages
  // were set up (at most capacity()).
  unsigned prepare_receive(std::span<RecvSlot> slots) noexcept;
  // Fills slots [0, n) from the first n messages after recvmmsg returned n.
  void finish_receive(std::span<RecvSlot> slots, unsigned n) noexcept;

  // Sets up message i for items[i] on a socket of `family`, stopping at the
  // first item that cannot be encoded or when the batch is full. Returns how
  // many were set up; when 0, `error` holds why items[0] cannot be sent.
  unsigned prepare_send(std::span<const SendItem> items, SocketFamily family,
                        bool allow_marker, int& error) noexcept;

 private:
  struct alignas(cmsghdr) Control {
    std::uint8_t bytes[kControlBytes];
  };
  std::vector<mmsghdr> messages_;
  std::vector<iovec> iovecs_;  // two per message: [marker] + data
  std::vector<sockaddr_storage> names_;
  std::vector<Control> controls_;
};

}  // namespace hip::io
