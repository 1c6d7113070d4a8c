// RawSocket against the fake kernel: options, batched receive with address
// reporting, batched send with explicit sources, partial sends and errors.
#include "io/raw_socket.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>

#include <cstring>

#include "io/fake_sys.h"

namespace hip::io {
namespace {

using test::Bytes;
using test::Cmsg;
using test::FakeSys;
using test::Inbound;
using test::make_cmsg;

base::IpAddress ip(const char* text) { return *base::IpAddress::parse(text); }

RawSocketConfig v6_hip() { return RawSocketConfig{}; }
RawSocketConfig v4_esp() {
  RawSocketConfig c;
  c.family = base::IpAddress::Family::v4;
  c.protocol = kProtoEsp;
  return c;
}

in6_pktinfo pktinfo6(const char* address, unsigned ifindex) {
  in6_pktinfo info{};
  inet_pton(AF_INET6, address, &info.ipi6_addr);
  info.ipi6_ifindex = ifindex;
  return info;
}

// A receive buffer with 32 bytes of headroom, as hipd reads ESP.
struct Slots {
  std::vector<Bytes> buffers;
  std::vector<RecvSlot> slots;
  explicit Slots(std::size_t n, std::size_t room = 256, std::size_t offset = 32)
      : buffers(n, Bytes(offset + room)), slots(n) {
    for (std::size_t i = 0; i < n; ++i) {
      slots[i].buffer = buffers[i];
      slots[i].offset = offset;
    }
  }
};

TEST(RawSocket, OpensIpv6WithPacketInfoOptions) {
  FakeSys sys;
  auto s = RawSocket::open(v6_hip(), sys);
  ASSERT_TRUE(s) << s.error().message();
  ASSERT_EQ(sys.sockets.size(), 1u);
  EXPECT_EQ(sys.sockets[0].domain, AF_INET6);
  EXPECT_EQ(sys.sockets[0].type, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC);
  EXPECT_EQ(sys.sockets[0].protocol, 139);
  // The kernel refuses IPV6_V6ONLY on raw sockets; they are IPv6-only anyway.
  EXPECT_FALSE(sys.has_option(IPPROTO_IPV6, IPV6_V6ONLY, 1));
  EXPECT_TRUE(sys.has_option(IPPROTO_IPV6, IPV6_RECVPKTINFO, 1));
  EXPECT_TRUE(sys.has_option(IPPROTO_IPV6, IPV6_RECVHOPLIMIT, 1));
  EXPECT_TRUE(sys.has_option(IPPROTO_IPV6, IPV6_RECVTCLASS, 1));
}

TEST(RawSocket, ClosesItsFdThroughTheSeam) {
  FakeSys sys;
  { auto s = RawSocket::open(v4_esp(), sys); ASSERT_TRUE(s); }
  EXPECT_TRUE(sys.open_fds.empty());
  EXPECT_EQ(sys.closed.size(), 1u);
  EXPECT_EQ(sys.sockets[0].domain, AF_INET);
  EXPECT_EQ(sys.sockets[0].protocol, 50);
  EXPECT_TRUE(sys.has_option(IPPROTO_IP, IP_PKTINFO, 1));
}

TEST(RawSocket, BufferSizesTryForceThenPlain) {
  FakeSys sys;
  sys.refused_options[{SOL_SOCKET, SO_RCVBUFFORCE}] = EPERM;  // not root
  RawSocketConfig c = v6_hip();
  c.buffers = {1 << 20, 1 << 19};
  auto s = RawSocket::open(c, sys);
  ASSERT_TRUE(s);
  EXPECT_TRUE(sys.has_option(SOL_SOCKET, SO_RCVBUF, 1 << 20));
  EXPECT_TRUE(sys.has_option(SOL_SOCKET, SO_SNDBUFFORCE, 1 << 19));
  EXPECT_FALSE(sys.has_option(SOL_SOCKET, SO_SNDBUF, 1 << 19));
}

TEST(RawSocket, SocketFailureCarriesErrno) {
  FakeSys sys;
  sys.socket_error = EPERM;
  auto s = RawSocket::open(v6_hip(), sys);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, EPERM);
  EXPECT_STREQ(s.error().call, "socket");
}

TEST(RawSocket, Ipv6ReceiveReportsBothAddressesAndHints) {
  FakeSys sys;
  auto s = RawSocket::open(v6_hip(), sys);
  ASSERT_TRUE(s);
  for (int i = 0; i < 3; ++i) {
    Inbound in;
    in.bytes = Bytes(10 + i, static_cast<std::uint8_t>(0x50 + i));
    in.from = test::sockaddr_v6(i == 2 ? "2001:db8::99" : "2001:db8::2", 0, in.from_size);
    in.cmsgs = {make_cmsg(IPPROTO_IPV6, IPV6_PKTINFO, pktinfo6("2001:db8::1", 7)),
                make_cmsg(IPPROTO_IPV6, IPV6_HOPLIMIT, 63),
                make_cmsg(IPPROTO_IPV6, IPV6_TCLASS, 0x28)};
    sys.inbound.push_back(in);
  }
  Slots b(5);
  auto n = s->receive_batch(b.slots);
  ASSERT_TRUE(n);
  ASSERT_EQ(*n, 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    SCOPED_TRACE(i);
    const RecvSlot& r = b.slots[i];
    EXPECT_EQ(r.status, RecvStatus::ok);
    EXPECT_EQ(r.payload_offset, 32u);
    EXPECT_EQ(r.length, 10 + i);
    EXPECT_EQ(r.payload()[0], 0x50 + i);
    EXPECT_EQ(r.ip_header_bytes, 0u);
    EXPECT_EQ(r.addressing.peer, ip(i == 2 ? "2001:db8::99" : "2001:db8::2"));
    EXPECT_EQ(r.addressing.local, ip("2001:db8::1"));
    EXPECT_EQ(r.addressing.ifindex, 7u);
    EXPECT_EQ(r.hop_limit, 63);
    EXPECT_EQ(r.tclass, 0x28);
  }
  // Nothing left: 0, not an error.
  auto none = s->receive_batch(b.slots);
  ASSERT_TRUE(none);
  EXPECT_EQ(*none, 0u);
}

TEST(RawSocket, Ipv4ReceiveStripsTheHeader) {
  FakeSys sys;
  auto s = RawSocket::open(v4_esp(), sys);
  ASSERT_TRUE(s);
  Inbound in;
  // 198.51.100.2 -> 192.0.2.1, ESP, TTL 9, TOS 0x10, IHL 5, 28 bytes.
  in.bytes = {0x45, 0x10, 0x00, 28, 0, 0, 0, 0, 9, 50, 0, 0, 198, 51, 100, 2, 192, 0, 2, 1,
              0x00, 0x00, 0x10, 0x01, 0, 0, 0, 5};  // SPI 0x1001, seq 5
  in.from = test::sockaddr_v4("198.51.100.2", 0, in.from_size);
  sys.inbound.push_back(in);
  Slots b(2);
  auto n = s->receive_batch(b.slots);
  ASSERT_TRUE(n);
  ASSERT_EQ(*n, 1u);
  const RecvSlot& r = b.slots[0];
  ASSERT_EQ(r.status, RecvStatus::ok);
  EXPECT_EQ(r.ip_header_bytes, 20u);
  EXPECT_EQ(r.payload_offset, 52u);
  EXPECT_EQ(r.length, 8u);
  EXPECT_EQ(Bytes(r.payload().begin(), r.payload().end()),
            (Bytes{0x00, 0x00, 0x10, 0x01, 0, 0, 0, 5}));
  EXPECT_EQ(r.addressing.peer, ip("198.51.100.2"));
  EXPECT_EQ(r.addressing.local, ip("192.0.2.1"));
  EXPECT_EQ(r.hop_limit, 9);
  EXPECT_EQ(r.tclass, 0x10);
}

TEST(RawSocket, TruncatedAndBadHeaderSlotsAreMarked) {
  FakeSys sys;
  auto s = RawSocket::open(v4_esp(), sys);
  ASSERT_TRUE(s);
  Inbound big;
  big.bytes = Bytes(300, 0x45);
  sys.inbound.push_back(big);
  Inbound bad;
  bad.bytes = Bytes(40, 0x60);  // version 6 on an IPv4 socket
  sys.inbound.push_back(bad);
  Slots b(2, 100);
  auto n = s->receive_batch(b.slots);
  ASSERT_TRUE(n);
  ASSERT_EQ(*n, 2u);
  EXPECT_EQ(b.slots[0].status, RecvStatus::truncated);
  EXPECT_EQ(b.slots[0].length, 100u);
  EXPECT_EQ(b.slots[1].status, RecvStatus::bad_ip_header);
}

TEST(RawSocket, ReceiveTakesAtMostMaxBatch) {
  FakeSys sys;
  RawSocketConfig c = v6_hip();
  c.max_batch = 2;
  auto s = RawSocket::open(c, sys);
  ASSERT_TRUE(s);
  for (int i = 0; i < 3; ++i) sys.inbound.push_back(Inbound{Bytes(4, 1), {}, 0, {}});
  Slots b(8);
  auto n = s->receive_batch(b.slots);
  ASSERT_TRUE(n);
  EXPECT_EQ(*n, 2u);
  EXPECT_EQ(sys.inbound.size(), 1u);
}

TEST(RawSocket, SendSetsDestinationAndSource) {
  FakeSys sys;
  auto s = RawSocket::open(v6_hip(), sys);
  ASSERT_TRUE(s);
  const Bytes p1 = {1, 2, 3};
  const Bytes p2 = {4, 5};
  SendItem items[2];
  items[0].payload = p1;
  items[0].addressing.local = ip("2001:db8::1");
  items[0].addressing.peer = ip("2001:db8::2");
  items[1].payload = p2;
  items[1].addressing.peer = ip("2001:db8::3");  // no source: the kernel picks
  const SendReport r = s->send_batch(items);
  EXPECT_EQ(r.handled, 2u);
  EXPECT_EQ(r.sent, 2u);
  EXPECT_EQ(r.failed, 0u);
  ASSERT_EQ(sys.sent.size(), 2u);
  EXPECT_EQ(sys.sendmmsg_counts, std::vector<unsigned>{2});

  const auto* to = reinterpret_cast<const sockaddr_in6*>(&sys.sent[0].to);
  EXPECT_EQ(to->sin6_family, AF_INET6);
  char text[INET6_ADDRSTRLEN];
  EXPECT_STREQ(inet_ntop(AF_INET6, &to->sin6_addr, text, sizeof text), "2001:db8::2");
  EXPECT_EQ(sys.sent[0].bytes, p1);
  ASSERT_EQ(sys.sent[0].cmsgs.size(), 1u);
  const Cmsg& c = sys.sent[0].cmsgs[0];
  EXPECT_EQ(c.level, IPPROTO_IPV6);
  EXPECT_EQ(c.type, IPV6_PKTINFO);
  in6_pktinfo info;
  ASSERT_EQ(c.data.size(), sizeof info);
  std::memcpy(&info, c.data.data(), sizeof info);
  EXPECT_STREQ(inet_ntop(AF_INET6, &info.ipi6_addr, text, sizeof text), "2001:db8::1");
  EXPECT_EQ(info.ipi6_ifindex, 0u);

  EXPECT_TRUE(sys.sent[1].cmsgs.empty());
  EXPECT_EQ(sys.sent[1].bytes, p2);
}

TEST(RawSocket, Ipv4SendUsesIpPktinfo) {
  FakeSys sys;
  auto s = RawSocket::open(v4_esp(), sys);
  ASSERT_TRUE(s);
  const Bytes p = {9, 9};
  SendItem item;
  item.payload = p;
  item.addressing.local = ip("192.0.2.1");
  item.addressing.peer = ip("198.51.100.2");
  const SendReport r = s->send_batch({&item, 1});
  EXPECT_EQ(r.sent, 1u);
  ASSERT_EQ(sys.sent.size(), 1u);
  const auto* to = reinterpret_cast<const sockaddr_in*>(&sys.sent[0].to);
  EXPECT_EQ(to->sin_family, AF_INET);
  EXPECT_EQ(ntohl(to->sin_addr.s_addr), 0xc6336402u);  // 198.51.100.2
  ASSERT_EQ(sys.sent[0].cmsgs.size(), 1u);
  EXPECT_EQ(sys.sent[0].cmsgs[0].level, IPPROTO_IP);
  EXPECT_EQ(sys.sent[0].cmsgs[0].type, IP_PKTINFO);
  in_pktinfo info;
  std::memcpy(&info, sys.sent[0].cmsgs[0].data.data(), sizeof info);
  EXPECT_EQ(ntohl(info.ipi_spec_dst.s_addr), 0xc0000201u);  // 192.0.2.1
}

std::vector<SendItem> items_to(const char* peer, std::size_t n, const Bytes& payload) {
  std::vector<SendItem> items(n);
  for (auto& i : items) {
    i.payload = payload;
    i.addressing.peer = ip(peer);
  }
  return items;
}

TEST(RawSocket, FullSocketBufferStopsTheBatch) {
  FakeSys sys;
  auto s = RawSocket::open(v6_hip(), sys);
  ASSERT_TRUE(s);
  sys.send_script = {{2, 0}, {0, EAGAIN}};
  const Bytes p = {1};
  const auto items = items_to("2001:db8::2", 5, p);
  const SendReport r = s->send_batch(items);
  EXPECT_EQ(r.sent, 2u);
  EXPECT_EQ(r.failed, 0u);
  EXPECT_EQ(r.handled, 2u);
  EXPECT_TRUE(r.blocked(items.size()));
  EXPECT_EQ(sys.sendmmsg_counts, (std::vector<unsigned>{5, 3}));
}

TEST(RawSocket, FailingItemIsSkippedAndTheRestSent) {
  FakeSys sys;
  auto s = RawSocket::open(v6_hip(), sys);
  ASSERT_TRUE(s);
  // 1 taken, then the kernel refuses the next one (too big), then the rest.
  sys.send_script = {{1, 0}, {0, EMSGSIZE}};
  const Bytes p = {1};
  const auto items = items_to("2001:db8::2", 4, p);
  const SendReport r = s->send_batch(items);
  EXPECT_EQ(r.sent, 3u);
  EXPECT_EQ(r.failed, 1u);
  EXPECT_EQ(r.handled, 4u);
  EXPECT_EQ(r.last_error.code, EMSGSIZE);
  EXPECT_EQ(sys.sendmmsg_counts, (std::vector<unsigned>{4, 3, 2}));
}

TEST(RawSocket, WrongFamilyAndMarkerItemsFailAlone) {
  FakeSys sys;
  auto s = RawSocket::open(v6_hip(), sys);
  ASSERT_TRUE(s);
  const Bytes p = {1};
  auto items = items_to("2001:db8::2", 4, p);
  items[1].addressing.peer = ip("192.0.2.2");  // IPv4 on an IPv6 raw socket
  items[2].hip_marker = true;                   // UDP only
  items[3].addressing.local = ip("192.0.2.1");  // source family differs from peer
  const SendReport r = s->send_batch(items);
  EXPECT_EQ(r.sent, 1u);
  EXPECT_EQ(r.failed, 3u);
  EXPECT_EQ(r.handled, 4u);
  EXPECT_EQ(r.last_error.code, EINVAL);
  ASSERT_EQ(sys.sent.size(), 1u);
}

TEST(RawSocket, LargeBatchesGoInChunksOfMaxBatch) {
  FakeSys sys;
  RawSocketConfig c = v6_hip();
  c.max_batch = 4;
  auto s = RawSocket::open(c, sys);
  ASSERT_TRUE(s);
  const Bytes p = {7};
  const auto items = items_to("2001:db8::2", 10, p);
  const SendReport r = s->send_batch(items);
  EXPECT_EQ(r.sent, 10u);
  EXPECT_EQ(sys.sendmmsg_counts, (std::vector<unsigned>{4, 4, 2}));
}

}  // namespace
}  // namespace hip::io
