// The trace must be a capture that independent tools read: libpcap here, and
// tshark's own IP/HIP/ESP dissectors when tshark is installed.
#include "sim/pcap_trace.h"

#include <gtest/gtest.h>
#include <pcap/pcap.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "sim/esp_marker.h"
#include "sim/ip_packet.h"
#include "sim/simulator.h"
#include "test_nodes.h"

namespace hip::sim {
namespace {

using test::ip;
using test::RecorderNode;

struct Frame {
  std::int64_t ns;
  std::vector<std::uint8_t> bytes;
};

std::vector<Frame> read_all(const std::string& path, int* datalink) {
  char err[PCAP_ERRBUF_SIZE];
  pcap_t* p = pcap_open_offline_with_tstamp_precision(path.c_str(), PCAP_TSTAMP_PRECISION_NANO, err);
  EXPECT_NE(p, nullptr) << err;
  std::vector<Frame> frames;
  if (p == nullptr) return frames;
  *datalink = pcap_datalink(p);
  pcap_pkthdr* h = nullptr;
  const u_char* data = nullptr;
  while (pcap_next_ex(p, &h, &data) == 1) {
    frames.push_back({std::int64_t{h->ts.tv_sec} * 1'000'000'000 + h->ts.tv_usec,
                      std::vector<std::uint8_t>(data, data + h->caplen)});
  }
  pcap_close(p);
  return frames;
}

// RFC 1071 sum over a header that includes its checksum: 0xffff when valid.
// Written here independently of wire/checksum.
std::uint16_t folded_sum(const std::uint8_t* p, std::size_t n) {
  std::uint32_t sum = 0;
  for (std::size_t i = 0; i + 1 < n; i += 2) sum += std::uint32_t(p[i]) << 8 | p[i + 1];
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >> 16);
  return static_cast<std::uint16_t>(sum);
}

std::uint16_t be16(const std::vector<std::uint8_t>& b, std::size_t at) {
  return static_cast<std::uint16_t>(b[at] << 8 | b[at + 1]);
}

class PcapTraceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = (std::filesystem::temp_directory_path() /
             ("hip_sim_trace_" + std::to_string(::getpid()) + "_" +
              ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".pcap"))
                .string();
  }
  void TearDown() override { std::filesystem::remove(path_); }

  // Five packets: HIP over IPv6, HIP over IPv4, HIP over UDP/IPv4, ESP over
  // IPv6, ESP over UDP/IPv4; the last one is lost on its link.
  void write_scenario() {
    Simulator sim(1);
    ASSERT_TRUE(sim.write_pcap(path_));
    auto& a = sim.add_node<RecorderNode>("A");
    auto& b = sim.add_node<RecorderNode>("B");
    sim.network().attach(a, ip("2001:db8::a"));
    sim.network().attach(a, ip("192.0.2.1"));
    sim.network().attach(b, ip("2001:db8::b"));
    sim.network().attach(b, ip("192.0.2.2"));
    sim.network().connect(ip("2001:db8::a"), ip("2001:db8::b"));
    sim.network().connect(ip("192.0.2.1"), ip("192.0.2.2"));
    sim.network().link(ip("192.0.2.1"), ip("192.0.2.2")).drop_nth(3);

    auto i1 = test::hip_packet(wire::PacketType::i1);
    auto esp = encode_esp_marker({0x01020304, 7});
    engine::Path udp4{ip("192.0.2.1"), ip("192.0.2.2"), true, 0, 0};
    sim.after(0ms, [&] { a.send_now(test::datagram(ip("2001:db8::a"), ip("2001:db8::b"), i1)); });
    sim.after(1ms, [&] { a.send_now(test::datagram(ip("192.0.2.1"), ip("192.0.2.2"), i1)); });
    sim.after(2ms, [&] { a.send_now(Datagram::from_path(udp4, Payload::hip, i1)); });
    sim.after(3ms, [&] {
      a.send_now(test::datagram(ip("2001:db8::a"), ip("2001:db8::b"), esp, Payload::esp));
    });
    sim.after(4ms, [&] { a.send_now(Datagram::from_path(udp4, Payload::esp, esp)); });
    (void)sim.run_for(1s);
    EXPECT_EQ(sim.pcap()->packets_written(), 5u);
    EXPECT_EQ(b.received().size(), 4u);  // the link lost one, the trace has it
  }

  std::string path_;
};

