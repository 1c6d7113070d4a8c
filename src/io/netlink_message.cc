#include "io/netlink_message.h"

#include <libmnl/libmnl.h>
#include <linux/if.h>
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>
#include <sys/socket.h>

namespace hip::io {
namespace {

nlmsghdr* start(NetlinkRequest& r, std::uint16_t type, std::uint16_t flags, std::uint32_t seq) {
  nlmsghdr* h = mnl_nlmsg_put_header(r.bytes.data());
  h->nlmsg_type = type;
  h->nlmsg_flags = static_cast<std::uint16_t>(NLM_F_REQUEST | flags);
  h->nlmsg_seq = seq;
  return h;
}

std::uint8_t family_of(const base::IpAddress& a) {
  return static_cast<std::uint8_t>(a.is_v4() ? AF_INET : AF_INET6);
}

int collect_message(const nlattr* attr, void* data) {
  if (mnl_attr_get_type(attr) == NLMSGERR_ATTR_MSG &&
      mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) >= 0) {
    *static_cast<std::string*>(data) = mnl_attr_get_str(attr);
  }
  return MNL_CB_OK;
}

}  // namespace

NetlinkRequest build_get_link(std::uint32_t seq, const std::string& name) {
  NetlinkRequest r;
  nlmsghdr* h = start(r, RTM_GETLINK, 0, seq);
  auto* ifi = static_cast<ifinfomsg*>(mnl_nlmsg_put_extra_header(h, sizeof(ifinfomsg)));
  ifi->ifi_family = AF_UNSPEC;
  // Longer names cannot exist; the kernel would refuse them anyway.
  mnl_attr_put_strz(h, IFLA_IFNAME, name.substr(0, IFNAMSIZ - 1).c_str());
  return r;
}

NetlinkRequest build_set_link(std::uint32_t seq, std::uint32_t ifindex, std::optional<bool> up,
                              std::optional<std::uint32_t> mtu,
                              std::optional<std::uint32_t> txqueuelen) {
  NetlinkRequest r;
  nlmsghdr* h = start(r, RTM_NEWLINK, NLM_F_ACK, seq);
  auto* ifi = static_cast<ifinfomsg*>(mnl_nlmsg_put_extra_header(h, sizeof(ifinfomsg)));
  ifi->ifi_family = AF_UNSPEC;
  ifi->ifi_index = static_cast<int>(ifindex);
  if (up) {
    ifi->ifi_change = IFF_UP;
    ifi->ifi_flags = *up ? static_cast<unsigned>(IFF_UP) : 0u;
  }
  if (mtu) mnl_attr_put_u32(h, IFLA_MTU, *mtu);
  if (txqueuelen) mnl_attr_put_u32(h, IFLA_TXQLEN, *txqueuelen);
  return r;
}

NetlinkRequest build_add_address(std::uint32_t seq, std::uint32_t ifindex,
                                 const base::IpAddress& address, std::uint8_t prefix_len) {
  NetlinkRequest r;
  nlmsghdr* h = start(r, RTM_NEWADDR, NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL, seq);
  auto* ifa = static_cast<ifaddrmsg*>(mnl_nlmsg_put_extra_header(h, sizeof(ifaddrmsg)));
  ifa->ifa_family = family_of(address);
  ifa->ifa_prefixlen = prefix_len;
  ifa->ifa_flags = address.is_v4() ? 0 : IFA_F_NODAD;
  ifa->ifa_scope = RT_SCOPE_UNIVERSE;
  ifa->ifa_index = ifindex;
  const auto bytes = address.bytes();
  const auto size = static_cast<std::size_t>(bytes.size());
  // IFA_LOCAL is the address; IFA_ADDRESS the peer on point-to-point links,
  // the same address when there is no peer (what `ip addr add` sends).
  mnl_attr_put(h, IFA_LOCAL, size, bytes.data());
  mnl_attr_put(h, IFA_ADDRESS, size, bytes.data());
  return r;
}

NetlinkRequest build_add_route(std::uint32_t seq, std::uint32_t ifindex,
                               const base::IpAddress& destination, std::uint8_t prefix_len) {
  NetlinkRequest r;
  nlmsghdr* h = start(r, RTM_NEWROUTE, NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL, seq);
  auto* rt = static_cast<rtmsg*>(mnl_nlmsg_put_extra_header(h, sizeof(rtmsg)));
  rt->rtm_family = family_of(destination);
  rt->rtm_dst_len = prefix_len;
  rt->rtm_table = RT_TABLE_MAIN;
  rt->rtm_protocol = RTPROT_STATIC;
  rt->rtm_scope = RT_SCOPE_LINK;  // on the device itself, no gateway
  rt->rtm_type = RTN_UNICAST;
  const auto bytes = destination.bytes();
  mnl_attr_put(h, RTA_DST, bytes.size(), bytes.data());
  mnl_attr_put_u32(h, RTA_OIF, ifindex);
  return r;
}

std::optional<LinkAnswer> find_link(std::span<const std::uint8_t> datagram, std::uint32_t seq) {
  const auto* h = reinterpret_cast<const nlmsghdr*>(datagram.data());
  int remaining = datagram.size() > 0x7fffffff ? 0x7fffffff : static_cast<int>(datagram.size());
  for (; mnl_nlmsg_ok(h, remaining); h = mnl_nlmsg_next(h, &remaining)) {
    if (h->nlmsg_seq != seq) continue;
    if (h->nlmsg_type == RTM_NEWLINK && mnl_nlmsg_get_payload_len(h) >= sizeof(ifinfomsg)) {
      const auto* ifi = static_cast<const ifinfomsg*>(mnl_nlmsg_get_payload(h));
      if (ifi->ifi_index <= 0) continue;
      return LinkAnswer{0, static_cast<std::uint32_t>(ifi->ifi_index), {}};
    }
  }
  if (auto ack = find_ack(datagram, seq); ack && ack->code != 0) {
    return LinkAnswer{ack->code, 0, std::move(ack->kernel_message)};
  }
  return std::nullopt;
}

std::optional<NetlinkAck> find_ack(std::span<const std::uint8_t> datagram, std::uint32_t seq) {
  const auto* h = reinterpret_cast<const nlmsghdr*>(datagram.data());
  int remaining = datagram.size() > 0x7fffffff ? 0x7fffffff : static_cast<int>(datagram.size());
  for (; mnl_nlmsg_ok(h, remaining); h = mnl_nlmsg_next(h, &remaining)) {
    if (h->nlmsg_type != NLMSG_ERROR || h->nlmsg_seq != seq) continue;
    const std::size_t payload = mnl_nlmsg_get_payload_len(h);
    if (payload < sizeof(nlmsgerr)) continue;
    const auto* err = static_cast<const nlmsgerr*>(mnl_nlmsg_get_payload(h));
    NetlinkAck ack;
    ack.code = -err->error;
    if ((h->nlmsg_flags & NLM_F_ACK_TLVS) != 0) {
      // The TLVs follow the echoed request, or only its header when capped.
      std::size_t offset = sizeof(nlmsgerr);
      if ((h->nlmsg_flags & NLM_F_CAPPED) == 0) {
        if (err->msg.nlmsg_len < sizeof(nlmsghdr)) return ack;
        offset += MNL_ALIGN(err->msg.nlmsg_len) - sizeof(nlmsghdr);
      }
      if (offset <= payload) {
        mnl_attr_parse(h, static_cast<unsigned>(offset), collect_message, &ack.kernel_message);
      }
    }
    return ack;
  }
  return std::nullopt;
}

}  // namespace hip::io
