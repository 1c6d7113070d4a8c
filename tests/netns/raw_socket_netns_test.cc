// Raw HIP (139) and ESP (50) sockets between two namespaces over a veth pair:
// datagrams both ways over IPv4 and IPv6 with the source and destination
// reported correctly, explicit source addresses honoured, batches of 40.
#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <set>

#include "io/raw_socket.h"
#include "netns/netns_env.h"

namespace hip::io {
namespace {

using namespace std::chrono_literals;
using netns_test::NamespacePair;
using netns_test::receive_n;
using netns_test::run_in;
using Bytes = std::vector<std::uint8_t>;
using Family = base::IpAddress::Family;

base::IpAddress ip(const char* text) { return *base::IpAddress::parse(text); }

class RawSocketNetns : public ::testing::Test {
 protected:
  void SetUp() override {
    if (const std::string why = netns_test::why_unavailable(); !why.empty()) GTEST_SKIP() << why;
    std::string error;
    pair_ = NamespacePair::create(error);
    ASSERT_TRUE(pair_) << error;
  }

  // A raw socket of `family`/`protocol` in each namespace.
  void open_sockets(Family family, std::uint8_t protocol) {
    RawSocketConfig c;
    c.family = family;
    c.protocol = protocol;
    c.buffers = {1 << 20, 1 << 20};
    ASSERT_TRUE(run_in(pair_->a(), [&] {
      auto s = RawSocket::open(c);
      ASSERT_TRUE(s) << s.error().message();
      a_.emplace(std::move(*s));
    }));
    ASSERT_TRUE(run_in(pair_->b(), [&] {
      auto s = RawSocket::open(c);
      ASSERT_TRUE(s) << s.error().message();
      b_.emplace(std::move(*s));
    }));
    ASSERT_TRUE(a_ && b_);
  }

  // One datagram from `from` (local, peer) to `to`, and what `to` saw.
  void exchange(RawSocket& from, RawSocket& to, const char* local, const char* peer,
                const Bytes& payload) {
    SendItem item;
    item.payload = payload;
    item.addressing.local = ip(local);
    item.addressing.peer = ip(peer);
    const SendReport r = from.send_batch({&item, 1});
    ASSERT_EQ(r.sent, 1u) << r.last_error.message();
    const auto log = receive_n(to, 1, 3s);
    ASSERT_EQ(log.datagrams.size(), 1u) << "nothing arrived within 3 s";
    const auto& got = log.datagrams[0];
    EXPECT_EQ(got.status, RecvStatus::ok);
    EXPECT_EQ(got.payload, payload);
    EXPECT_EQ(got.addressing.peer, ip(local)) << got.addressing.peer.to_string();
    EXPECT_EQ(got.addressing.local, ip(peer)) << got.addressing.local.to_string();
    EXPECT_EQ(got.hop_limit, 64);  // Linux's default TTL / hop limit
    const bool v4 = ip(local).is_v4();
    EXPECT_EQ(got.ip_header_bytes, v4 ? 20u : 0u);
    EXPECT_NE(got.addressing.ifindex, 0u);  // the veth
  }

