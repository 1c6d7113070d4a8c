// Interoperability check against a capture made by another HIPv2
// implementation (cutehip): I1, R1, I2, R2 over IPv4, pcapng with Ethernet
// framing. We decode its HOST_IDs, recompute its HITs, and verify its
// signatures with our RFC 7401 rules.
//
// Findings (details beside each test):
// - HITs: both match ORCHIDv2 with SHA-256 (RFC 7401 §3.2, suite 1).
// - R1 HIP_SIGNATURE_2 and I2 HIP_SIGNATURE verify as RFC 7401 §6.4.2
//   prescribes, with RSASSA-PSS/SHA-256/MGF1-SHA-256 and a 32-byte salt.
// - R2 deviates: it carries HIP_SIGNATURE_2 (61633), which RFC 7401 §5.2.15
//   reserves for R1, instead of the HIP_SIGNATURE (61697) that §5.3.4 requires.
//   Its signature covers the packet as a HIP_SIGNATURE would (nothing zeroed)
//   but cut at type 61633. We do not accept it (RFC-correct behaviour).
// - R1 lists its parameters out of type order (RFC 7401 §5.2.1 makes that
//   packet malformed); we parse it leniently here only to inspect it.
// - I2's Host Identity is RSA-1024, below the 112-bit strength RFC 7401
//   §5.2.9 says "should" be used; we accept it from peers (host_id_key.h).
#include <gtest/gtest.h>
#include <pcap/pcap.h>

#include <optional>

#include "crypto/hit.h"
#include "crypto/host_id.h"
#include "crypto/host_id_test_util.h"
#include "crypto/signature_packet.h"
#include "wire/coverage.h"
#include "wire/params/all.h"

namespace hip::crypto {
namespace {

using testing::ByteVector;

constexpr const char* kCapture = HIP_SHARED_DIR "/vectors/cutehip-hip.pcap";

// The HIP packets of the capture (Ethernet + IPv4, protocol 139), in order.
std::vector<ByteVector> read_hip_packets() {
  std::vector<ByteVector> packets;
  char error[PCAP_ERRBUF_SIZE] = {};
  pcap_t* pcap = pcap_open_offline(kCapture, error);
  if (pcap == nullptr) return packets;
  pcap_pkthdr* header = nullptr;
  const u_char* data = nullptr;
  while (pcap_next_ex(pcap, &header, &data) == 1) {
    const std::size_t length = header->caplen;
    if (length < 14 + 20 || data[12] != 0x08 || data[13] != 0x00) continue;  // IPv4 only
    const std::size_t ihl = static_cast<std::size_t>(data[14] & 0x0f) * 4;
    if (data[14 + 9] != 139 || length < 14 + ihl) continue;
    packets.emplace_back(data + 14 + ihl, data + length);
  }
  pcap_close(pcap);
  return packets;
}

class CutehipCapture : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { packets_ = new std::vector<ByteVector>(read_hip_packets()); }
  static void TearDownTestSuite() { delete packets_; }

  void SetUp() override {
    if (packets_->size() != 4) {
      GTEST_SKIP() << "third-party capture " << kCapture
                   << " is missing or unreadable: cutehip interoperability not checked";
    }
  }

  // Lenient parse: cutehip's R1 is out of order.
  static wire::PacketView view(std::size_t index) {
    auto v = wire::parse_packet((*packets_)[index], {.enforce_order = false});
    EXPECT_TRUE(v);
    return *v;
  }

  static PublicKey host_key(std::size_t index) {
    auto param = view(index).get<wire::HostId>();
    EXPECT_TRUE(param);
    auto key = decode_host_identity(*param);
    EXPECT_TRUE(key) << to_string(key.error());
    return std::move(*key);
  }

