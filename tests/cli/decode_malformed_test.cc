// `hipctl decode` on captures that are broken in every way a capture can be:
// cut frames, garbage, bad checksums, HIP packets that do not parse. It must
// report each one, count it, exit 1, and never crash. A file that cannot be
// read at all gives exit code 2 and a message naming it.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <string>
#include <vector>

#include "cli/hipctl_runner.h"
#include "support/pcap_writer.h"
#include "support/sample_packets.h"

namespace hip::test {
namespace {

using Bytes = std::vector<std::uint8_t>;

// RFC 7401 §5.1.1 checksum over the pseudo-header, computed here (RFC 1071)
// for packets this test alters.
void set_checksum(Bytes& packet, const base::IpAddress& src, const base::IpAddress& dst) {
  packet[4] = packet[5] = 0;
  std::uint32_t sum = 0;
  auto add = [&sum](std::span<const std::uint8_t> part) {
    for (std::size_t k = 0; k < part.size(); k += 2) {
      sum += static_cast<std::uint32_t>(part[k] << 8 | (k + 1 < part.size() ? part[k + 1] : 0));
    }
  };
  add(src.bytes());
  add(dst.bytes());
  sum += 139 + static_cast<std::uint32_t>(packet.size());
  add(packet);
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  const auto c = static_cast<std::uint16_t>(~sum);
  packet[4] = static_cast<std::uint8_t>(c >> 8);
  packet[5] = static_cast<std::uint8_t>(c);
}

SamplePacket sample(const std::string& name) {
  for (auto& p : build_sample_packets(sample_initiator_v4(), sample_responder_v4())) {
    if (p.name == name) return p;
  }
  ADD_FAILURE() << "no sample " << name;
  return {};
}

// Frame by frame, what the decoder must make of it.
std::string write_malformed_capture() {
  const std::string path = scratch_path("malformed.pcap");
  PcapWriter w(path);
  const auto a = sample_initiator_v4();
  const auto b = sample_responder_v4();
  const SamplePacket i1 = sample("i1");
  const SamplePacket r1 = sample("r1");

  w.write_hip(i1.src, i1.dst, i1.bytes);  // 1: fine
  Bytes bad_checksum = r1.bytes;
  bad_checksum[5] ^= 0x01;
  w.write_hip(r1.src, r1.dst, bad_checksum);  // 2: checksum off by one bit -> error
  w.write_frame(Bytes{0x00, 0xde, 0xad, 0xbe, 0xef, 0x01, 0x02});  // 3: not IP -> skipped
  const Bytes full = hip_ip_packet(r1.src, r1.dst, r1.bytes, false);
  w.write_frame(std::span(full).first(60), static_cast<std::uint32_t>(full.size()));  // 4: snapped -> truncated
  w.write_ip(ip_packet(a, b, 139, Bytes(13, 0x5a)));  // 5: 13 bytes of HIP -> truncated_header
  Bytes long_claim = i1.bytes;
  long_claim[1] = static_cast<std::uint8_t>(long_claim[1] + 4);  // 6: Header Length beyond the data
  w.write_hip(a, b, long_claim);
  Bytes cut_param = r1.bytes;  // 7: the last TLV's Length runs past the end
  std::size_t at = 40;
  std::size_t last_at = 40;
  while (at + 4 <= cut_param.size()) {
    last_at = at;
    at += (4 + static_cast<std::size_t>(cut_param[at + 2] << 8 | cut_param[at + 3]) + 7) / 8 * 8;
  }
  cut_param[last_at + 2] = 0x01;  // VIA_RVS: Length 32 -> 288
  set_checksum(cut_param, r1.src, r1.dst);
  w.write_hip(r1.src, r1.dst, cut_param);
  // 8: an unknown critical parameter and an out-of-order one: violations only.
  Bytes odd = i1.bytes;
  odd.insert(odd.end(), {0x27, 0x11, 0x00, 0x04, 1, 2, 3, 4});  // type 10001: critical, unknown, after 65500
  odd[1] = static_cast<std::uint8_t>(odd.size() / 8 - 1);
  set_checksum(odd, a, b);
  w.write_hip(a, b, odd);
  // 9: UDP-encapsulated ESP.
  const Bytes esp = {0x00, 0x00, 0x30, 0x39, 0, 0, 0, 7, 1, 2, 3, 4};
  w.write_ip(ip_packet(a, b, 17, udp_datagram(a, b, 10500, 10500, esp)));
  // 10: IPv4 header whose IHL claims 60 bytes of header in a 24-byte packet.
  Bytes ihl = ip_packet(a, b, 139, Bytes(4, 0));
  ihl[0] = 0x4f;
  w.write_ip(ihl);
  // 11: an IPv6 fragment (offset 0, M set) of a HIP packet.
  Bytes fragment = {139, 0, 0x00, 0x01, 0, 0, 0, 1};
  fragment.resize(8 + 16);
  std::copy_n(i1.bytes.begin(), 16, fragment.begin() + 8);
  w.write_ip(ip_packet(sample_initiator_v6(), sample_responder_v6(), 44, fragment));
  // 12: HIP over UDP with a non-zero HIP checksum (RFC 5770 §5.1 wants 0).
  w.write_hip(i1.src, i1.dst, i1.bytes, /*over_udp=*/true);
  return path;
}

TEST(MalformedDecodeTest, EveryProblemIsReportedAndCounted) {
  const std::string path = write_malformed_capture();
  const JsonDecode d = decode_json(path);
  ASSERT_FALSE(d.doc.is_discarded());
  EXPECT_EQ(d.result.exit_code, 1);

  const auto& summary = d.doc["summary"];
  EXPECT_EQ(summary["hip"], 7);        // frames 1, 2, 5, 6, 7, 8, 12
  EXPECT_EQ(summary["errors"], 5);     // frames 2, 5, 6, 7, 12
  EXPECT_EQ(summary["truncated"], 2);  // frames 4, 10
  EXPECT_EQ(summary["non_hip"], 1);    // frame 3
  EXPECT_EQ(summary["esp_udp"], 1);    // frame 9
  EXPECT_EQ(summary["ip_fragments"], 1);  // frame 11

  const auto& packets = d.doc["packets"];
  ASSERT_EQ(packets.size(), 7u);
  auto first_error = [](const nlohmann::json& p) {
    return p["errors"].empty() ? std::string() : p["errors"][0]["code"].get<std::string>();
  };
  EXPECT_EQ(packets[0]["frame"], 1);
  EXPECT_EQ(packets[0]["ok"], true);

  EXPECT_EQ(packets[1]["frame"], 2);
  EXPECT_EQ(packets[1]["header"]["checksum_ok"], false);
  EXPECT_EQ(first_error(packets[1]), "bad_checksum");
  EXPECT_EQ(packets[1]["parameters"].size(), 17u) << "the packet is still shown in full";

  EXPECT_EQ(packets[2]["frame"], 5);
  EXPECT_EQ(first_error(packets[2]), "truncated_header");

  EXPECT_EQ(packets[3]["frame"], 6);
  EXPECT_EQ(first_error(packets[3]), "length_mismatch");

  EXPECT_EQ(packets[4]["frame"], 7);
  EXPECT_EQ(packets[4]["decoded"], false);
  EXPECT_EQ(first_error(packets[4]), "truncated_parameter");
  EXPECT_EQ(packets[4]["parameters"].size(), 16u) << "the TLVs before the broken one are shown";

  EXPECT_EQ(packets[5]["frame"], 8);
  EXPECT_EQ(packets[5]["ok"], true);
  std::vector<std::string> kinds;
  for (const auto& v : packets[5]["violations"]) kinds.push_back(v["kind"]);
  EXPECT_EQ(kinds, (std::vector<std::string>{"out_of_order", "unknown_critical"}));
  EXPECT_EQ(packets[5]["parameters"][3]["unknown"], true);
  EXPECT_EQ(packets[5]["parameters"][3]["critical"], true);

  EXPECT_EQ(packets[6]["frame"], 12);
  EXPECT_EQ(packets[6]["transport"], "udp");
  EXPECT_EQ(first_error(packets[6]), "bad_checksum");

  const auto& not_decoded = d.doc["frames_not_decoded"];
  ASSERT_EQ(not_decoded.size(), 3u);
  EXPECT_EQ(not_decoded[0]["frame"], 4);
  EXPECT_NE(not_decoded[0]["reason"].get<std::string>().find("kept 60 of"), std::string::npos);
  EXPECT_EQ(not_decoded[1]["frame"], 10);
  EXPECT_EQ(not_decoded[2]["frame"], 11);
  EXPECT_EQ(not_decoded[2]["kind"], "ip_fragment");
  std::remove(path.c_str());
}

TEST(MalformedDecodeTest, TextModeFlagsTheProblems) {
  const std::string path = write_malformed_capture();
  const CommandResult r = run_hipctl({"decode", path});
  EXPECT_EQ(r.exit_code, 1);
  for (const char* needle : {"WRONG (expected", "#4  TRUNCATED: IPv4 packet truncated", "NOT DECODED: truncated_header",
                             "VIOLATION  unknown critical parameter type 10001",
                             "7 HIP packets, 5 errors, 1 non-HIP frame skipped, 1 UDP-encapsulated ESP packet, "
                             "2 truncated frames, 1 IP fragment not reassembled"}) {
    EXPECT_NE(r.out.find(needle), std::string::npos) << "missing: " << needle << "\n" << r.out;
  }
  std::remove(path.c_str());
}

TEST(MalformedDecodeTest, OrderViolationAloneKeepsExitCodeZero) {
  const std::string path = scratch_path("order.pcap");
  {
    PcapWriter w(path);
    const SamplePacket i1 = sample("i1");
    // RVS_HMAC (65500) before DH_GROUP_LIST (511): out of order (RFC 7401 §5.2.1).
    Bytes packet(i1.bytes.begin(), i1.bytes.begin() + 40);
    packet.insert(packet.end(), {0xff, 0xdc, 0x00, 0x04, 9, 9, 9, 9});  // RVS_HMAC, 4 bytes
    packet.insert(packet.end(), {0x01, 0xff, 0x00, 0x01, 7, 0, 0, 0});  // DH_GROUP_LIST {7}
    packet[1] = static_cast<std::uint8_t>(packet.size() / 8 - 1);
    set_checksum(packet, i1.src, i1.dst);
    w.write_hip(i1.src, i1.dst, packet);
  }
  const JsonDecode d = decode_json(path);
  ASSERT_FALSE(d.doc.is_discarded());
  EXPECT_EQ(d.result.exit_code, 0);
  ASSERT_EQ(d.doc["packets"].size(), 1u);
  const auto& p = d.doc["packets"][0];
  EXPECT_EQ(p["header"]["checksum_ok"], true);
  ASSERT_EQ(p["violations"].size(), 1u);
  EXPECT_EQ(p["violations"][0]["kind"], "out_of_order");
  EXPECT_EQ(p["violations"][0]["type"], 511);
  std::remove(path.c_str());
}

TEST(MalformedDecodeTest, MissingFileExitsTwoAndNamesTheFile) {
  const std::string path = scratch_path("does_not_exist.pcap");
  const CommandResult r = run_hipctl({"decode", path});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(path), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("No such file"), std::string::npos) << r.err;
  EXPECT_TRUE(r.out.empty());
}

TEST(MalformedDecodeTest, NonCaptureFileExitsTwo) {
  const std::string path = scratch_path("not_a_capture.pcap");
  std::ofstream(path) << "this is not a capture file\n";
  const CommandResult r = run_hipctl({"--json", "decode", path});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(path), std::string::npos) << r.err;
  std::remove(path.c_str());
}

TEST(MalformedDecodeTest, CaptureCutMidRecordStillShowsWhatWasRead) {
  const std::string full = scratch_path("cut_full.pcap");
  {
    PcapWriter w(full);
    for (const auto& p : build_sample_packets(sample_initiator_v4(), sample_responder_v4())) w.write_hip(p.src, p.dst, p.bytes);
  }
  std::ifstream in(full, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::string cut = scratch_path("cut.pcap");
  std::ofstream(cut, std::ios::binary) << bytes.substr(0, bytes.size() - 100);
  const JsonDecode d = decode_json(cut);
  ASSERT_FALSE(d.doc.is_discarded());
  EXPECT_EQ(d.result.exit_code, 1);
  EXPECT_EQ(d.doc["packets"].size(), 8u);
  EXPECT_TRUE(d.doc["summary"].contains("read_error"));
  EXPECT_NE(d.result.err.find("stopped reading"), std::string::npos);
  std::remove(full.c_str());
  std::remove(cut.c_str());
}

}  // namespace
}  // namespace hip::test