  std::unique_ptr<NamespacePair> pair_;
  std::optional<RawSocket> a_;
  std::optional<RawSocket> b_;
};

// A HIP-looking payload: Next Header 59, Header Length, type, version... The
// socket does not parse it; its bytes must arrive unchanged.
Bytes hip_payload(std::uint8_t tag) {
  Bytes p = {59, 4, 0x01, 0x21, 0x00, 0x00, 0x00, 0x00};
  for (int i = 0; i < 32; ++i) p.push_back(static_cast<std::uint8_t>(tag + i));
  return p;
}

TEST_F(RawSocketNetns, HipOverIpv4BothWaysWithExplicitSources) {
  ASSERT_NO_FATAL_FAILURE(open_sockets(Family::v4, kProtoHip));
  // A sends from its second address; B sees it, and answers to it.
  ASSERT_NO_FATAL_FAILURE(exchange(*a_, *b_, "198.51.100.1", "192.0.2.2", hip_payload(1)));
  ASSERT_NO_FATAL_FAILURE(exchange(*b_, *a_, "192.0.2.2", "198.51.100.1", hip_payload(2)));
  ASSERT_NO_FATAL_FAILURE(exchange(*b_, *a_, "198.51.100.2", "192.0.2.1", hip_payload(3)));
}

TEST_F(RawSocketNetns, HipOverIpv6BothWaysWithExplicitSources) {
  ASSERT_NO_FATAL_FAILURE(open_sockets(Family::v6, kProtoHip));
  ASSERT_NO_FATAL_FAILURE(exchange(*a_, *b_, "2001:db8:1::1", "2001:db8::2", hip_payload(4)));
  ASSERT_NO_FATAL_FAILURE(exchange(*b_, *a_, "2001:db8::2", "2001:db8:1::1", hip_payload(5)));
  ASSERT_NO_FATAL_FAILURE(exchange(*b_, *a_, "2001:db8:1::2", "2001:db8::1", hip_payload(6)));
}

TEST_F(RawSocketNetns, EspOverIpv4) {
  ASSERT_NO_FATAL_FAILURE(open_sockets(Family::v4, kProtoEsp));
  const Bytes esp = {0x00, 0x00, 0x10, 0x01, 0, 0, 0, 1, 0xde, 0xad, 0xbe, 0xef};
  ASSERT_NO_FATAL_FAILURE(exchange(*a_, *b_, "192.0.2.1", "192.0.2.2", esp));
  ASSERT_NO_FATAL_FAILURE(exchange(*b_, *a_, "192.0.2.2", "192.0.2.1", esp));
}

// 40 datagrams in one send_batch, each with its index, received in batches.
void batch_of_40(RawSocket& from, RawSocket& to, const char* local, const char* peer) {
  constexpr std::size_t kCount = 40;
  std::vector<Bytes> payloads;
  for (std::size_t i = 0; i < kCount; ++i) {
    Bytes p = hip_payload(static_cast<std::uint8_t>(i));
    p.push_back(static_cast<std::uint8_t>(i));
    p.resize(100 + i, 0xab);
    payloads.push_back(p);
  }
  std::vector<SendItem> items(kCount);
  for (std::size_t i = 0; i < kCount; ++i) {
    items[i].payload = payloads[i];
    items[i].addressing.local = ip(local);
    items[i].addressing.peer = ip(peer);
  }
  const SendReport r = from.send_batch(items);
  EXPECT_EQ(r.sent, kCount) << r.last_error.message();
  EXPECT_EQ(r.handled, kCount);

  const auto log = receive_n(to, kCount, 5s);
  ASSERT_EQ(log.datagrams.size(), kCount);
  std::set<std::size_t> seen;
  for (const auto& d : log.datagrams) {
    ASSERT_EQ(d.status, RecvStatus::ok);
    ASSERT_GE(d.payload.size(), 100u);
    const std::size_t index = d.payload.size() - 100;
    ASSERT_LT(index, kCount);
    EXPECT_EQ(d.payload, payloads[index]);
    EXPECT_EQ(d.addressing.peer, ip(local));
    EXPECT_EQ(d.addressing.local, ip(peer));
    seen.insert(index);
  }
  EXPECT_EQ(seen.size(), kCount);
  // All were queued before the first receive: recvmmsg took several at once.
  EXPECT_GT(log.largest_batch, 1u);
}

TEST_F(RawSocketNetns, BatchOf40OverIpv6) {
  ASSERT_NO_FATAL_FAILURE(open_sockets(Family::v6, kProtoHip));
  ASSERT_NO_FATAL_FAILURE(batch_of_40(*a_, *b_, "2001:db8::1", "2001:db8::2"));
  ASSERT_NO_FATAL_FAILURE(batch_of_40(*b_, *a_, "2001:db8:1::2", "2001:db8:1::1"));
}

TEST_F(RawSocketNetns, BatchOf40OverIpv4) {
  ASSERT_NO_FATAL_FAILURE(open_sockets(Family::v4, kProtoHip));
  ASSERT_NO_FATAL_FAILURE(batch_of_40(*a_, *b_, "192.0.2.1", "192.0.2.2"));
  ASSERT_NO_FATAL_FAILURE(batch_of_40(*b_, *a_, "198.51.100.2", "198.51.100.1"));
}

TEST_F(RawSocketNetns, SourceThatIsNotOursFails) {
  ASSERT_NO_FATAL_FAILURE(open_sockets(Family::v6, kProtoHip));
  const Bytes p = hip_payload(9);
  SendItem item;
  item.payload = p;
  item.addressing.local = ip("2001:db8::77");  // not an address of A
  item.addressing.peer = ip("2001:db8::2");
  const SendReport r = a_->send_batch({&item, 1});
  EXPECT_EQ(r.sent, 0u);
  EXPECT_EQ(r.failed, 1u);
  EXPECT_NE(r.last_error.code, 0);
  EXPECT_EQ(r.handled, 1u);
}

}  // namespace
}  // namespace hip::io
