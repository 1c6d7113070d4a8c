// The TUN device in a namespace, configured over rtnetlink as hipd does it:
// MTU, link up, the HIT with the ORCHID route, the LSI with its route. Then
// a ping6 to a HIT in 2001:20::/28 comes out of the TUN fd, a reply written
// to the fd completes the ping, and UDP packets written to the fd reach
// sockets bound to the HIT and the LSI.
#include <gtest/gtest.h>

#include <chrono>
#include <cstring>
#include <optional>
#include <thread>

#include "io/netlink.h"
#include "io/tun.h"
#include "io/udp_socket.h"
#include "netns/netns_env.h"
#include "support/ip_frames.h"
#include "support/subprocess.h"

namespace hip::io {
namespace {

using namespace std::chrono_literals;
using netns_test::NamespacePair;
using netns_test::receive_n;
using netns_test::run;
using netns_test::run_in;
using Bytes = std::vector<std::uint8_t>;

base::IpAddress ip(const char* text) { return *base::IpAddress::parse(text); }

constexpr const char* kHit = "2001:2a:5::1";        // ours, in 2001:20::/28
constexpr const char* kPeerHit = "2001:2a:5::99";   // a peer's HIT, routed into hip0
constexpr const char* kLsi = "1.0.0.1";
constexpr const char* kPeerLsi = "1.0.0.2";
constexpr std::uint32_t kMtu = 1400;

// RFC 4443 §2.3: the Internet checksum over the IPv6 pseudo header (RFC 8200
// §8.1) and the ICMPv6 message. Written here, apart from the code under test.
std::uint16_t icmpv6_checksum(const Bytes& src, const Bytes& dst, const Bytes& message) {
  std::uint32_t sum = 0;
  auto add = [&](const Bytes& b) {
    for (std::size_t i = 0; i < b.size(); i += 2) {
      sum += static_cast<std::uint32_t>(b[i] << 8) + (i + 1 < b.size() ? b[i + 1] : 0);
    }
  };
  add(src);
  add(dst);
  const auto len = static_cast<std::uint32_t>(message.size());
  add(Bytes{static_cast<std::uint8_t>(len >> 24), static_cast<std::uint8_t>(len >> 16),
            static_cast<std::uint8_t>(len >> 8), static_cast<std::uint8_t>(len), 0, 0, 0, 58});
  add(message);
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return static_cast<std::uint16_t>(~sum);
}

Bytes addr_bytes(const char* text) {
  const auto a = ip(text);
  return Bytes(a.bytes().begin(), a.bytes().end());
}

class TunNetns : public ::testing::Test {
 protected:
  void SetUp() override {
    if (const std::string why = netns_test::why_unavailable(); !why.empty()) GTEST_SKIP() << why;
    if (!test::file_exists("/dev/net/tun")) GTEST_SKIP() << "no /dev/net/tun";
    std::string error;
    pair_ = NamespacePair::create(error);
    ASSERT_TRUE(pair_) << error;
    ASSERT_TRUE(run_in(pair_->a(), [&] {
      auto t = Tun::open({"hip0"});
      ASSERT_TRUE(t) << t.error().message();
      tun_.emplace(std::move(*t));
      auto n = Netlink::open();
      ASSERT_TRUE(n) << n.error().message();
      netlink_.emplace(std::move(*n));
    }));
    ASSERT_TRUE(tun_ && netlink_);
    // The netlink socket stays in namespace A whichever thread uses it.
    auto index = netlink_->link_index(tun_->name());
    ASSERT_TRUE(index) << index.error().message();
    ifindex_ = *index;
  }

  void configure() {
    auto r = netlink_->set_mtu(ifindex_, kMtu);
    ASSERT_TRUE(r) << r.error().message();
    r = netlink_->set_link_up(ifindex_);
    ASSERT_TRUE(r) << r.error().message();
    const auto hit = base::Hit::parse(kHit);
    ASSERT_TRUE(hit);
    r = netlink_->add_hit(ifindex_, *hit);
    ASSERT_TRUE(r) << r.error().message();
    r = netlink_->add_lsi(ifindex_, ip(kLsi));
    ASSERT_TRUE(r) << r.error().message();
    // The kernel makes an IPv6 address deliverable shortly after the ack
    // (its local route comes from a work queue, even with IFA_F_NODAD).
    ASSERT_TRUE(netns_test::wait_until(
        [&] { return netns_test::address_is_local(pair_->a(), kHit); }, 3s))
        << "HIT not local within 3 s";
  }

  std::string ip_in_a(std::vector<std::string> args) {
    std::vector<std::string> argv = {"ip", "-n", pair_->a()};
    argv.insert(argv.end(), args.begin(), args.end());
    std::string out;
    EXPECT_EQ(run(argv, &out), 0) << out;
    return out;
  }

