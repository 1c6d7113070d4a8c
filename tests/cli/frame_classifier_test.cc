// The link/IP/UDP layers of `hipctl decode`: which frames hold HIP, where the
// HIP packet starts, and that a frame cut anywhere is "truncated", never read
// past its end.
#include <gtest/gtest.h>

#include <pcap/dlt.h>

#include <vector>

#include "cli/frame_classifier.h"
#include "support/ip_frames.h"
#include "support/sample_packets.h"

namespace hip::cli {
namespace {

using test::Bytes;
using test::LinkFraming;

const base::IpAddress kA4 = test::sample_initiator_v4();
const base::IpAddress kB4 = test::sample_responder_v4();
const base::IpAddress kA6 = test::sample_initiator_v6();
const base::IpAddress kB6 = test::sample_responder_v6();

Bytes hip_packet() {
  return test::build_sample_packets(kA4, kB4)[0].bytes;  // the I1
}

bool same_bytes(std::span<const std::uint8_t> a, const Bytes& b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin());
}

TEST(FrameClassifierTest, DltMapping) {
  EXPECT_EQ(link_type_from_dlt(DLT_EN10MB), LinkType::ethernet);
  EXPECT_EQ(link_type_from_dlt(DLT_LINUX_SLL), LinkType::linux_sll);
  EXPECT_EQ(link_type_from_dlt(DLT_LINUX_SLL2), LinkType::linux_sll2);
  EXPECT_EQ(link_type_from_dlt(DLT_RAW), LinkType::raw_ip);
  EXPECT_EQ(link_type_from_dlt(DLT_IPV4), LinkType::ipv4);
  EXPECT_EQ(link_type_from_dlt(DLT_IPV6), LinkType::ipv6);
  EXPECT_EQ(link_type_from_dlt(DLT_NULL), LinkType::bsd_null);
  EXPECT_EQ(link_type_from_dlt(DLT_LOOP), LinkType::bsd_null);
  EXPECT_EQ(link_type_from_dlt(DLT_IEEE802_11), LinkType::unsupported);
}

class LinkTest : public ::testing::TestWithParam<LinkFraming> {};

TEST_P(LinkTest, FindsHipOverIpAndUdpInBothFamilies) {
  const LinkFraming link = GetParam();
  const LinkType type = link_type_from_dlt(test::dlt_of(link));
  const Bytes hip = hip_packet();
  for (bool over_udp : {false, true}) {
    for (bool v6 : {false, true}) {
      SCOPED_TRACE(std::string(over_udp ? "udp " : "ip ") + (v6 ? "v6" : "v4"));
      const auto& src = v6 ? kA6 : kA4;
      const auto& dst = v6 ? kB6 : kB4;
      const Bytes frame = test::frame_for_link(link, test::hip_ip_packet(src, dst, hip, over_udp));
      const ClassifiedFrame c = classify_frame(type, frame);
      ASSERT_EQ(c.kind, FrameKind::hip) << c.reason;
      EXPECT_EQ(c.src, src);
      EXPECT_EQ(c.dst, dst);
      EXPECT_EQ(c.over_udp, over_udp);
      EXPECT_TRUE(same_bytes(c.hip, hip));
      if (over_udp) {
        EXPECT_EQ(c.src_port, 10500);
        EXPECT_EQ(c.dst_port, 10500);
      }
    }
  }
}

TEST_P(LinkTest, EveryCutOfAFrameIsTruncated) {
  const LinkFraming link = GetParam();
  const LinkType type = link_type_from_dlt(test::dlt_of(link));
  for (bool v6 : {false, true}) {
    const Bytes frame = test::frame_for_link(link, test::hip_ip_packet(v6 ? kA6 : kA4, v6 ? kB6 : kB4,
                                                                       hip_packet(), /*over_udp=*/true));
    for (std::size_t n = 0; n < frame.size(); ++n) {
      const ClassifiedFrame c = classify_frame(type, std::span(frame).first(n));
      EXPECT_EQ(c.kind, FrameKind::truncated) << "cut at " << n << ": " << c.reason;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Links, LinkTest,
                         ::testing::Values(LinkFraming::raw, LinkFraming::ethernet, LinkFraming::ethernet_vlan,
                                           LinkFraming::linux_sll, LinkFraming::linux_sll2, LinkFraming::bsd_null));

TEST(FrameClassifierTest, Ipv4OptionsAndEthernetPaddingAreSkipped) {
  const Bytes hip = hip_packet();
  Bytes ip = test::ip_packet(kA4, kB4, 139, hip);
  // Insert 4 bytes of options (NOP NOP NOP EOL) and fix IHL and Total Length.
  ip.insert(ip.begin() + 20, {0x01, 0x01, 0x01, 0x00});
  ip[0] = 0x46;
  const auto total = static_cast<std::uint16_t>(ip.size());
  ip[2] = static_cast<std::uint8_t>(total >> 8);
  ip[3] = static_cast<std::uint8_t>(total);
  Bytes frame = test::frame_for_link(LinkFraming::ethernet, ip);
  frame.insert(frame.end(), 6, 0);  // padding after the IP packet
  const ClassifiedFrame c = classify_frame(LinkType::ethernet, frame);
  ASSERT_EQ(c.kind, FrameKind::hip) << c.reason;
  EXPECT_TRUE(same_bytes(c.hip, hip));
}

// IPv6 with extension headers in front of HIP (RFC 8200 §4).
Bytes ipv6_with(const Bytes& extensions, std::uint8_t first_next_header, const Bytes& hip) {
  Bytes payload = extensions;
  payload.insert(payload.end(), hip.begin(), hip.end());
  Bytes ip = test::ip_packet(kA6, kB6, first_next_header, payload);
  return ip;
}

TEST(FrameClassifierTest, Ipv6ExtensionHeadersAreWalked) {
  const Bytes hip = hip_packet();
  // Hop-by-Hop (8 bytes, PadN) -> Destination Options (8) -> AH (12 + 4 ICV = 16) -> HIP.
  const Bytes chain = {60, 0, 1, 4, 0, 0, 0, 0,       // Hop-by-Hop, next = Destination Options
                       51, 0, 1, 4, 0, 0, 0, 0,       // Destination Options, next = AH
                       139, 2, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 9, 9, 9, 9};  // AH, Payload Len 2 -> 16 bytes
  const Bytes packet = ipv6_with(chain, 0, hip);  // outlives `c`, which points into it
  const ClassifiedFrame c = classify_frame(LinkType::raw_ip, packet);
  ASSERT_EQ(c.kind, FrameKind::hip) << c.reason;
  EXPECT_TRUE(same_bytes(c.hip, hip));

  const Bytes atomic = {139, 0, 0x00, 0x00, 0, 0, 0, 1};  // offset 0, M clear (RFC 6946)
  EXPECT_EQ(classify_frame(LinkType::raw_ip, ipv6_with(atomic, 44, hip)).kind, FrameKind::hip);
  const Bytes first_fragment = {139, 0, 0x00, 0x01, 0, 0, 0, 1};  // M set
  EXPECT_EQ(classify_frame(LinkType::raw_ip, ipv6_with(first_fragment, 44, hip)).kind, FrameKind::ip_fragment);
  const Bytes esp_first = {};
  EXPECT_EQ(classify_frame(LinkType::raw_ip, ipv6_with(esp_first, 50, hip)).kind, FrameKind::esp);
  EXPECT_EQ(classify_frame(LinkType::raw_ip, ipv6_with(esp_first, 6, hip)).kind, FrameKind::non_hip);
  // An extension header that claims more bytes than there are.
  const Bytes too_long = {139, 200, 0, 0, 0, 0, 0, 0};
  EXPECT_EQ(classify_frame(LinkType::raw_ip, ipv6_with(too_long, 60, hip)).kind, FrameKind::truncated);
}

TEST(FrameClassifierTest, Ipv4FragmentsAreNotReassembled) {
  Bytes ip = test::ip_packet(kA4, kB4, 139, hip_packet());
  ip[6] = 0x20;  // More Fragments
  EXPECT_EQ(classify_frame(LinkType::raw_ip, ip).kind, FrameKind::ip_fragment);
  ip[6] = 0x00;
  ip[7] = 0x10;  // offset 16 * 8
  EXPECT_EQ(classify_frame(LinkType::raw_ip, ip).kind, FrameKind::ip_fragment);
}

TEST(FrameClassifierTest, UdpPort10500CarriesHipOrEsp) {
  auto udp = [](std::uint16_t sport, std::uint16_t dport, const Bytes& payload) {
    return test::ip_packet(kA4, kB4, 17, test::udp_datagram(kA4, kB4, sport, dport, payload));
  };
  const Bytes hip = hip_packet();
  const Bytes marked = test::hip_udp_payload(hip);

  // Either port may be 10500 (RFC 5770 §4.1: the Initiator uses a random source port).
  const Bytes from_random_port = udp(50123, 10500, marked);  // outlives `c`, which points into it
  const ClassifiedFrame c = classify_frame(LinkType::raw_ip, from_random_port);
  ASSERT_EQ(c.kind, FrameKind::hip);
  EXPECT_EQ(c.src_port, 50123);
  EXPECT_TRUE(same_bytes(c.hip, hip));
  EXPECT_EQ(classify_frame(LinkType::raw_ip, udp(10500, 50123, marked)).kind, FrameKind::hip);

  const Bytes esp = {0x00, 0x00, 0x10, 0x01, 0, 0, 0, 1, 0xaa, 0xbb};
  EXPECT_EQ(classify_frame(LinkType::raw_ip, udp(10500, 10500, esp)).kind, FrameKind::esp_udp);
  EXPECT_EQ(classify_frame(LinkType::raw_ip, udp(10500, 10500, Bytes{0xff})).kind, FrameKind::non_hip);
  const Bytes stun = {0x00, 0x01, 0x00, 0x00, 0x21, 0x12, 0xa4, 0x42, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
  EXPECT_EQ(classify_frame(LinkType::raw_ip, udp(10500, 10500, stun)).kind, FrameKind::non_hip);
  EXPECT_EQ(classify_frame(LinkType::raw_ip, udp(53, 53, marked)).kind, FrameKind::non_hip);

  Bytes short_udp = udp(10500, 10500, marked);
  short_udp[20 + 4] = 0xff;  // UDP Length larger than the datagram
  EXPECT_EQ(classify_frame(LinkType::raw_ip, short_udp).kind, FrameKind::truncated);
}

TEST(FrameClassifierTest, OtherTrafficIsSkippedWithAReason) {
  const ClassifiedFrame tcp = classify_frame(LinkType::raw_ip, test::ip_packet(kA4, kB4, 6, Bytes(20, 0)));
  EXPECT_EQ(tcp.kind, FrameKind::non_hip);
  EXPECT_EQ(tcp.reason, "IP protocol 6");
  Bytes arp = test::frame_for_link(LinkFraming::ethernet, Bytes(28, 0));
  arp[12] = 0x08;
  arp[13] = 0x06;
  const ClassifiedFrame c = classify_frame(LinkType::ethernet, arp);
  EXPECT_EQ(c.kind, FrameKind::non_hip);
  EXPECT_EQ(c.reason, "ethertype 0x0806");
  EXPECT_EQ(classify_frame(LinkType::raw_ip, Bytes{0x10, 0x20}).kind, FrameKind::non_hip);
  EXPECT_EQ(classify_frame(LinkType::unsupported, hip_packet()).kind, FrameKind::non_hip);
}

}  // namespace
}  // namespace hip::cli
