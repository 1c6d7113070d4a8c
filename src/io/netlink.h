// Configures hip0 over rtnetlink (libmnl): link up, MTU, the HIT as an IPv6
// address with the ORCHIDv2 route, the LSI as an IPv4 address with its route.
// Needs CAP_NET_ADMIN. Acts on the network namespace of the thread that
// called open().
//
// Errors carry the kernel's errno and, when the kernel sends one (extended
// acks, NETLINK_EXT_ACK), its message. Adds are idempotent: an address or
// route that already exists is success, so hipd can restart over a device
// that kept its configuration.
//
// Not on the packet path: calls block until the kernel answers (bounded by a
// 2-second receive timeout).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "base/hit.h"
#include "base/ip_address.h"
#include "base/result.h"
#include "io/netlink_message.h"

struct mnl_socket;

namespace hip::io {

struct NetlinkError {
  int code = 0;                // errno, positive
  std::string operation;       // "add address 2001:20::1/128 on ifindex 4"
  std::string kernel_message;  // from the extended ack; may be empty

  // "add address ...: File exists (errno 17): <kernel message>"
  std::string message() const;
};

template <class T>
using NetlinkResult = base::Result<T, NetlinkError>;

// ORCHIDv2 (RFC 7343): every HIT lies in 2001:20::/28, routed into hip0.
inline constexpr std::uint8_t kOrchidPrefixLen = 28;
base::IpAddress orchid_prefix();
// LSIs (local IPv4 names for peers, for IPv4-only applications) are taken
// from 1.0.0.0/8 (ARCHITECTURE.md, "Identities and addresses").
inline constexpr std::uint8_t kLsiPrefixLen = 8;
base::IpAddress lsi_prefix();

class Netlink {
 public:
  static NetlinkResult<Netlink> open();
  ~Netlink();
  Netlink(Netlink&&) noexcept;
  Netlink& operator=(Netlink&&) = delete;

  // The index of interface `name` (in the socket's namespace).
  NetlinkResult<std::uint32_t> link_index(const std::string& name);
  NetlinkResult<void> set_link_up(std::uint32_t ifindex);
  NetlinkResult<void> set_mtu(std::uint32_t ifindex, std::uint32_t mtu);
  // The device's transmit queue, in packets: for a TUN device, what the
  // kernel holds for the reader before it drops (the default is 500).
  NetlinkResult<void> set_txqueuelen(std::uint32_t ifindex, std::uint32_t packets);
  NetlinkResult<void> add_address(std::uint32_t ifindex, const base::IpAddress& address,
                                  std::uint8_t prefix_len);
  NetlinkResult<void> add_route(std::uint32_t ifindex, const base::IpAddress& destination,
                                std::uint8_t prefix_len);

  // The HIT as HIT/128, and 2001:20::/28 through the device.
  NetlinkResult<void> add_hit(std::uint32_t ifindex, const base::Hit& hit);
  // The LSI as LSI/32, and 1.0.0.0/8 through the device.
  NetlinkResult<void> add_lsi(std::uint32_t ifindex, const base::IpAddress& lsi);

 private:
  struct SocketCloser {
    void operator()(mnl_socket* s) const noexcept;
  };
  explicit Netlink(std::unique_ptr<mnl_socket, SocketCloser> socket);

  // Sends `request` and waits for its ack; `exist_ok`: EEXIST is success.
  NetlinkResult<void> transact(NetlinkRequest& request, std::string operation, bool exist_ok);
  // Sends `request`, then receives until `answered` accepts a datagram
  // (bounded: a receive timeout, and a cap on datagrams that are not it).
  NetlinkResult<void> round_trip(
      NetlinkRequest& request, const std::string& operation,
      const std::function<bool(std::span<const std::uint8_t>)>& answered);

  std::unique_ptr<mnl_socket, SocketCloser> socket_;
  std::uint32_t next_seq_ = 1;
  std::vector<std::uint8_t> receive_buffer_;
};

}  // namespace hip::io
