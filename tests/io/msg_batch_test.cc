// Socket addresses and packet-info control messages (msg_batch.h), alone.
#include "io/msg_batch.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>

#include <cstring>

namespace hip::io {
namespace {

base::IpAddress ip(const char* text) { return *base::IpAddress::parse(text); }

TEST(Sockaddr, EncodesPerSocketFamily) {
  sockaddr_storage s;
  EXPECT_EQ(encode_sockaddr(ip("192.0.2.1"), 10500, SocketFamily::v4, s), sizeof(sockaddr_in));
  const auto* sin = reinterpret_cast<const sockaddr_in*>(&s);
  EXPECT_EQ(ntohs(sin->sin_port), 10500);
  EXPECT_EQ(ntohl(sin->sin_addr.s_addr), 0xc0000201u);

  EXPECT_EQ(encode_sockaddr(ip("192.0.2.1"), 1, SocketFamily::dual, s), sizeof(sockaddr_in6));
  char text[INET6_ADDRSTRLEN];
  const auto* sin6 = reinterpret_cast<const sockaddr_in6*>(&s);
  EXPECT_STREQ(inet_ntop(AF_INET6, &sin6->sin6_addr, text, sizeof text), "::ffff:192.0.2.1");

  EXPECT_EQ(encode_sockaddr(ip("192.0.2.1"), 1, SocketFamily::v6, s), 0u);
  EXPECT_EQ(encode_sockaddr(ip("2001:db8::1"), 1, SocketFamily::v4, s), 0u);
}

TEST(Sockaddr, DecodeRoundTripsAndUnmaps) {
  for (const char* text : {"192.0.2.1", "2001:db8::7"}) {
    for (const SocketFamily f : {SocketFamily::v4, SocketFamily::dual}) {
      sockaddr_storage s;
      const socklen_t n = encode_sockaddr(ip(text), 4321, f, s);
      if (n == 0) continue;  // IPv6 on an IPv4 socket
      base::IpAddress a;
      std::uint16_t port = 0;
      ASSERT_TRUE(decode_sockaddr(s, n, a, port));
      EXPECT_EQ(a, ip(text));
      EXPECT_EQ(port, 4321);
    }
  }
  sockaddr_storage unix_socket{};
  unix_socket.ss_family = AF_UNIX;
  base::IpAddress a;
  std::uint16_t port = 0;
  EXPECT_FALSE(decode_sockaddr(unix_socket, sizeof unix_socket, a, port));
  sockaddr_storage short_v6{};
  short_v6.ss_family = AF_INET6;
  EXPECT_FALSE(decode_sockaddr(short_v6, 8, a, port));
}

struct Control {
  alignas(cmsghdr) std::uint8_t bytes[kControlBytes];
};

TEST(EncodeSource, UnspecifiedLocalWritesNothing) {
  Control c;
  msghdr m{};
  m.msg_control = c.bytes;
  m.msg_controllen = sizeof c.bytes;
  Addressing a;
  a.peer = ip("2001:db8::2");
  EXPECT_EQ(encode_source(a, SocketFamily::v6, m), 0);
  EXPECT_EQ(m.msg_controllen, 0u);
}

TEST(EncodeSource, IfindexAloneStillPinsTheInterface) {
  Control c;
  msghdr m{};
  m.msg_control = c.bytes;
  m.msg_controllen = sizeof c.bytes;
  Addressing a;
  a.peer = ip("fe80::2");
  a.ifindex = 5;
  ASSERT_EQ(encode_source(a, SocketFamily::v6, m), 0);
  const cmsghdr* h = CMSG_FIRSTHDR(&m);
  ASSERT_NE(h, nullptr);
  in6_pktinfo info;
  std::memcpy(&info, CMSG_DATA(h), sizeof info);
  EXPECT_EQ(info.ipi6_ifindex, 5u);
  EXPECT_TRUE(IN6_IS_ADDR_UNSPECIFIED(&info.ipi6_addr));
}

TEST(EncodeSource, Errors) {
  Control c;
  msghdr m{};
  Addressing a;
  a.local = ip("2001:db8::1");
  a.peer = ip("2001:db8::2");
  m.msg_control = c.bytes;
  m.msg_controllen = 8;  // too small for any pktinfo
  EXPECT_EQ(encode_source(a, SocketFamily::v6, m), ENOBUFS);
  m.msg_controllen = sizeof c.bytes;
  EXPECT_EQ(encode_source(a, SocketFamily::v4, m), EAFNOSUPPORT);
  a.local = ip("192.0.2.1");
  m.msg_controllen = sizeof c.bytes;
  EXPECT_EQ(encode_source(a, SocketFamily::dual, m), EINVAL);  // families differ
}

TEST(MsgBatch, SendSetsUpAtMostCapacity) {
  MsgBatch batch(3);
  const std::uint8_t payload[2] = {1, 2};
  std::vector<SendItem> items(5);
  for (auto& i : items) {
    i.payload = payload;
    i.addressing.peer = ip("2001:db8::2");
  }
  int error = -1;
  EXPECT_EQ(batch.prepare_send(items, SocketFamily::v6, false, error), 3u);
  EXPECT_EQ(error, 0);
  EXPECT_EQ(batch.messages()[0].msg_hdr.msg_iovlen, 1u);
  EXPECT_EQ(batch.messages()[0].msg_hdr.msg_control, nullptr);
  items[0].hip_marker = true;
  EXPECT_EQ(batch.prepare_send(items, SocketFamily::v6, false, error), 0u);
  EXPECT_EQ(error, EINVAL);
  EXPECT_EQ(batch.prepare_send(items, SocketFamily::v6, true, error), 3u);
  EXPECT_EQ(batch.messages()[0].msg_hdr.msg_iovlen, 2u);
}

}  // namespace
}  // namespace hip::io
