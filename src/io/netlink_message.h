// The rtnetlink requests hipd sends to configure hip0 (rtnetlink(7)), built
// with libmnl into a fixed buffer, and the parser for the kernel's answer.
// Building is separate from sending so tests can check every byte and
// attribute without privileges.
//
//   get link:    RTM_GETLINK  ifinfomsg{} IFLA_IFNAME      (answer: RTM_NEWLINK)
//   set link:    RTM_NEWLINK  ifinfomsg{index, flags/change IFF_UP} [IFLA_MTU]
//                             [IFLA_TXQLEN]
//   add address: RTM_NEWADDR  ifaddrmsg{family, prefixlen, IFA_F_NODAD for IPv6,
//                             scope universe, index} IFA_LOCAL, IFA_ADDRESS
//   add route:   RTM_NEWROUTE rtmsg{family, dst_len, table main, proto static,
//                             scope link, unicast} RTA_DST, RTA_OIF
//
// Every change asks for an ack (NLM_F_ACK); adds use NLM_F_CREATE |
// NLM_F_EXCL, so a second add answers EEXIST, which the caller may accept.
// IFA_F_NODAD: a HIT is unique by construction (a hash of the host's key), and
// duplicate address detection would leave it "tentative", unusable as a
// source, for a second or more.
#pragma once

#include <linux/netlink.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "base/ip_address.h"

namespace hip::io {

struct NetlinkRequest {
  alignas(nlmsghdr) std::array<std::uint8_t, 256> bytes{};

  nlmsghdr* header() { return reinterpret_cast<nlmsghdr*>(bytes.data()); }
  const nlmsghdr* header() const { return reinterpret_cast<const nlmsghdr*>(bytes.data()); }
  std::span<const std::uint8_t> data() const { return {bytes.data(), header()->nlmsg_len}; }
};

NetlinkRequest build_get_link(std::uint32_t seq, const std::string& name);
// `up`: bring the link up (true) or down (false), or leave it (nullopt);
// `mtu`, `txqueuelen` (packets queued towards the device's reader): set when
// given.
NetlinkRequest build_set_link(std::uint32_t seq, std::uint32_t ifindex, std::optional<bool> up,
                              std::optional<std::uint32_t> mtu,
                              std::optional<std::uint32_t> txqueuelen = std::nullopt);
NetlinkRequest build_add_address(std::uint32_t seq, std::uint32_t ifindex,
                                 const base::IpAddress& address, std::uint8_t prefix_len);
NetlinkRequest build_add_route(std::uint32_t seq, std::uint32_t ifindex,
                               const base::IpAddress& destination, std::uint8_t prefix_len);

struct NetlinkAck {
  int code = 0;                // 0: done; else the kernel's errno (positive)
  std::string kernel_message;  // NLMSGERR_ATTR_MSG of an extended ack, if any
};

// The answer to build_get_link `seq`: the link's index, or the kernel's
// errno (ENODEV for no such link) with its message.
struct LinkAnswer {
  int code = 0;
  std::uint32_t ifindex = 0;
  std::string kernel_message;
};
std::optional<LinkAnswer> find_link(std::span<const std::uint8_t> datagram, std::uint32_t seq);

// The ack (NLMSG_ERROR) for request `seq` in one received datagram, if it is
// there. `datagram` must be 4-byte aligned (as a netlink receive buffer is).
// Malformed messages are skipped, never read past.
std::optional<NetlinkAck> find_ack(std::span<const std::uint8_t> datagram, std::uint32_t seq);

}  // namespace hip::io
