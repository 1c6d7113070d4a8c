// `hipctl decode` on a third-party capture: a cutehip base exchange (pcapng,
// Ethernet, IPv4). The expected values come from `tshark -V` on the same file
// and from its raw bytes, not from hipctl:
//   - frames 1-4 are I1, R1, I2, R2 with checksums 0x6455, 0x9613, 0x8897,
//     0x322d, all correct;
//   - the parameters (type, length) listed below;
//   - R1 carries ESP_TRANSFORM (4095) before HOST_ID (705) and DH_GROUP_LIST
//     (511) after HIT_SUITE_LIST (715); I2 has ESP_TRANSFORM before HOST_ID;
//   - both DIFFIE_HELLMAN parameters (R1, I2) say "Public Value Length 8"
//     (bytes 00 08) before a 64-byte NIST P-256 value, Length 67 = 1 + 2 + 64:
//     RFC 7401 §5.2.7 makes that field the length in octets, so hipstack's
//     DIFFIE_HELLMAN view (the protocol path) refuses them; the inspector
//     shows the 64-byte value and reports the field as a violation, so all
//     four packets decode without error (exit code 0);
//   - the HOST_IDs are RSA (algorithm 5) with the NAI
//     "dmitriy.kuptsov@strangebit.io" (Host Identity Length 260 in R1, 132 in I2).
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "cli/hipctl_runner.h"

namespace hip::test {
namespace {

using Params = std::vector<std::pair<int, int>>;

const std::string kCapture = HIP_SHARED_DIR "/vectors/cutehip-hip.pcap";

class CutehipDecodeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!file_exists(kCapture)) GTEST_SKIP() << "capture not found: " << kCapture << " (skipping)";
  }
};

// Modulus size of an RFC 3110 RSA key given as hex, computed here.
int rsa_modulus_bits(const std::string& hex) {
  std::vector<int> bytes;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) bytes.push_back(std::stoi(hex.substr(i, 2), nullptr, 16));
  std::size_t at = bytes.at(0) != 0 ? 1 + static_cast<std::size_t>(bytes[0])
                                    : 3 + static_cast<std::size_t>(bytes.at(1) * 256 + bytes.at(2));
  while (at < bytes.size() && bytes[at] == 0) ++at;
  if (at == bytes.size()) return 0;
  int top = 0;
  for (int v = bytes[at]; v != 0; v >>= 1) ++top;
  return static_cast<int>((bytes.size() - at - 1) * 8) + top;
}

std::vector<std::string> names_of(const nlohmann::json& list, const char* key) {
  std::vector<std::string> out;
  for (const auto& item : list) out.push_back(item.value(key, std::string()));
  return out;
}

TEST_F(CutehipDecodeTest, JsonShowsAllFourPacketsWithTheirParameters) {
  const JsonDecode d = decode_json(kCapture);
  ASSERT_FALSE(d.doc.is_discarded());
  EXPECT_EQ(d.result.exit_code, 0) << "all four packets decode";
  const auto& packets = d.doc["packets"];
  ASSERT_EQ(packets.size(), 4u);

  const std::vector<std::string> types = {"I1", "R1", "I2", "R2"};
  const std::vector<std::string> checksums = {"0x6455", "0x9613", "0x8897", "0x322d"};
  const std::vector<Params> params = {
      {{511, 6}},
      {{257, 36}, {513, 67}, {579, 6}, {4095, 8}, {705, 295}, {715, 3}, {511, 1}, {2049, 2}, {61633, 258}},
      {{65, 12}, {321, 68}, {513, 67}, {579, 2}, {4095, 4}, {705, 167}, {2049, 2}, {61505, 32}, {61697, 130}},
      {{65, 12}, {61569, 32}, {61633, 258}},
  };
  for (std::size_t i = 0; i < 4; ++i) {
    SCOPED_TRACE(types[i]);
    const auto& p = packets[i];
    EXPECT_EQ(p["frame"], i + 1);
    EXPECT_EQ(p["transport"], "ip");
    EXPECT_EQ(p["src"], i % 2 == 0 ? "192.168.64.16" : "192.168.64.15");
    EXPECT_EQ(p["dst"], i % 2 == 0 ? "192.168.64.15" : "192.168.64.16");
    EXPECT_EQ(p["header"]["type_name"], types[i]);
    EXPECT_EQ(p["header"]["version"], 2);
    EXPECT_EQ(p["header"]["checksum"], checksums[i]);
    EXPECT_EQ(p["header"]["checksum_ok"], true);
    EXPECT_EQ(param_types_and_lengths(p), params[i]);
  }
  EXPECT_EQ(packets[0]["sender_hit"], "2001:21:17ff:234:b200:ad27:767:f466");
  EXPECT_EQ(packets[0]["receiver_hit"], "2001:21:1010:fb60:685e:ada0:17cf:5987");

  const auto& summary = d.doc["summary"];
  EXPECT_EQ(summary["hip"], 4);
  EXPECT_EQ(summary["errors"], 0);
  EXPECT_EQ(summary["non_hip"], 0);
  EXPECT_EQ(summary["truncated"], 0);
}