  static constexpr std::size_t kI1 = 0, kR1 = 1, kI2 = 2, kR2 = 3;
  static std::vector<ByteVector>* packets_;
};

std::vector<ByteVector>* CutehipCapture::packets_ = nullptr;

TEST_F(CutehipCapture, PacketTypesAreTheBaseExchange) {
  EXPECT_EQ(view(kI1).header().type, wire::PacketType::i1);
  EXPECT_EQ(view(kR1).header().type, wire::PacketType::r1);
  EXPECT_EQ(view(kI2).header().type, wire::PacketType::i2);
  EXPECT_EQ(view(kR2).header().type, wire::PacketType::r2);
}

TEST_F(CutehipCapture, HitsMatchTheirHostIdentities) {
  for (std::size_t index : {kR1, kI2}) {
    const wire::PacketView packet = view(index);
    auto param = packet.get<wire::HostId>();
    ASSERT_TRUE(param);
    EXPECT_EQ(param->algorithm, 5);  // RSA
    auto hit = compute_hit(param->algorithm, param->host_identity);
    ASSERT_TRUE(hit);
    EXPECT_EQ(*hit, packet.header().sender) << hit->to_string();
    EXPECT_EQ(hit->oga_id(), 1);  // RSA,DSA/SHA-256
  }
  // The I1 already names both HITs.
  EXPECT_EQ(view(kI1).header().sender, view(kI2).header().sender);
  EXPECT_EQ(view(kI1).header().receiver, view(kR1).header().sender);
}

TEST_F(CutehipCapture, HostIdsDecodeWithTheirDomainIdentifiers) {
  auto r1 = view(kR1).get<wire::HostId>();
  ASSERT_TRUE(r1);
  EXPECT_EQ(r1->di_type, 2);  // NAI
  EXPECT_EQ(domain_identifier_text(DiType::nai, r1->domain_identifier),
            "dmitriy.kuptsov@strangebit.io");
  EXPECT_EQ(host_key(kR1).bits(), 2048u);
  EXPECT_EQ(host_key(kI2).bits(), 1024u);  // below RFC 7401 §5.2.9's "should"; accepted
}

TEST_F(CutehipCapture, R1HipSignature2VerifiesPerRfc7401) {
  EXPECT_TRUE(verify_hip_signature_2(view(kR1), host_key(kR1)));
}

TEST_F(CutehipCapture, I2HipSignatureVerifiesPerRfc7401) {
  EXPECT_TRUE(verify_hip_signature(view(kI2), host_key(kI2)));
}

// Independent confirmation of the PSS parameters: the `openssl` CLI, told
// salt length 32 exactly, accepts the R1 signature over the signed bytes.
TEST_F(CutehipCapture, R1SignatureUsesPssSha256WithSalt32) {
  const wire::PacketView packet = view(kR1);
  std::array<std::uint8_t, wire::kMaxPacketSize> buf{};
  auto covered = signed_bytes(packet, wire::ParamType::hip_signature_2, buf);
  ASSERT_TRUE(covered);
  auto sig = packet.get<wire::HipSignature2>();
  ASSERT_TRUE(sig);
  testing::TempDir dir;
  const PublicKey key = host_key(kR1);
  testing::write_public_pem(dir.file("pub.pem"), key.get());
  testing::write_file(dir.file("signed"), ByteVector(covered->begin(), covered->end()));
  testing::write_file(dir.file("sig"), ByteVector(sig->signature.begin(), sig->signature.end()));
  auto r = testing::run("openssl pkeyutl -verify -pubin -inkey " + dir.file("pub.pem") + " -rawin -digest sha256 -in " +
                        dir.file("signed") + " -sigfile " + dir.file("sig") +
                        " -pkeyopt rsa_padding_mode:pss -pkeyopt rsa_pss_saltlen:32 -pkeyopt rsa_mgf1_md:sha256");
  EXPECT_EQ(r.status, 0) << r.output;
}

// RFC 7401 §5.3.4: R2 = ESP_INFO ... HIP_MAC_2, HIP_SIGNATURE, verified with
// the Responder's HI from R1 (§6.10). cutehip's R2 has no HIP_SIGNATURE, so
// the RFC-correct verification fails, as it must.
TEST_F(CutehipCapture, R2LacksHipSignatureSoRfcVerificationFails) {
  const wire::PacketView r2 = view(kR2);
  EXPECT_FALSE(r2.find(wire::ParamType::hip_signature));
  auto result = verify_hip_signature(r2, host_key(kR1));
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error(), SignatureError::missing_signature);
  // Nor is it a valid HIP_SIGNATURE_2 (whose zeroing applies to R1 only).
  EXPECT_FALSE(verify_hip_signature_2(r2, host_key(kR1)));
}

// Documents what cutehip did in R2 (found by trying variants): it put a
// HIP_SIGNATURE_2 parameter where HIP_SIGNATURE belongs and signed header +
// ESP_INFO + HIP_MAC_2 (types < 61633) with nothing zeroed, i.e. HIP_SIGNATURE
// rules applied at the HIP_SIGNATURE_2 type. Deviation from RFC 7401 §5.3.4
// and §5.2.15; hipstack does not accept it.
TEST_F(CutehipCapture, CutehipDeviationR2SignedAsHipSignatureUnderType61633) {
  const wire::PacketView r2 = view(kR2);
  auto sig = r2.get<wire::HipSignature2>();
  ASSERT_TRUE(sig);
  std::array<std::uint8_t, wire::kMaxPacketSize> buf{};
  auto covered = wire::covered_bytes(r2, static_cast<std::uint16_t>(wire::ParamType::hip_signature_2), buf);
  ASSERT_TRUE(covered);
  EXPECT_TRUE(verify_bytes(host_key(kR1), *covered, sig->signature));
}

// RFC 7401 §5.2.1: out-of-order parameters make a packet malformed. cutehip's
// R1 puts ESP_TRANSFORM (4095) before HOST_ID (705) and DH_GROUP_LIST (511)
// after HIT_SUITE_LIST (715); a strict parse refuses it.
TEST_F(CutehipCapture, CutehipDeviationR1ParametersOutOfOrder) {
  EXPECT_FALSE(wire::order_violations(view(kR1)).empty());
  auto strict = wire::parse_packet((*packets_)[kR1]);
  ASSERT_FALSE(strict);
  EXPECT_EQ(strict.error().code, wire::ParseErrorCode::out_of_order);
}

}  // namespace
}  // namespace hip::crypto
