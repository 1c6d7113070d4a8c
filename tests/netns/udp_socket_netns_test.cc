// UDP 10500 between two namespaces: HIP control packets behind the zero
// marker, ESP and NAT keepalives, over IPv4 and IPv6 on dual-stack sockets,
// both ways, answered from the address they came to.
#include <gtest/gtest.h>

#include <chrono>
#include <optional>

#include "io/udp_framing.h"
#include "io/udp_socket.h"
#include "netns/netns_env.h"

namespace hip::io {
namespace {

using namespace std::chrono_literals;
using netns_test::NamespacePair;
using netns_test::receive_n;
using netns_test::run_in;
using Bytes = std::vector<std::uint8_t>;

base::IpAddress ip(const char* text) { return *base::IpAddress::parse(text); }

class UdpSocketNetns : public ::testing::Test {
 protected:
  void SetUp() override {
    if (const std::string why = netns_test::why_unavailable(); !why.empty()) GTEST_SKIP() << why;
    std::string error;
    pair_ = NamespacePair::create(error);
    ASSERT_TRUE(pair_) << error;
    ASSERT_TRUE(run_in(pair_->a(), [&] {
      auto s = UdpSocket::open({});
      ASSERT_TRUE(s) << s.error().message();
      a_.emplace(std::move(*s));
    }));
    ASSERT_TRUE(run_in(pair_->b(), [&] {
      auto s = UdpSocket::open({});
      ASSERT_TRUE(s) << s.error().message();
      b_.emplace(std::move(*s));
    }));
    ASSERT_TRUE(a_ && b_);
  }

  std::unique_ptr<NamespacePair> pair_;
  std::optional<UdpSocket> a_;
  std::optional<UdpSocket> b_;
};

const Bytes kHip = {59, 4, 0x01, 0x21, 0, 0, 0, 0, 0x20, 0x01, 0x00, 0x2a};
const Bytes kEsp = {0x00, 0x00, 0x10, 0x01, 0, 0, 0, 7, 1, 2, 3, 4};
const Bytes kKeepalive = {kNatKeepaliveByte};

// From `from` (local address `local`) to `peer` on 10500: a HIP control
// packet, an ESP packet and a keepalive; `to` must see each with the right
// kind and addresses; then `to` answers the HIP packet from where it came.
void exchange(UdpSocket& from, UdpSocket& to, const char* local, const char* peer) {
  SCOPED_TRACE(std::string(local) + " -> " + peer);
  SendItem items[3];
  const Bytes* payloads[3] = {&kHip, &kEsp, &kKeepalive};
  for (int i = 0; i < 3; ++i) {
    items[i].payload = *payloads[i];
    items[i].addressing.local = ip(local);
    items[i].addressing.peer = ip(peer);
    items[i].addressing.peer_port = kHipUdpPort;
  }
  items[0].hip_marker = true;
  const SendReport r = from.send_batch(items);
  ASSERT_EQ(r.sent, 3u) << r.last_error.message();

  const auto log = receive_n(to, 3, 3s);
  ASSERT_EQ(log.datagrams.size(), 3u);
  for (const auto& d : log.datagrams) {
    EXPECT_EQ(d.addressing.peer, ip(local)) << d.addressing.peer.to_string();
    EXPECT_EQ(d.addressing.local, ip(peer)) << d.addressing.local.to_string();
    EXPECT_EQ(d.addressing.peer_port, kHipUdpPort);
    EXPECT_EQ(d.addressing.local_port, kHipUdpPort);
    EXPECT_EQ(d.hop_limit, 64);
  }
  const UdpPayload hip = classify_udp_payload(log.datagrams[0].payload);
  ASSERT_EQ(hip.kind, UdpPayloadKind::hip_control);
  EXPECT_EQ(Bytes(log.datagrams[0].payload.begin() + static_cast<long>(hip.offset),
                  log.datagrams[0].payload.end()),
            kHip);
  const UdpPayload esp = classify_udp_payload(log.datagrams[1].payload);
  EXPECT_EQ(esp.kind, UdpPayloadKind::esp);
  EXPECT_EQ(esp.spi, 0x1001u);
  EXPECT_EQ(log.datagrams[1].payload, kEsp);
  EXPECT_EQ(classify_udp_payload(log.datagrams[2].payload).kind, UdpPayloadKind::nat_keepalive);

  // The answer goes back from the address the packet came to.
  SendItem reply;
  reply.payload = kHip;
  reply.hip_marker = true;
  reply.addressing = log.datagrams[0].addressing;
  ASSERT_EQ(to.send_batch({&reply, 1}).sent, 1u);
  const auto back = receive_n(from, 1, 3s);
  ASSERT_EQ(back.datagrams.size(), 1u);
  EXPECT_EQ(back.datagrams[0].addressing.peer, ip(peer));
  EXPECT_EQ(back.datagrams[0].addressing.local, ip(local));
  EXPECT_EQ(classify_udp_payload(back.datagrams[0].payload).kind, UdpPayloadKind::hip_control);
}

TEST_F(UdpSocketNetns, Ipv4BothWaysOnDualStackSockets) {
  ASSERT_NO_FATAL_FAILURE(exchange(*a_, *b_, "198.51.100.1", "192.0.2.2"));
  ASSERT_NO_FATAL_FAILURE(exchange(*b_, *a_, "192.0.2.2", "192.0.2.1"));
}

TEST_F(UdpSocketNetns, Ipv6BothWays) {
  ASSERT_NO_FATAL_FAILURE(exchange(*a_, *b_, "2001:db8:1::1", "2001:db8::2"));
  ASSERT_NO_FATAL_FAILURE(exchange(*b_, *a_, "2001:db8::2", "2001:db8::1"));
}

TEST_F(UdpSocketNetns, Ipv4OnlySocketTalksToDualStack) {
  std::optional<UdpSocket> a4;
  ASSERT_TRUE(run_in(pair_->a(), [&] {
    UdpSocketConfig c;
    c.stack = UdpSocketConfig::Stack::v4_only;
    c.port = 10501;
    auto s = UdpSocket::open(c);
    ASSERT_TRUE(s) << s.error().message();
    a4.emplace(std::move(*s));
  }));
  SendItem item;
  item.payload = kHip;
  item.hip_marker = true;
  item.addressing.local = ip("192.0.2.1");
  item.addressing.peer = ip("192.0.2.2");
  item.addressing.peer_port = kHipUdpPort;
  ASSERT_EQ(a4->send_batch({&item, 1}).sent, 1u);
  const auto log = receive_n(*b_, 1, 3s);
  ASSERT_EQ(log.datagrams.size(), 1u);
  EXPECT_EQ(log.datagrams[0].addressing.peer_port, 10501);
  EXPECT_EQ(log.datagrams[0].addressing.peer, ip("192.0.2.1"));
  SendItem reply;
  reply.payload = kEsp;
  reply.addressing = log.datagrams[0].addressing;
  ASSERT_EQ(b_->send_batch({&reply, 1}).sent, 1u);
  const auto back = receive_n(*a4, 1, 3s);
  ASSERT_EQ(back.datagrams.size(), 1u);
  EXPECT_EQ(back.datagrams[0].payload, kEsp);
  EXPECT_EQ(back.datagrams[0].addressing.local, ip("192.0.2.1"));
  EXPECT_EQ(back.datagrams[0].addressing.local_port, 10501);
}

}  // namespace
}  // namespace hip::io