TEST_F(CutehipDecodeTest, HostIdsAreRsaWithTheirNai) {
  const JsonDecode d = decode_json(kCapture);
  ASSERT_FALSE(d.doc.is_discarded());
  struct Expect {
    std::size_t packet;
    std::size_t param;
    int hi_length;
  };
  for (const Expect& e : {Expect{1, 4, 260}, Expect{2, 5, 132}}) {
    const auto& host_id = d.doc["packets"][e.packet]["parameters"][e.param];
    SCOPED_TRACE(host_id.dump());
    EXPECT_EQ(host_id["name"], "HOST_ID");
    EXPECT_FALSE(host_id.contains("error"));
    EXPECT_EQ(host_id["algorithm"], 5);
    EXPECT_EQ(host_id["algorithm_name"], "RSA");
    EXPECT_EQ(host_id["hi_length"], e.hi_length);
    EXPECT_EQ(host_id["di_type_name"], "NAI");
    EXPECT_EQ(host_id["domain_identifier"], "dmitriy.kuptsov@strangebit.io");
    EXPECT_EQ(host_id["rsa_exponent"], 65537);
    const std::string hi = host_id["host_identity"];
    EXPECT_EQ(hi.size(), static_cast<std::size_t>(e.hi_length) * 2);
    EXPECT_EQ(host_id["key_bits"], rsa_modulus_bits(hi));
  }
  const auto& signature = d.doc["packets"][1]["parameters"][8];
  EXPECT_EQ(signature["name"], "HIP_SIGNATURE_2");
  EXPECT_EQ(signature["algorithm_name"], "RSA");
  EXPECT_EQ(signature["signature_length"], 256);
}

TEST_F(CutehipDecodeTest, OutOfOrderParametersAreViolationsNotErrors) {
  const JsonDecode d = decode_json(kCapture);
  ASSERT_FALSE(d.doc.is_discarded());
  const auto& packets = d.doc["packets"];
  auto out_of_order_types = [](const nlohmann::json& packet) {
    std::vector<int> types;
    for (const auto& v : packet["violations"]) {
      if (v["kind"] == "out_of_order") types.push_back(v["type"].get<int>());
    }
    return types;
  };
  EXPECT_TRUE(out_of_order_types(packets[0]).empty());
  EXPECT_EQ(out_of_order_types(packets[1]), (std::vector<int>{705, 511}));
  EXPECT_EQ(out_of_order_types(packets[2]), (std::vector<int>{705}));
  EXPECT_TRUE(out_of_order_types(packets[3]).empty());
  // The order violations alone do not make errors: I1 and R2 are clean.
  EXPECT_EQ(packets[0]["ok"], true);
  EXPECT_EQ(packets[3]["ok"], true);
  EXPECT_EQ(names_of(packets[1]["parameters"], "name"),
            (std::vector<std::string>{"PUZZLE", "DIFFIE_HELLMAN", "HIP_CIPHER", "ESP_TRANSFORM", "HOST_ID",
                                      "HIT_SUITE_LIST", "DH_GROUP_LIST", "TRANSPORT_FORMAT_LIST",
                                      "HIP_SIGNATURE_2"}));
}

