// hipctl's text: human units and the status and peers tables.
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "daemon/control_samples.h"
#include "daemon/control_text.h"

namespace hip::daemon {
namespace {

using namespace std::chrono_literals;

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

TEST(HumanUnits, Bytes) {
  EXPECT_EQ(human_bytes(0), "0 B");
  EXPECT_EQ(human_bytes(999), "999 B");
  EXPECT_EQ(human_bytes(1000), "1.0 kB");
  EXPECT_EQ(human_bytes(1234567), "1.2 MB");
  EXPECT_EQ(human_bytes(45'600'000), "45.6 MB");
  EXPECT_EQ(human_bytes(123'456'789), "123 MB");
  EXPECT_EQ(human_bytes(999'999), "1.0 MB");  // not "1000 kB"
  EXPECT_EQ(human_bytes(2'000'000'000), "2.0 GB");
  EXPECT_EQ(human_bytes(UINT64_MAX), "18.4 EB");
}

TEST(HumanUnits, Counts) {
  EXPECT_EQ(human_count(0), "0");
  EXPECT_EQ(human_count(99999), "99999");
  EXPECT_EQ(human_count(123456), "123k");
  EXPECT_EQ(human_count(4'500'000), "4.5M");
}

TEST(HumanUnits, Ages) {
  EXPECT_EQ(human_age(0s), "0s");
  EXPECT_EQ(human_age(900ms), "0s");
  EXPECT_EQ(human_age(45s), "45s");
  EXPECT_EQ(human_age(192s), "3m12s");
  EXPECT_EQ(human_age(2h + 5min + 7s), "2h05m");
  EXPECT_EQ(human_age(76h + 30min), "3d04h");
  EXPECT_EQ(human_age(-5s), "0s");
}

TEST(TextTable, AlignsColumns) {
  TextTable t({"NAME", "N"});
  t.align_right(1);
  t.add_row({"a", "1"});
  t.add_row({"longer", "100"});
  EXPECT_EQ(t.render(), "NAME      N\na         1\nlonger  100\n");
}

TEST(StatusText, ShowsEveryColumnWithHumanUnits) {
  const std::string text = render_status(test::sample_status());
  const auto lines = lines_of(text);
  ASSERT_GE(lines.size(), 7u) << text;
  EXPECT_EQ(lines[0], "hipd up 2h05m, 2 associations");
  EXPECT_EQ(lines[1], std::string("local HIT ") + test::kSampleLocalHit);
  // The header, then one row per association, columns aligned under it.
  const std::string& header = lines[3];
  for (const char* column : {"PEER HIT", "STATE", "LOCAL", "PEER", "SPI IN", "SPI OUT", "TRANSFORM",
                             "PKTS IN", "BYTES IN", "PKTS OUT", "BYTES OUT", "AGE", "REKEY"}) {
    EXPECT_NE(header.find(column), std::string::npos) << column;
  }
  const std::string& row = lines[4];
  EXPECT_EQ(row.find(test::kSamplePeerHit), 0u);
  EXPECT_EQ(row.find("ESTABLISHED"), header.find("STATE"));
  EXPECT_EQ(row.find("0x00001234"), header.find("SPI IN"));
  EXPECT_EQ(row.find("0xabcdef01"), header.find("SPI OUT"));
  EXPECT_EQ(row.find("aes-128-gcm"), header.find("TRANSFORM"));
  EXPECT_NE(row.find("198.51.100.7"), std::string::npos);
  EXPECT_NE(row.find(" 1523 "), std::string::npos);
  EXPECT_NE(row.find("1.2 MB"), std::string::npos);
  EXPECT_NE(row.find("988 kB"), std::string::npos);
  EXPECT_NE(row.find("3m12s"), std::string::npos);
  EXPECT_NE(row.find("1m05s"), std::string::npos);
  // Right-aligned numbers end where their header ends.
  EXPECT_EQ(row.find("1.2 MB") + 6, header.find("BYTES IN") + 8);
  // Not yet keyed: dashes, and the UDP path marked.
  const std::string& second = lines[5];
  EXPECT_NE(second.find("I1-SENT"), std::string::npos);
  EXPECT_NE(second.find("2001:db8::20 (udp)"), std::string::npos);
  EXPECT_EQ(second.substr(header.find("SPI IN"), 1), "-");
  EXPECT_EQ(second.back(), '-');  // REKEY
  // Counters: non-zero drops by name.
  EXPECT_NE(text.find("HIP: 40 received, 44 sent, 4 retransmitted, 1 base exchange completed, 3 dropped "
                      "(bad_mac 2, wrong_state 1)"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("hipd: esp_in.bad_icv 2, tun.queue_full 5"), std::string::npos) << text;
  EXPECT_EQ(text.find("esp_out.no_sa"), std::string::npos);  // zero: left out
}

TEST(StatusText, SaysSoWhenThereIsNothing) {
  const std::string text = render_status(StatusReply{});
  EXPECT_NE(text.find("no associations"), std::string::npos);
  EXPECT_NE(text.find("0 dropped\n"), std::string::npos);
}

TEST(PeersText, OneRowPerPeer) {
  const auto lines = lines_of(render_peers(test::sample_peers()));
  ASSERT_EQ(lines.size(), 3u);
  for (const char* column : {"PEER HIT", "LSI", "LOCATORS", "UDP", "STATE", "SOURCE"}) {
    EXPECT_NE(lines[0].find(column), std::string::npos) << column;
  }
  EXPECT_NE(lines[1].find("198.51.100.7, 2001:db8::7"), std::string::npos);
  EXPECT_NE(lines[1].find("1.60.65.245"), std::string::npos);
  EXPECT_NE(lines[1].find("ESTABLISHED"), std::string::npos);
  EXPECT_NE(lines[2].find("yes"), std::string::npos);
  EXPECT_NE(lines[2].find("/etc/hipd/hosts:3"), std::string::npos);
  EXPECT_EQ(render_peers({}), "no peers configured\n");
}

}  // namespace
}  // namespace hip::daemon