  // Reads from the TUN fd until `want` accepts a packet or 3 s pass.
  std::optional<Bytes> read_until(const std::function<bool(const Bytes&)>& want) {
    constexpr std::size_t kHeadroom = 32;
    std::vector<Bytes> buffers(8, Bytes(kHeadroom + kMtu + 64, 0xee));
    std::vector<PacketSlot> slots(buffers.size());
    const auto deadline = std::chrono::steady_clock::now() + 3s;
    while (std::chrono::steady_clock::now() < deadline) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      if (!netns_test::wait_readable(tun_->fd(), left)) break;
      for (std::size_t i = 0; i < slots.size(); ++i) {
        slots[i] = PacketSlot{};
        slots[i].buffer = buffers[i];
        slots[i].offset = kHeadroom;
      }
      auto n = tun_->read_batch(slots);
      if (!n) {
        ADD_FAILURE() << n.error().message();
        return std::nullopt;
      }
      for (std::size_t i = 0; i < *n; ++i) {
        EXPECT_FALSE(slots[i].truncated);
        EXPECT_EQ(buffers[i][kHeadroom - 1], 0xee);  // headroom untouched
        const Bytes p(slots[i].packet().begin(), slots[i].packet().end());
        if (want(p)) return p;
      }
    }
    return std::nullopt;
  }

