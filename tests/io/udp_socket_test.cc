// UdpSocket against the fake kernel: dual-stack set-up, IPv4-mapped
// addresses in and out, ports, the HIP zero marker on send.
#include "io/udp_socket.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>

#include <cstring>

#include "io/fake_sys.h"

namespace hip::io {
namespace {

using test::Bytes;
using test::FakeSys;
using test::Inbound;
using test::make_cmsg;

base::IpAddress ip(const char* text) { return *base::IpAddress::parse(text); }

std::string v6_text(const in6_addr& a) {
  char text[INET6_ADDRSTRLEN];
  return inet_ntop(AF_INET6, &a, text, sizeof text);
}

TEST(UdpSocket, DualStackBindsWildcardPort10500) {
  FakeSys sys;
  auto s = UdpSocket::open({}, sys);
  ASSERT_TRUE(s) << s.error().message();
  EXPECT_EQ(s->port(), 10500);
  ASSERT_EQ(sys.sockets.size(), 1u);
  EXPECT_EQ(sys.sockets[0].domain, AF_INET6);
  EXPECT_EQ(sys.sockets[0].type, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC);
  EXPECT_TRUE(sys.has_option(IPPROTO_IPV6, IPV6_V6ONLY, 0));
  EXPECT_TRUE(sys.has_option(IPPROTO_IPV6, IPV6_RECVPKTINFO, 1));
  EXPECT_TRUE(sys.has_option(IPPROTO_IP, IP_RECVTTL, 1));
  EXPECT_TRUE(sys.has_option(IPPROTO_IP, IP_RECVTOS, 1));
  ASSERT_TRUE(sys.bound);
  const auto* b = reinterpret_cast<const sockaddr_in6*>(&*sys.bound);
  EXPECT_EQ(b->sin6_family, AF_INET6);
  EXPECT_EQ(ntohs(b->sin6_port), 10500);
  EXPECT_EQ(v6_text(b->sin6_addr), "::");
}

TEST(UdpSocket, PortZeroReportsTheKernelsChoice) {
  FakeSys sys;
  sys.ephemeral_port = 41234;
  UdpSocketConfig c;
  c.port = 0;
  auto s = UdpSocket::open(c, sys);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->port(), 41234);
}

TEST(UdpSocket, V4OnlyUsesAfInetAndIpPktinfo) {
  FakeSys sys;
  UdpSocketConfig c;
  c.stack = UdpSocketConfig::Stack::v4_only;
  auto s = UdpSocket::open(c, sys);
  ASSERT_TRUE(s);
  EXPECT_EQ(sys.sockets[0].domain, AF_INET);
  EXPECT_TRUE(sys.has_option(IPPROTO_IP, IP_PKTINFO, 1));
  EXPECT_FALSE(sys.has_option(IPPROTO_IPV6, IPV6_V6ONLY, 0));
  const auto* b = reinterpret_cast<const sockaddr_in*>(&*sys.bound);
  EXPECT_EQ(b->sin_family, AF_INET);
  EXPECT_EQ(b->sin_addr.s_addr, 0u);

  // Receive with IP_PKTINFO, IP_TTL (an int) and IP_TOS (one byte).
  Inbound in;
  in.bytes = {0, 0, 0, 0, 1, 2, 3};
  in.from = test::sockaddr_v4("198.51.100.9", 10500, in.from_size);
  in_pktinfo info{};
  inet_pton(AF_INET, "192.0.2.1", &info.ipi_addr);
  info.ipi_ifindex = 3;
  const std::uint8_t tos = 0x2e;
  in.cmsgs = {make_cmsg(IPPROTO_IP, IP_PKTINFO, info), make_cmsg(IPPROTO_IP, IP_TTL, 17),
              make_cmsg(IPPROTO_IP, IP_TOS, tos)};
  sys.inbound.push_back(in);
  Bytes buffer(100);
  RecvSlot slot;
  slot.buffer = buffer;
  auto n = s->receive_batch({&slot, 1});
  ASSERT_TRUE(n);
  ASSERT_EQ(*n, 1u);
  EXPECT_EQ(slot.addressing.peer, ip("198.51.100.9"));
  EXPECT_EQ(slot.addressing.local, ip("192.0.2.1"));
  EXPECT_EQ(slot.addressing.ifindex, 3u);
  EXPECT_EQ(slot.hop_limit, 17);
  EXPECT_EQ(slot.tclass, 0x2e);

  // Send with IP_PKTINFO.
  const Bytes esp = {0, 0, 0x10, 0, 0, 0, 0, 1};
  SendItem item;
  item.payload = esp;
  item.addressing.local = ip("192.0.2.1");
  item.addressing.peer = ip("198.51.100.9");
  item.addressing.peer_port = 10500;
  ASSERT_EQ(s->send_batch({&item, 1}).sent, 1u);
  ASSERT_EQ(sys.sent.size(), 1u);
  ASSERT_EQ(sys.sent[0].cmsgs.size(), 1u);
  EXPECT_EQ(sys.sent[0].cmsgs[0].type, IP_PKTINFO);
}

TEST(UdpSocket, Ipv4PeerOnDualStackIsMappedBothWays) {
  FakeSys sys;
  auto s = UdpSocket::open({}, sys);
  ASSERT_TRUE(s);
  Inbound in;
  in.bytes = {0xff};
  in.from = test::sockaddr_v6("::ffff:198.51.100.9", 4500, in.from_size);
  in6_pktinfo info{};
  inet_pton(AF_INET6, "::ffff:192.0.2.1", &info.ipi6_addr);
  in.cmsgs = {make_cmsg(IPPROTO_IPV6, IPV6_PKTINFO, info), make_cmsg(IPPROTO_IP, IP_TTL, 50)};
  sys.inbound.push_back(in);
  Bytes buffer(64);
  RecvSlot slot;
  slot.buffer = buffer;
  slot.offset = 8;
  auto n = s->receive_batch({&slot, 1});
  ASSERT_TRUE(n);
  ASSERT_EQ(*n, 1u);
  EXPECT_TRUE(slot.addressing.peer.is_v4());
  EXPECT_EQ(slot.addressing.peer, ip("198.51.100.9"));
  EXPECT_EQ(slot.addressing.peer_port, 4500);
  EXPECT_EQ(slot.addressing.local, ip("192.0.2.1"));
  EXPECT_EQ(slot.addressing.local_port, 10500);
  EXPECT_EQ(slot.hop_limit, 50);
  EXPECT_EQ(slot.payload_offset, 8u);
  EXPECT_EQ(classify_udp_payload(slot.payload()).kind, UdpPayloadKind::nat_keepalive);

  // The reply: HIP control with the marker, from the address it came to.
  const Bytes hip = {0x3b, 0x05, 0x02, 0x21};
  SendItem item;
  item.payload = hip;
  item.hip_marker = true;
  item.addressing = slot.addressing;  // local: where it came to; peer: where from
  ASSERT_EQ(s->send_batch({&item, 1}).sent, 1u);
  ASSERT_EQ(sys.sent.size(), 1u);
  EXPECT_EQ(sys.sent[0].bytes, (Bytes{0, 0, 0, 0, 0x3b, 0x05, 0x02, 0x21}));
  EXPECT_EQ(sys.sent[0].iov_count, 2u);  // marker and packet, no copy
  const auto* to = reinterpret_cast<const sockaddr_in6*>(&sys.sent[0].to);
  EXPECT_EQ(v6_text(to->sin6_addr), "::ffff:198.51.100.9");
  EXPECT_EQ(ntohs(to->sin6_port), 4500);
  ASSERT_EQ(sys.sent[0].cmsgs.size(), 1u);
  in6_pktinfo src;
  std::memcpy(&src, sys.sent[0].cmsgs[0].data.data(), sizeof src);
  EXPECT_EQ(v6_text(src.ipi6_addr), "::ffff:192.0.2.1");
}

TEST(UdpSocket, V6OnlyRefusesIpv4Peers) {
  FakeSys sys;
  UdpSocketConfig c;
  c.stack = UdpSocketConfig::Stack::v6_only;
  auto s = UdpSocket::open(c, sys);
  ASSERT_TRUE(s);
  EXPECT_TRUE(sys.has_option(IPPROTO_IPV6, IPV6_V6ONLY, 1));
  const Bytes p = {1, 2, 3, 4, 5, 6, 7, 8};
  SendItem item;
  item.payload = p;
  item.addressing.peer = ip("192.0.2.2");
  item.addressing.peer_port = 10500;
  const SendReport r = s->send_batch({&item, 1});
  EXPECT_EQ(r.failed, 1u);
  EXPECT_EQ(r.last_error.code, EAFNOSUPPORT);
  EXPECT_TRUE(sys.sent.empty());
}

TEST(UdpSocket, BindToOneAddress) {
  FakeSys sys;
  UdpSocketConfig c;
  c.bind_to_address = true;
  c.bind_address = ip("2001:db8::1");
  c.port = 10501;
  auto s = UdpSocket::open(c, sys);
  ASSERT_TRUE(s);
  const auto* b = reinterpret_cast<const sockaddr_in6*>(&*sys.bound);
  EXPECT_EQ(v6_text(b->sin6_addr), "2001:db8::1");
  EXPECT_EQ(ntohs(b->sin6_port), 10501);
}

}  // namespace
}  // namespace hip::io
