// `hipctl decode` on captures written from the sample packets: every link
// framing the reader supports, IPv4 and IPv6, HIP over IP and over UDP 10500.
// Expected values come from how the samples were built (tests/support), and
// parameter framing from walking the built bytes here.
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "cli/hipctl_runner.h"
#include "support/pcap_writer.h"
#include "support/sample_packets.h"

namespace hip::test {
namespace {

// (type, length) of each TLV of a built packet, read directly from its bytes.
std::vector<std::pair<int, int>> tlvs_of(const std::vector<std::uint8_t>& packet) {
  std::vector<std::pair<int, int>> out;
  std::size_t at = 40;
  while (at + 4 <= packet.size()) {
    const int type = packet[at] << 8 | packet[at + 1];
    const int length = packet[at + 2] << 8 | packet[at + 3];
    out.emplace_back(type, length);
    at += (4 + static_cast<std::size_t>(length) + 7) / 8 * 8;
  }
  return out;
}

const nlohmann::json* find_param(const nlohmann::json& packet, int type) {
  for (const auto& p : packet["parameters"]) {
    if (p["type"] == type) return &p;
  }
  return nullptr;
}

struct Framing {
  const char* name;
  LinkFraming link;
  const char* link_name;
};

class SampleDecodeTest : public ::testing::TestWithParam<Framing> {};

TEST_P(SampleDecodeTest, EverySamplePacketDecodesCleanly) {
  const Framing framing = GetParam();
  const std::string path = scratch_path(std::string("samples_") + framing.name + ".pcap");
  std::vector<SamplePacket> expected;
  {
    PcapWriter writer(path, framing.link);
    for (bool v6 : {false, true}) {
      const auto i = v6 ? sample_initiator_v6() : sample_initiator_v4();
      const auto r = v6 ? sample_responder_v6() : sample_responder_v4();
      for (auto& p : build_sample_packets(i, r)) {
        writer.write_hip(p.src, p.dst, p.bytes);
        expected.push_back(std::move(p));
      }
    }
  }
  const JsonDecode d = decode_json(path);
  ASSERT_FALSE(d.doc.is_discarded());
  EXPECT_EQ(d.result.exit_code, 0) << d.result.err;
  EXPECT_EQ(d.doc["link_type"], framing.link_name);
  const auto& packets = d.doc["packets"];
  ASSERT_EQ(packets.size(), expected.size());
  for (std::size_t n = 0; n < expected.size(); ++n) {
    const SamplePacket& s = expected[n];
    const auto& p = packets[n];
    SCOPED_TRACE(s.name + (s.src.is_v4() ? " v4" : " v6"));
    EXPECT_EQ(p["frame"], n + 1);
    EXPECT_EQ(p["transport"], "ip");
    EXPECT_EQ(p["ip_version"], s.src.is_v4() ? 4 : 6);
    EXPECT_EQ(p["src"], s.src.to_string());
    EXPECT_EQ(p["dst"], s.dst.to_string());
    EXPECT_EQ(p["header"]["type"], static_cast<int>(s.type));
    EXPECT_EQ(p["header"]["version"], s.version);
    EXPECT_EQ(p["header"]["length"], s.bytes.size());
    EXPECT_EQ(p["header"]["checksum_ok"], true);
    EXPECT_EQ(p["ok"], true) << p["errors"].dump();
    EXPECT_TRUE(p["violations"].empty()) << p["violations"].dump();
    EXPECT_EQ(param_types_and_lengths(p), tlvs_of(s.bytes));
    for (const auto& param : p["parameters"]) {
      EXPECT_FALSE(param.contains("error")) << param.dump();
      EXPECT_FALSE(param.contains("unknown")) << param.dump();
    }
  }
  EXPECT_EQ(d.doc["summary"]["hip"], expected.size());
  EXPECT_EQ(d.doc["summary"]["errors"], 0);
  std::remove(path.c_str());
}

INSTANTIATE_TEST_SUITE_P(
    Links, SampleDecodeTest,
    ::testing::Values(Framing{"raw", LinkFraming::raw, "raw IP"},
                      Framing{"ethernet", LinkFraming::ethernet, "Ethernet"},
                      Framing{"vlan", LinkFraming::ethernet_vlan, "Ethernet"},
                      Framing{"sll", LinkFraming::linux_sll, "Linux cooked (SLL)"},
                      Framing{"sll2", LinkFraming::linux_sll2, "Linux cooked (SLL2)"},
                      Framing{"null", LinkFraming::bsd_null, "BSD loopback"}),
    [](const auto& link) { return std::string(link.param.name); });

// The decoded meanings of fields whose values the samples chose.
TEST(SampleDecodeTest, FieldsAreDecodedByTheirRfcMeaning) {
  const std::string path = scratch_path("samples_meaning.pcap");
  {
    PcapWriter writer(path);
    for (const auto& p : build_sample_packets(sample_initiator_v6(), sample_responder_v6())) {
      writer.write_hip(p.src, p.dst, p.bytes);
    }
  }
  const JsonDecode d = decode_json(path);
  ASSERT_FALSE(d.doc.is_discarded());
  const auto& packets = d.doc["packets"];
  ASSERT_EQ(packets.size(), 9u);
  const auto& r1 = packets[1];
  const auto& i2 = packets[2];
  const auto& update = packets[4];
  const auto& notify = packets[5];

  const auto* dh = find_param(r1, 513);
  ASSERT_NE(dh, nullptr);
  EXPECT_EQ((*dh)["group"], 7);
  EXPECT_EQ((*dh)["group_name"], "NIST P-256");
  EXPECT_EQ((*dh)["public_value_length"], 64);

  const auto* host_id = find_param(r1, 705);
  ASSERT_NE(host_id, nullptr);
  EXPECT_EQ((*host_id)["algorithm_name"], "RSA");
  EXPECT_EQ((*host_id)["key_bits"], 2048);
  EXPECT_EQ((*host_id)["di_type_name"], "FQDN");
  EXPECT_EQ((*host_id)["domain_identifier"], "responder.example.com");

  const auto* suites = find_param(r1, 715);
  ASSERT_NE(suites, nullptr);
  EXPECT_EQ((*suites)["suites"][0]["name"], "RSA,DSA/SHA-256");
  EXPECT_EQ((*suites)["suites"][1]["name"], "ECDSA/SHA-384");

  const auto* esp = find_param(r1, 4095);
  ASSERT_NE(esp, nullptr);
  EXPECT_EQ((*esp)["suites"][0]["name"], "AES-256-CBC with HMAC-SHA-256");
  EXPECT_EQ((*esp)["suites"][1]["name"], "AES-128-CBC with HMAC-SHA-256");

  const auto* puzzle = find_param(r1, 257);
  ASSERT_NE(puzzle, nullptr);
  EXPECT_EQ((*puzzle)["k"], 8);
  EXPECT_EQ((*puzzle)["lifetime_seconds"], 32.0);  // 2^(37 - 32)

  const auto* relay_to = find_param(r1, 64002);
  ASSERT_NE(relay_to, nullptr);
  EXPECT_EQ((*relay_to)["address"], "192.0.2.1");
  EXPECT_EQ((*relay_to)["port"], 10500);

  EXPECT_EQ(i2["header"]["anonymous"], true);
  const auto* cipher = find_param(i2, 579);
  ASSERT_NE(cipher, nullptr);
  EXPECT_EQ((*cipher)["ciphers"][0]["name"], "AES-128-CBC");

  const auto* locators = find_param(update, 193);
  ASSERT_NE(locators, nullptr);
  ASSERT_EQ((*locators)["locators"].size(), 3u);
  EXPECT_EQ((*locators)["locators"][0]["address"], "2001:db8::1");
  EXPECT_EQ((*locators)["locators"][1]["address"], "192.0.2.10");
  EXPECT_EQ((*locators)["locators"][1]["spi"], "0x1234abcd");
  EXPECT_EQ((*locators)["locators"][1]["preferred"], true);
  EXPECT_EQ((*locators)["locators"][2]["transport"]["port"], 10500);
  EXPECT_EQ((*locators)["locators"][2]["transport"]["kind_name"], "server reflexive");

  const auto* ecdsa = find_param(update, 705);
  ASSERT_NE(ecdsa, nullptr);
  EXPECT_EQ((*ecdsa)["algorithm_name"], "ECDSA");
  EXPECT_EQ((*ecdsa)["curve_name"], "NIST P-384");
  EXPECT_EQ((*ecdsa)["domain_identifier"], "initiator@example.org");

  ASSERT_EQ(notify["parameters"].size(), 4u);
  EXPECT_EQ(notify["parameters"][1]["notify_name"], "NO_DH_PROPOSAL_CHOSEN");
  EXPECT_EQ(notify["parameters"][2]["notify_name"], "I2_ACKNOWLEDGEMENT");
  EXPECT_EQ(notify["parameters"][2]["kind"], "status");

  EXPECT_EQ(packets[8]["header"]["version"], 1);
  EXPECT_EQ(packets[8]["parameters"][2]["name"], "HIP_TRANSFORM");
  std::remove(path.c_str());
}

TEST(SampleDecodeTest, HipOverUdpNeedsTheZeroMarkerAndAZeroChecksum) {
  const std::string path = scratch_path("samples_udp.pcap");
  {
    PcapWriter writer(path);
    for (bool v6 : {false, true}) {
      const auto i = v6 ? sample_initiator_v6() : sample_initiator_v4();
      const auto r = v6 ? sample_responder_v6() : sample_responder_v4();
      for (const auto& p : build_sample_packets(i, r, ChecksumMode::zero)) writer.write_hip(p.src, p.dst, p.bytes, true);
    }
    // UDP-encapsulated ESP on 10500: a non-zero SPI where HIP has its marker (RFC 3948).
    const std::vector<std::uint8_t> esp = {0x00, 0x00, 0x12, 0x34, 0, 0, 0, 1, 0xde, 0xad, 0xbe, 0xef};
    writer.write_ip(ip_packet(sample_initiator_v4(), sample_responder_v4(), 17,
                              udp_datagram(sample_initiator_v4(), sample_responder_v4(), 4500, 10500, esp)));
  }
  const JsonDecode d = decode_json(path);
  ASSERT_FALSE(d.doc.is_discarded());
  EXPECT_EQ(d.result.exit_code, 0) << d.result.err;
  ASSERT_EQ(d.doc["packets"].size(), 18u);
  for (const auto& p : d.doc["packets"]) {
    EXPECT_EQ(p["transport"], "udp");
    EXPECT_EQ(p["src_port"], 10500);
    EXPECT_EQ(p["dst_port"], 10500);
    EXPECT_EQ(p["udp_checksum_ok"], true);
    EXPECT_EQ(p["header"]["checksum"], "0x0000");
    EXPECT_EQ(p["header"]["checksum_ok"], true);
    EXPECT_EQ(p["ok"], true) << p.dump();
  }
  EXPECT_EQ(d.doc["summary"]["esp_udp"], 1);
  EXPECT_EQ(d.doc["summary"]["hip"], 18);
  std::remove(path.c_str());
}

}  // namespace
}  // namespace hip::test
