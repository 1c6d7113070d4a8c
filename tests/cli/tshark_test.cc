// Cross-check with an independent dissector: Wireshark's HIP dissector (tshark
// 4.0) reads the capture that `hip_sample_pcap` writes (the one `make demo`
// shows) and must agree with `hipctl decode` on every frame: HIP packet type,
// checksum (and that it is correct), and each parameter's type and length.
//
// tshark 4.0 dissects HIP over UDP 10500 too (RFC 5770 framing; it reports the
// zero checksum as correct), so the UDP frames are compared like the others.
// Its HIP dissector predates HIPv2 (it names several v2 parameters "Unknown"
// and reads HOST_ID the HIPv1 way, with warnings), so field names and
// HOST_ID internals are not compared; framing, types, lengths and checksums are.
// The HIP checksum is always verified by the dissector (it has no preference
// for it); UDP checksum checking is switched on with -o.
#include <gtest/gtest.h>

#include <regex>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "cli/hipctl_runner.h"

namespace hip::test {
namespace {

struct TsharkFrame {
  int packet_type = -1;
  std::string checksum;       // "0x1a5e"
  bool checksum_correct = false;
  bool checksum_status_good = false;
  bool over_udp = false;
  bool udp_checksum_good = false;
  std::vector<std::pair<int, int>> params;
};

// Splits `tshark -V` output into frames and picks out the HIP fields.
std::vector<TsharkFrame> parse_tshark(const std::string& text) {
  static const std::regex kFrame(R"(^Frame \d+: )");
  static const std::regex kType(R"(^    Packet Type: (\d+)$)");
  static const std::regex kChecksum(R"(^    Checksum: (0x[0-9a-f]{4}) \[correct\]$)");
  static const std::regex kParam(R"(^        \S.* \(type=(\d+), length=(\d+)\)$)");
  std::vector<TsharkFrame> frames;
  std::istringstream in(text);
  std::string line;
  enum class Section { other, udp, hip } section = Section::other;
  std::smatch m;
  while (std::getline(in, line)) {
    if (std::regex_search(line, kFrame)) {
      frames.emplace_back();
      section = Section::other;
      continue;
    }
    if (frames.empty()) continue;
    TsharkFrame& f = frames.back();
    if (line.rfind("User Datagram Protocol", 0) == 0) {
      section = Section::udp;
      f.over_udp = true;
    } else if (line.rfind("Host Identity Protocol", 0) == 0) {
      section = Section::hip;
    } else if (!line.empty() && line[0] != ' ') {
      section = Section::other;
    } else if (section == Section::udp && line == "    [Checksum Status: Good]") {
      f.udp_checksum_good = true;
    } else if (section == Section::hip) {
      if (std::regex_match(line, m, kType)) f.packet_type = std::stoi(m[1]);
      if (std::regex_match(line, m, kChecksum)) {
        f.checksum = m[1];
        f.checksum_correct = true;
      }
      if (line == "    [Checksum Status: Good]") f.checksum_status_good = true;
      if (std::regex_match(line, m, kParam)) f.params.emplace_back(std::stoi(m[1]), std::stoi(m[2]));
    }
  }
  return frames;
}

TEST(TsharkCrossCheck, TsharkAgreesWithHipctlOnEveryFrame) {
  const std::string tshark = find_in_path("tshark");
  if (tshark.empty()) GTEST_SKIP() << "tshark not found in PATH: independent dissector check skipped";

  const std::string path = scratch_path("tshark_samples.pcap");
  const CommandResult made = run_command({HIP_SAMPLE_PCAP_PATH, path});
  ASSERT_EQ(made.exit_code, 0) << made.err;

  const CommandResult dissected = run_command({tshark, "-r", path, "-V", "-o", "udp.check_checksum:TRUE"});
  ASSERT_EQ(dissected.exit_code, 0) << dissected.err;
  EXPECT_EQ(dissected.out.find("Malformed"), std::string::npos);
  EXPECT_EQ(dissected.out.find("Expert Info (Error"), std::string::npos);
  const std::vector<TsharkFrame> frames = parse_tshark(dissected.out);

  const JsonDecode ours = decode_json(path);
  ASSERT_FALSE(ours.doc.is_discarded());
  EXPECT_EQ(ours.result.exit_code, 0);
  const auto& packets = ours.doc["packets"];
  ASSERT_EQ(frames.size(), 22u) << "9 samples over IPv4 and IPv6, I1 and R1 over UDP in both";
  ASSERT_EQ(packets.size(), frames.size());
  int udp_frames = 0;
  for (std::size_t i = 0; i < frames.size(); ++i) {
    SCOPED_TRACE("frame " + std::to_string(i + 1));
    const TsharkFrame& t = frames[i];
    const auto& p = packets[i];
    EXPECT_EQ(t.packet_type, p["header"]["type"].get<int>());
    EXPECT_TRUE(t.checksum_correct);
    EXPECT_TRUE(t.checksum_status_good);
    EXPECT_EQ(t.checksum, p["header"]["checksum"].get<std::string>());
    EXPECT_EQ(p["header"]["checksum_ok"], true);
    EXPECT_EQ(t.over_udp, p["transport"] == "udp");
    if (t.over_udp) {
      ++udp_frames;
      EXPECT_TRUE(t.udp_checksum_good);
      EXPECT_EQ(t.checksum, "0x0000");
    }
    EXPECT_EQ(t.params, param_types_and_lengths(p));
    EXPECT_FALSE(t.params.empty());
  }
  EXPECT_EQ(udp_frames, 4);
  std::remove(path.c_str());
}

}  // namespace
}  // namespace hip::test