TEST_F(PcapTraceTest, EveryPacketIsARawIpFrameWithItsVirtualTime) {
  write_scenario();
  int dlt = -1;
  auto frames = read_all(path_, &dlt);
  EXPECT_EQ(dlt, DLT_RAW);
  ASSERT_EQ(frames.size(), 5u);
  const std::int64_t t0 = base::to_ns(kStartTime);
  for (std::size_t i = 0; i < frames.size(); ++i) {
    EXPECT_EQ(frames[i].ns, t0 + static_cast<std::int64_t>(i) * 1'000'000) << i;
  }

  // IPv6 + HIP: Next Header 139, payload length = the 40-byte HIP packet.
  const auto& f0 = frames[0].bytes;
  ASSERT_EQ(f0.size(), 40u + 40u);
  EXPECT_EQ(f0[0] >> 4, 6);
  EXPECT_EQ(be16(f0, 4), 40);
  EXPECT_EQ(f0[6], 139);

  // IPv4 + HIP: protocol 139, total length, valid header checksum.
  const auto& f1 = frames[1].bytes;
  ASSERT_EQ(f1.size(), 20u + 40u);
  EXPECT_EQ(f1[0], 0x45);
  EXPECT_EQ(be16(f1, 2), 60);
  EXPECT_EQ(f1[9], 139);
  EXPECT_EQ(folded_sum(f1.data(), 20), 0xffff);
  EXPECT_EQ(std::vector<std::uint8_t>(f1.begin() + 12, f1.begin() + 16),
            (std::vector<std::uint8_t>{192, 0, 2, 1}));

  // UDP + HIP: protocol 17, ports 10500, then the 32-bit zero marker.
  const auto& f2 = frames[2].bytes;
  ASSERT_EQ(f2.size(), 20u + 8u + 4u + 40u);
  EXPECT_EQ(f2[9], 17);
  EXPECT_EQ(be16(f2, 20), 10500);
  EXPECT_EQ(be16(f2, 22), 10500);
  EXPECT_EQ(be16(f2, 24), 8 + 4 + 40);
  EXPECT_EQ(be16(f2, 28), 0);
  EXPECT_EQ(be16(f2, 30), 0);
  EXPECT_EQ(f2[32], 59);  // HIP Next Header: none
  EXPECT_EQ(f2[33], 4);   // Header Length: 40 bytes
  EXPECT_EQ(f2[34], 1);   // Packet Type: I1
  // UDP checksum over the IPv4 pseudo-header (RFC 768) checks out.
  std::vector<std::uint8_t> pseudo(f2.begin() + 12, f2.begin() + 20);
  pseudo.insert(pseudo.end(), {0, 17, f2[24], f2[25]});
  pseudo.insert(pseudo.end(), f2.begin() + 20, f2.end());
  EXPECT_EQ(folded_sum(pseudo.data(), pseudo.size()), 0xffff);

  // IPv6 + ESP: Next Header 50, the SPI first.
  const auto& f3 = frames[3].bytes;
  EXPECT_EQ(f3[6], 50);
  EXPECT_EQ(std::vector<std::uint8_t>(f3.begin() + 40, f3.begin() + 44),
            (std::vector<std::uint8_t>{1, 2, 3, 4}));

  // UDP + ESP: no zero marker, the SPI right after the UDP header.
  const auto& f4 = frames[4].bytes;
  EXPECT_EQ(f4[9], 17);
  EXPECT_EQ(f4.size(), 20u + 8u + kEspMarkerSize);
  EXPECT_EQ(f4[28], 1);
}

TEST_F(PcapTraceTest, TsharkReadsTheTrace) {
  if (!std::filesystem::exists("/usr/bin/tshark")) GTEST_SKIP() << "tshark not installed";
  write_scenario();
  const std::string cmd = "/usr/bin/tshark -n -r '" + path_ +
                          "' -T fields -E separator=, -e ip.proto -e ipv6.nxt"
                          " -e hip.packet_type -e esp.spi 2>/dev/null";
  FILE* pipe = ::popen(cmd.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::vector<std::string> lines;
  char buf[256];
  while (std::fgets(buf, sizeof buf, pipe) != nullptr) {
    std::string line(buf);
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
    lines.push_back(line);
  }
  ASSERT_EQ(::pclose(pipe), 0);
  ASSERT_EQ(lines.size(), 5u);
  EXPECT_EQ(lines[0], ",139,1,");           // IPv6, HIP I1
  EXPECT_EQ(lines[1], "139,,1,");           // IPv4, HIP I1
  EXPECT_EQ(lines[2].substr(0, 3), "17,");  // UDP
  EXPECT_EQ(lines[3], ",50,,0x01020304");   // IPv6, ESP
}

TEST(IpPacket, Ipv4HeaderIsValidForEveryPayloadSize) {
  for (std::size_t n : {0u, 1u, 40u, 2048u}) {
    auto d = test::datagram(ip("203.0.113.7"), ip("198.51.100.9"), std::vector<std::uint8_t>(n, 0xab));
    auto p = to_ip_packet(d);
    ASSERT_EQ(p.size(), 20 + n);
    EXPECT_EQ(be16(p, 2), 20 + n);
    EXPECT_EQ(folded_sum(p.data(), 20), 0xffff) << n;
  }
}

TEST(PcapTrace, OpenFailsWithAReason) {
  auto t = PcapTrace::open("/nonexistent-dir/x.pcap");
  ASSERT_FALSE(t);
  EXPECT_NE(t.error().find("/nonexistent-dir/x.pcap"), std::string::npos);
}

}  // namespace
}  // namespace hip::sim
