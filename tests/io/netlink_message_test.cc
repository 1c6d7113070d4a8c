// rtnetlink requests as bytes, read back with libmnl's own parser, and acks
// (plain, with an extended-ack message, capped or not) built here with libmnl.
#include "io/netlink_message.h"

#include <gtest/gtest.h>
#include <libmnl/libmnl.h>
#include <linux/if.h>
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>
#include <sys/socket.h>

#include <array>
#include <cstring>
#include <map>
#include <vector>

#include "io/netlink.h"

namespace hip::io {
namespace {

using Bytes = std::vector<std::uint8_t>;

base::IpAddress ip(const char* text) { return *base::IpAddress::parse(text); }

// Every attribute after the family header, by type, as bytes.
std::map<int, Bytes> attributes(const nlmsghdr* h, std::size_t family_header) {
  std::map<int, Bytes> out;
  const auto cb = [](const nlattr* a, void* data) -> int {
    auto& m = *static_cast<std::map<int, Bytes>*>(data);
    const auto* p = static_cast<const std::uint8_t*>(mnl_attr_get_payload(a));
    m[mnl_attr_get_type(a)] = Bytes(p, p + mnl_attr_get_payload_len(a));
    return MNL_CB_OK;
  };
  EXPECT_EQ(mnl_attr_parse(h, static_cast<unsigned>(family_header), cb, &out), MNL_CB_OK);
  return out;
}

Bytes u32_bytes(std::uint32_t v) {
  Bytes b(4);
  std::memcpy(b.data(), &v, 4);  // netlink attributes are host order
  return b;
}

void expect_header(const NetlinkRequest& r, std::uint16_t type, std::uint16_t flags,
                   std::uint32_t seq) {
  const nlmsghdr* h = r.header();
  EXPECT_TRUE(mnl_nlmsg_ok(h, static_cast<int>(r.data().size())));
  EXPECT_EQ(h->nlmsg_type, type);
  EXPECT_EQ(h->nlmsg_flags, flags);
  EXPECT_EQ(h->nlmsg_seq, seq);
  EXPECT_EQ(h->nlmsg_len, r.data().size());
  EXPECT_EQ(h->nlmsg_len % 4, 0u);
}

TEST(NetlinkMessage, GetLinkByName) {
  const NetlinkRequest r = build_get_link(6, "hip0");
  expect_header(r, RTM_GETLINK, NLM_F_REQUEST, 6);  // no ack: the answer is the link
  const auto attrs = attributes(r.header(), sizeof(ifinfomsg));
  ASSERT_EQ(attrs.size(), 1u);
  EXPECT_EQ(attrs.at(IFLA_IFNAME), (Bytes{'h', 'i', 'p', '0', 0}));
}

TEST(NetlinkMessage, SetLinkUp) {
  const NetlinkRequest r = build_set_link(7, 42, true, std::nullopt);
  expect_header(r, RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK, 7);
  const auto* ifi = static_cast<const ifinfomsg*>(mnl_nlmsg_get_payload(r.header()));
  EXPECT_EQ(ifi->ifi_family, AF_UNSPEC);
  EXPECT_EQ(ifi->ifi_index, 42);
  EXPECT_EQ(ifi->ifi_flags, static_cast<unsigned>(IFF_UP));
  EXPECT_EQ(ifi->ifi_change, static_cast<unsigned>(IFF_UP));
  EXPECT_TRUE(attributes(r.header(), sizeof(ifinfomsg)).empty());
  // 16 header + 16 ifinfomsg, nothing else.
  EXPECT_EQ(r.data().size(), 32u);
}

TEST(NetlinkMessage, SetMtuLeavesFlagsAlone) {
  const NetlinkRequest r = build_set_link(8, 5, std::nullopt, 1415);
  expect_header(r, RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK, 8);
  const auto* ifi = static_cast<const ifinfomsg*>(mnl_nlmsg_get_payload(r.header()));
  EXPECT_EQ(ifi->ifi_change, 0u);
  EXPECT_EQ(ifi->ifi_flags, 0u);
  const auto attrs = attributes(r.header(), sizeof(ifinfomsg));
  ASSERT_EQ(attrs.size(), 1u);
  EXPECT_EQ(attrs.at(IFLA_MTU), u32_bytes(1415));
}

TEST(NetlinkMessage, SetTxQueueLenAlone) {
  const NetlinkRequest r = build_set_link(9, 6, std::nullopt, std::nullopt, 4096);
  expect_header(r, RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK, 9);
  const auto* ifi = static_cast<const ifinfomsg*>(mnl_nlmsg_get_payload(r.header()));
  EXPECT_EQ(ifi->ifi_index, 6);
  EXPECT_EQ(ifi->ifi_change, 0u);
  const auto attrs = attributes(r.header(), sizeof(ifinfomsg));
  ASSERT_EQ(attrs.size(), 1u);
  EXPECT_EQ(attrs.at(IFLA_TXQLEN), u32_bytes(4096));
}

TEST(NetlinkMessage, AddHitAddress) {
  const NetlinkRequest r = build_add_address(9, 4, ip("2001:2a:1:2:3:4:5:6"), 128);
  expect_header(r, RTM_NEWADDR, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL, 9);
  const auto* ifa = static_cast<const ifaddrmsg*>(mnl_nlmsg_get_payload(r.header()));
  EXPECT_EQ(ifa->ifa_family, AF_INET6);
  EXPECT_EQ(ifa->ifa_prefixlen, 128);
  EXPECT_EQ(ifa->ifa_flags, IFA_F_NODAD);
  EXPECT_EQ(ifa->ifa_scope, RT_SCOPE_UNIVERSE);
  EXPECT_EQ(ifa->ifa_index, 4u);
  const Bytes hit = {0x20, 0x01, 0x00, 0x2a, 0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6};
  const auto attrs = attributes(r.header(), sizeof(ifaddrmsg));
  ASSERT_EQ(attrs.size(), 2u);
  EXPECT_EQ(attrs.at(IFA_LOCAL), hit);
  EXPECT_EQ(attrs.at(IFA_ADDRESS), hit);
}

TEST(NetlinkMessage, AddLsiAddress) {
  const NetlinkRequest r = build_add_address(10, 4, ip("1.2.3.4"), 32);
  const auto* ifa = static_cast<const ifaddrmsg*>(mnl_nlmsg_get_payload(r.header()));
  EXPECT_EQ(ifa->ifa_family, AF_INET);
  EXPECT_EQ(ifa->ifa_prefixlen, 32);
  EXPECT_EQ(ifa->ifa_flags, 0);
  const auto attrs = attributes(r.header(), sizeof(ifaddrmsg));
  EXPECT_EQ(attrs.at(IFA_LOCAL), (Bytes{1, 2, 3, 4}));
  EXPECT_EQ(attrs.at(IFA_ADDRESS), (Bytes{1, 2, 3, 4}));
}

TEST(NetlinkMessage, AddOrchidRoute) {
  const NetlinkRequest r = build_add_route(11, 4, orchid_prefix(), kOrchidPrefixLen);
  expect_header(r, RTM_NEWROUTE, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL, 11);
  const auto* rt = static_cast<const rtmsg*>(mnl_nlmsg_get_payload(r.header()));
  EXPECT_EQ(rt->rtm_family, AF_INET6);
  EXPECT_EQ(rt->rtm_dst_len, 28);
  EXPECT_EQ(rt->rtm_src_len, 0);
  EXPECT_EQ(rt->rtm_table, RT_TABLE_MAIN);
  EXPECT_EQ(rt->rtm_protocol, RTPROT_STATIC);
  EXPECT_EQ(rt->rtm_scope, RT_SCOPE_LINK);
  EXPECT_EQ(rt->rtm_type, RTN_UNICAST);
  const auto attrs = attributes(r.header(), sizeof(rtmsg));
  ASSERT_EQ(attrs.size(), 2u);
  EXPECT_EQ(attrs.at(RTA_DST),
            (Bytes{0x20, 0x01, 0x00, 0x20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}));
  EXPECT_EQ(attrs.at(RTA_OIF), u32_bytes(4));
}

TEST(NetlinkMessage, AddLsiRoute) {
  const NetlinkRequest r = build_add_route(12, 9, lsi_prefix(), kLsiPrefixLen);
  const auto* rt = static_cast<const rtmsg*>(mnl_nlmsg_get_payload(r.header()));
  EXPECT_EQ(rt->rtm_family, AF_INET);
  EXPECT_EQ(rt->rtm_dst_len, 8);
  const auto attrs = attributes(r.header(), sizeof(rtmsg));
  EXPECT_EQ(attrs.at(RTA_DST), (Bytes{1, 0, 0, 0}));
  EXPECT_EQ(attrs.at(RTA_OIF), u32_bytes(9));
}

// An NLMSG_ERROR answering `request`, as the kernel builds it: the error,
// then the request (whole, or only its header when capped), then
// optionally an NLMSGERR_ATTR_MSG.
struct AckBuffer {
  alignas(nlmsghdr) std::array<std::uint8_t, 1024> bytes{};
  std::size_t size = 0;
};

AckBuffer make_ack(const NetlinkRequest& request, int error, bool capped, const char* text) {
  AckBuffer b;
  nlmsghdr* h = mnl_nlmsg_put_header(b.bytes.data());
  h->nlmsg_type = NLMSG_ERROR;
  h->nlmsg_seq = request.header()->nlmsg_seq;
  const std::size_t echoed = capped ? sizeof(nlmsghdr) : request.data().size();
  auto* err = static_cast<nlmsgerr*>(
      mnl_nlmsg_put_extra_header(h, sizeof(nlmsgerr) - sizeof(nlmsghdr) + echoed));
  err->error = -error;
  std::memcpy(&err->msg, request.data().data(), echoed);
  if (capped) h->nlmsg_flags |= NLM_F_CAPPED;
  if (text != nullptr) {
    h->nlmsg_flags |= NLM_F_ACK_TLVS;
    mnl_attr_put_strz(h, NLMSGERR_ATTR_MSG, text);
  }
  b.size = h->nlmsg_len;
  return b;
}

TEST(NetlinkAck, PlainSuccess) {
  const NetlinkRequest r = build_set_link(21, 3, true, std::nullopt);
  const AckBuffer a = make_ack(r, 0, true, nullptr);
  const auto ack = find_ack({a.bytes.data(), a.size}, 21);
  ASSERT_TRUE(ack);
  EXPECT_EQ(ack->code, 0);
  EXPECT_TRUE(ack->kernel_message.empty());
}

TEST(NetlinkAck, ErrorWithMessageCappedAndUncapped) {
  const NetlinkRequest r = build_add_route(22, 3, orchid_prefix(), 28);
  for (const bool capped : {true, false}) {
    SCOPED_TRACE(capped ? "capped" : "whole request echoed");
    const AckBuffer a = make_ack(r, ENODEV, capped, "Device not found here");
    const auto ack = find_ack({a.bytes.data(), a.size}, 22);
    ASSERT_TRUE(ack);
    EXPECT_EQ(ack->code, ENODEV);
    EXPECT_EQ(ack->kernel_message, "Device not found here");
  }
}

TEST(NetlinkAck, OtherSequenceIsNotOurs) {
  const NetlinkRequest r = build_set_link(23, 3, true, std::nullopt);
  const AckBuffer a = make_ack(r, EEXIST, true, nullptr);
  EXPECT_FALSE(find_ack({a.bytes.data(), a.size}, 24));
}

TEST(NetlinkAck, FindsTheAckAfterAnotherMessage) {
  // A stale ack for seq 30, then ours for 31, in one datagram.
  const AckBuffer first = make_ack(build_set_link(30, 3, true, std::nullopt), EPERM, true, nullptr);
  const AckBuffer second = make_ack(build_set_link(31, 3, true, std::nullopt), EEXIST, true, nullptr);
  AckBuffer both;
  std::memcpy(both.bytes.data(), first.bytes.data(), first.size);
  std::memcpy(both.bytes.data() + first.size, second.bytes.data(), second.size);
  both.size = first.size + second.size;
  const auto ack = find_ack({both.bytes.data(), both.size}, 31);
  ASSERT_TRUE(ack);
  EXPECT_EQ(ack->code, EEXIST);
}

TEST(NetlinkAck, MalformedInputIsSkipped) {
  const NetlinkRequest r = build_set_link(40, 3, true, std::nullopt);
  AckBuffer a = make_ack(r, EINVAL, false, "bad");
  // Cut short: the header says more than the datagram holds.
  EXPECT_FALSE(find_ack({a.bytes.data(), a.size - 4}, 40));
  EXPECT_FALSE(find_ack({a.bytes.data(), 10}, 40));
  EXPECT_FALSE(find_ack({}, 40));
  // An echoed request claiming to be longer than the ack: the message is
  // not read, the code still is.
  auto* err = static_cast<nlmsgerr*>(mnl_nlmsg_get_payload(reinterpret_cast<nlmsghdr*>(a.bytes.data())));
  err->msg.nlmsg_len = 900;
  const auto ack = find_ack({a.bytes.data(), a.size}, 40);
  ASSERT_TRUE(ack);
  EXPECT_EQ(ack->code, EINVAL);
  EXPECT_TRUE(ack->kernel_message.empty());
  // A payload too small for nlmsgerr.
  AckBuffer tiny;
  nlmsghdr* h = mnl_nlmsg_put_header(tiny.bytes.data());
  h->nlmsg_type = NLMSG_ERROR;
  h->nlmsg_seq = 41;
  mnl_nlmsg_put_extra_header(h, 4);
  EXPECT_FALSE(find_ack({tiny.bytes.data(), h->nlmsg_len}, 41));
}

TEST(NetlinkLink, FindsTheIndexInTheAnswer) {
  alignas(nlmsghdr) std::array<std::uint8_t, 256> buf{};
  nlmsghdr* h = mnl_nlmsg_put_header(buf.data());
  h->nlmsg_type = RTM_NEWLINK;
  h->nlmsg_seq = 50;
  auto* ifi = static_cast<ifinfomsg*>(mnl_nlmsg_put_extra_header(h, sizeof(ifinfomsg)));
  ifi->ifi_index = 7;
  mnl_attr_put_strz(h, IFLA_IFNAME, "hip0");
  const auto answer = find_link({buf.data(), h->nlmsg_len}, 50);
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->code, 0);
  EXPECT_EQ(answer->ifindex, 7u);
  EXPECT_FALSE(find_link({buf.data(), h->nlmsg_len}, 51));
}

TEST(NetlinkLink, NoSuchDevice) {
  const NetlinkRequest r = build_get_link(52, "nope0");
  const AckBuffer a = make_ack(r, ENODEV, true, "Link not found");
  const auto answer = find_link({a.bytes.data(), a.size}, 52);
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->code, ENODEV);
  EXPECT_EQ(answer->kernel_message, "Link not found");
}

TEST(NetlinkError, MessageHasOperationErrnoAndKernelText) {
  const NetlinkError e{EEXIST, "add route 2001:20::/28 on ifindex 4", "Route exists"};
  const std::string m = e.message();
  EXPECT_NE(m.find("add route 2001:20::/28 on ifindex 4"), std::string::npos);
  EXPECT_NE(m.find("errno 17"), std::string::npos);
  EXPECT_NE(m.find("Route exists"), std::string::npos);
}

}  // namespace
}  // namespace hip::io
