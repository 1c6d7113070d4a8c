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
//     DIFFIE_HELLMAN view refuses them and the inspector reports them as
//     errors (exit code 1), while still showing the whole packets;
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
  EXPECT_EQ(d.result.exit_code, 1) << "two DIFFIE_HELLMAN parameters are malformed";
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
  EXPECT_EQ(summary["errors"], 2);
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

TEST_F(CutehipDecodeTest, TheDiffieHellmanLengthFieldIsReported) {
  const JsonDecode d = decode_json(kCapture);
  ASSERT_FALSE(d.doc.is_discarded());
  for (std::size_t packet : {1u, 2u}) {
    const auto& p = d.doc["packets"][packet];
    SCOPED_TRACE(p["header"]["type_name"].get<std::string>());
    EXPECT_EQ(p["ok"], false);
    ASSERT_EQ(p["errors"].size(), 1u);
    EXPECT_EQ(p["errors"][0]["code"], "bad_parameter_length");
    EXPECT_EQ(p["errors"][0]["type"], 513);
    const auto& dh = p["parameters"][packet == 1 ? 1 : 2];
    EXPECT_EQ(dh["name"], "DIFFIE_HELLMAN");
    EXPECT_EQ(dh["group"], 7);
    EXPECT_EQ(dh["public_value_length_field"], 8);
    EXPECT_EQ(dh["contents"].get<std::string>().size(), 67u * 2);
    EXPECT_EQ(dh["error"]["code"], "bad_parameter_length");
    // The parameters after it are still decoded.
    EXPECT_FALSE(p["parameters"][packet == 1 ? 2 : 3].contains("error"));
  }
}

TEST_F(CutehipDecodeTest, TextModeHasAHeaderLinePerPacketAndASummary) {
  const CommandResult r = run_hipctl({"decode", kCapture});
  EXPECT_EQ(r.exit_code, 1);
  for (const char* needle :
       {"#1  0.000000  IPv4 192.168.64.16 -> 192.168.64.15  I1 (HIPv2, 56 bytes)  checksum 0x6455 ok",
        "#2  0.042510  IPv4 192.168.64.15 -> 192.168.64.16  R1 (HIPv2, 776 bytes)  checksum 0x9613 ok",
        "#3  0.300880  IPv4 192.168.64.16 -> 192.168.64.15  I2 (HIPv2, 576 bytes)  checksum 0x8897 ok",
        "#4  0.316820  IPv4 192.168.64.15 -> 192.168.64.16  R2 (HIPv2, 360 bytes)  checksum 0x322d ok",
        "HOST_ID               (705, critical, 295 bytes)    algorithm 5 RSA, 2048-bit (e 65537), NAI "
        "\"dmitriy.kuptsov@strangebit.io\"",
        "VIOLATION  DH_GROUP_LIST (511) at offset 496 comes after HIT_SUITE_LIST (715)",
        "ERROR      DIFFIE_HELLMAN (513) at offset 80: bad parameter length",
        "4 HIP packets, 2 errors, 0 non-HIP frames skipped"}) {
    EXPECT_NE(r.out.find(needle), std::string::npos) << "missing: " << needle << "\n" << r.out;
  }
  // Long values are shortened in text mode: no 256-byte signature in full.
  EXPECT_EQ(r.out.find("d3000e8c66465f7a9f78df52"), std::string::npos);
  EXPECT_NE(r.out.find("d3000e8c66465f7a…"), std::string::npos);
}

}  // namespace
}  // namespace hip::test