TEST_F(CutehipDecodeTest, TheDiffieHellmanLengthFieldIsAViolation) {
  const JsonDecode d = decode_json(kCapture);
  ASSERT_FALSE(d.doc.is_discarded());
  for (std::size_t packet : {1u, 2u}) {
    const auto& p = d.doc["packets"][packet];
    SCOPED_TRACE(p["header"]["type_name"].get<std::string>());
    EXPECT_EQ(p["ok"], true);
    EXPECT_TRUE(p["errors"].empty());
    int field_violations = 0;
    for (const auto& v : p["violations"]) {
      if (v["kind"] != "parameter_field") continue;
      ++field_violations;
      EXPECT_EQ(v["type"], 513);
      EXPECT_NE(v["message"].get<std::string>().find("Public Value Length field says 8 but 64 bytes follow"),
                std::string::npos);
    }
    EXPECT_EQ(field_violations, 1);
    const auto& dh = p["parameters"][packet == 1 ? 1 : 2];
    EXPECT_EQ(dh["name"], "DIFFIE_HELLMAN");
    EXPECT_EQ(dh["group"], 7);
    EXPECT_EQ(dh["group_name"], "NIST P-256");
    EXPECT_EQ(dh["public_value_length_field"], 8);
    EXPECT_EQ(dh["public_value_length"], 64);
    EXPECT_EQ(dh["public_value"].get<std::string>().size(), 64u * 2);
    EXPECT_FALSE(dh.contains("error"));
  }
}

TEST_F(CutehipDecodeTest, R2SignedWithTheR1SignatureTypeIsAViolation) {
  // cutehip's R2 carries HIP_SIGNATURE_2 (61633); RFC 7401 §5.3.4 wants HIP_SIGNATURE.
  const JsonDecode d = decode_json(kCapture);
  ASSERT_FALSE(d.doc.is_discarded());
  auto signature_violations = [](const nlohmann::json& packet) {
    int n = 0;
    for (const auto& v : packet["violations"]) n += v["kind"] == "signature_type" ? 1 : 0;
    return n;
  };
  EXPECT_EQ(signature_violations(d.doc["packets"][1]), 0);  // R1: HIP_SIGNATURE_2 is right
  EXPECT_EQ(signature_violations(d.doc["packets"][2]), 0);  // I2: HIP_SIGNATURE
  EXPECT_EQ(signature_violations(d.doc["packets"][3]), 1);
}

TEST_F(CutehipDecodeTest, TextModeHasAHeaderLinePerPacketAndASummary) {
  const CommandResult r = run_hipctl({"decode", kCapture});
  EXPECT_EQ(r.exit_code, 0);
  for (const char* needle :
       {"#1  0.000000  IPv4 192.168.64.16 -> 192.168.64.15  I1 (HIPv2, 56 bytes)  checksum 0x6455 ok",
        "#2  0.042510  IPv4 192.168.64.15 -> 192.168.64.16  R1 (HIPv2, 776 bytes)  checksum 0x9613 ok",
        "#3  0.300880  IPv4 192.168.64.16 -> 192.168.64.15  I2 (HIPv2, 576 bytes)  checksum 0x8897 ok",
        "#4  0.316820  IPv4 192.168.64.15 -> 192.168.64.16  R2 (HIPv2, 360 bytes)  checksum 0x322d ok",
        "HOST_ID               (705, critical, 295 bytes)    algorithm 5 RSA, 2048-bit (e 65537), NAI "
        "\"dmitriy.kuptsov@strangebit.io\"",
        "VIOLATION  DH_GROUP_LIST (511) at offset 496 comes after HIT_SUITE_LIST (715)",
        "VIOLATION  DIFFIE_HELLMAN (513) at offset 80: its Public Value Length field says 8 but 64 "
        "bytes follow",
        "4 HIP packets, 0 errors, 0 non-HIP frames skipped"}) {
    EXPECT_NE(r.out.find(needle), std::string::npos) << "missing: " << needle << "\n" << r.out;
  }
  // Long values are shortened in text mode: no 256-byte signature in full.
  EXPECT_EQ(r.out.find("d3000e8c66465f7a9f78df52"), std::string::npos);
  EXPECT_NE(r.out.find("d3000e8c66465f7a…"), std::string::npos);
}

}  // namespace
}  // namespace hip::test