  std::unique_ptr<NamespacePair> pair_;
  std::optional<Tun> tun_;
  std::optional<Netlink> netlink_;
  std::uint32_t ifindex_ = 0;
};

TEST_F(TunNetns, NetlinkConfigurationIsVisibleAndIdempotent) {
  ASSERT_NO_FATAL_FAILURE(configure());
  // A second run (hipd restarting over a configured device) succeeds.
  ASSERT_NO_FATAL_FAILURE(configure());
  const std::string link = ip_in_a({"link", "show", "dev", "hip0"});
  EXPECT_NE(link.find("mtu 1400"), std::string::npos) << link;
  EXPECT_NE(link.find(",UP"), std::string::npos) << link;
  const std::string addr6 = ip_in_a({"-6", "addr", "show", "dev", "hip0"});
  EXPECT_NE(addr6.find(std::string(kHit) + "/128"), std::string::npos) << addr6;
  const std::string route6 = ip_in_a({"-6", "route", "show"});
  EXPECT_NE(route6.find("2001:20::/28 dev hip0"), std::string::npos) << route6;
  const std::string addr4 = ip_in_a({"-4", "addr", "show", "dev", "hip0"});
  EXPECT_NE(addr4.find(std::string(kLsi) + "/32"), std::string::npos) << addr4;
  const std::string route4 = ip_in_a({"-4", "route", "show"});
  EXPECT_NE(route4.find("1.0.0.0/8 dev hip0"), std::string::npos) << route4;
}

TEST_F(TunNetns, KernelErrorsCarryErrnoAndMessage) {
  // TUN devices allow at most 65535 bytes.
  const auto mtu = netlink_->set_mtu(ifindex_, 70000);
  ASSERT_FALSE(mtu);
  EXPECT_EQ(mtu.error().code, EINVAL) << mtu.error().message();
  EXPECT_FALSE(mtu.error().kernel_message.empty()) << "no extended ack text";
  const auto route = netlink_->add_route(999999, orchid_prefix(), kOrchidPrefixLen);
  ASSERT_FALSE(route);
  EXPECT_EQ(route.error().code, ENODEV) << route.error().message();
  const auto link = netlink_->link_index("nosuchlink0");
  ASSERT_FALSE(link);
  EXPECT_EQ(link.error().code, ENODEV) << link.error().message();
  const auto prefix = netlink_->add_address(ifindex_, ip(kHit), 129);
  ASSERT_FALSE(prefix);
  EXPECT_EQ(prefix.error().code, EINVAL);
}

TEST_F(TunNetns, Ping6ToAHitComesOutOfTheTunAndTheReplyGoesBackIn) {
  if (test::find_in_path("ping").empty()) GTEST_SKIP() << "no ping";
  ASSERT_NO_FATAL_FAILURE(configure());
  // ping runs in namespace A; -W 2 bounds it to about two seconds.
  std::string ping_output;
  int ping_exit = -1;
  std::thread ping([&] {
    ping_exit = run({"ip", "netns", "exec", pair_->a(), "ping", "-6", "-n", "-c", "1", "-W", "2",
                     kPeerHit},
                    &ping_output);
  });
  const Bytes hit = addr_bytes(kHit);
  const Bytes peer = addr_bytes(kPeerHit);
  // IPv6 (RFC 8200 §3), Next Header 58, ICMPv6 Echo Request (RFC 4443 §4.1).
  const auto request = read_until([&](const Bytes& p) {
    return p.size() >= 48 && (p[0] >> 4) == 6 && p[6] == 58 && p[40] == 128 &&
           Bytes(p.begin() + 8, p.begin() + 24) == hit &&
           Bytes(p.begin() + 24, p.begin() + 40) == peer;
  });
  if (request) {
    // The reply: addresses swapped, type 129, same identifier, sequence and data.
    Bytes reply = *request;
    std::copy(peer.begin(), peer.end(), reply.begin() + 8);
    std::copy(hit.begin(), hit.end(), reply.begin() + 24);
    reply[7] = 64;
    Bytes icmp(reply.begin() + 40, reply.end());
    icmp[0] = 129;
    icmp[2] = icmp[3] = 0;
    const std::uint16_t sum = icmpv6_checksum(peer, hit, icmp);
    reply[42] = static_cast<std::uint8_t>(sum >> 8);
    reply[43] = static_cast<std::uint8_t>(sum);
    reply[40] = 129;
    const auto w = tun_->write(reply);
    EXPECT_TRUE(w) << w.error().message();
  }
  ping.join();
  ASSERT_TRUE(request) << "no echo request on the TUN fd; ping said: " << ping_output;
  EXPECT_EQ(ping_exit, 0) << ping_output;
  EXPECT_NE(ping_output.find("1 received"), std::string::npos) << ping_output;
}

TEST_F(TunNetns, UdpWrittenToTheTunReachesSocketsOnTheHitAndTheLsi) {
  ASSERT_NO_FATAL_FAILURE(configure());
  std::optional<UdpSocket> on_hit;
  std::optional<UdpSocket> on_lsi;
  ASSERT_TRUE(run_in(pair_->a(), [&] {
    UdpSocketConfig c;
    c.stack = UdpSocketConfig::Stack::v6_only;
    c.bind_to_address = true;
    c.bind_address = ip(kHit);
    c.port = 7777;
    auto s = UdpSocket::open(c);
    ASSERT_TRUE(s) << s.error().message();
    on_hit.emplace(std::move(*s));
    c.stack = UdpSocketConfig::Stack::v4_only;
    c.bind_address = ip(kLsi);
    auto s4 = UdpSocket::open(c);
    ASSERT_TRUE(s4) << s4.error().message();
    on_lsi.emplace(std::move(*s4));
  }));
  ASSERT_TRUE(on_hit && on_lsi);

  const Bytes data = {'h', 'e', 'l', 'l', 'o', ' ', 'h', 'i', 'p'};
  // What esp/ would write after decapsulation: inner packets to our HIT / LSI.
  const Bytes v6 = test::ip_packet(ip(kPeerHit), ip(kHit), 17,
                                   test::udp_datagram(ip(kPeerHit), ip(kHit), 5555, 7777, data));
  Bytes v4 = test::ip_packet(ip(kPeerLsi), ip(kLsi), 17,
                                   test::udp_datagram(ip(kPeerLsi), ip(kLsi), 5555, 7777, data));
  Bytes buffer(32, 0);
  buffer.insert(buffer.end(), v6.begin(), v6.end());
  const PacketSlot slots[2] = {PacketSlot{buffer, 32, v6.size(), false},
                               PacketSlot{v4, 0, v4.size(), false}};
  const SendReport r = tun_->write_batch(slots);
  EXPECT_EQ(r.sent, 2u) << r.last_error.message();

  const auto got6 = receive_n(*on_hit, 1, 3s);
  ASSERT_EQ(got6.datagrams.size(), 1u);
  EXPECT_EQ(got6.datagrams[0].payload, data);
  EXPECT_EQ(got6.datagrams[0].addressing.peer, ip(kPeerHit));
  EXPECT_EQ(got6.datagrams[0].addressing.peer_port, 5555);
  EXPECT_EQ(got6.datagrams[0].addressing.local, ip(kHit));
  EXPECT_EQ(got6.datagrams[0].addressing.ifindex, ifindex_);

  const auto got4 = receive_n(*on_lsi, 1, 3s);
  ASSERT_EQ(got4.datagrams.size(), 1u);
  EXPECT_EQ(got4.datagrams[0].payload, data);
  EXPECT_EQ(got4.datagrams[0].addressing.peer, ip(kPeerLsi));
  EXPECT_EQ(got4.datagrams[0].addressing.local, ip(kLsi));
}

TEST_F(TunNetns, GarbageWrittenToTheTunIsRefusedAlone) {
  ASSERT_NO_FATAL_FAILURE(configure());
  Bytes garbage = {0x00, 0x01, 0x02, 0x03};  // neither IPv4 nor IPv6
  const PacketSlot slot{garbage, 0, garbage.size(), false};
  const SendReport r = tun_->write_batch({&slot, 1});
  EXPECT_EQ(r.sent, 0u);
  EXPECT_EQ(r.failed, 1u);
  EXPECT_EQ(r.last_error.code, EINVAL) << r.last_error.message();
}

}  // namespace
}  // namespace hip::io
