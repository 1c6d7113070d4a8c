// The describer behind `hipctl decode`, driven directly: host identity
// encodings, names, and robustness against every cut and bit flip of a packet.
#include <gtest/gtest.h>

#include <array>
#include <vector>

#include "cli/describe_packet.h"
#include "cli/describe_param.h"
#include "support/sample_packets.h"
#include "wire/builder.h"
#include "wire/checksum.h"
#include "wire/names.h"

namespace hip::cli {
namespace {

using Bytes = std::vector<std::uint8_t>;

const base::IpAddress kSrc = test::sample_initiator_v6();
const base::IpAddress kDst = test::sample_responder_v6();

PacketReport describe_bytes(const Bytes& hip, bool over_udp = false) {
  ClassifiedFrame frame;
  frame.kind = FrameKind::hip;
  frame.src = kSrc;
  frame.dst = kDst;
  frame.hip = hip;
  frame.over_udp = over_udp;
  return describe_hip_packet(FrameTime{1, 1704067200, 0, 0.0}, frame);
}

// One parameter, as found at offset 40 of a packet.
ParamReport describe_contents(std::uint16_t type, const Bytes& contents) {
  static Bytes storage;
  storage = contents;
  return describe_param(wire::Param{type, storage, 40, wire::param_total_size(contents.size())}, 2);
}

Bytes host_id(std::uint16_t algorithm, const Bytes& hi, std::uint8_t di_type = 0, const Bytes& di = {}) {
  Bytes b = {static_cast<std::uint8_t>(hi.size() >> 8), static_cast<std::uint8_t>(hi.size()),
             static_cast<std::uint8_t>(di_type << 4 | di.size() >> 8), static_cast<std::uint8_t>(di.size()),
             static_cast<std::uint8_t>(algorithm >> 8), static_cast<std::uint8_t>(algorithm)};
  b.insert(b.end(), hi.begin(), hi.end());
  b.insert(b.end(), di.begin(), di.end());
  return b;
}

TEST(DescribeParamTest, RsaKeyWithALongExponentLength) {
  // RFC 3110 §2: a zero first byte, then a 16-bit exponent length.
  Bytes hi = {0x00, 0x00, 0x03, 0x01, 0x00, 0x01};
  Bytes modulus(128, 0x55);
  modulus[0] = 0x80;
  hi.insert(hi.end(), modulus.begin(), modulus.end());
  const ParamReport r = describe_contents(705, host_id(5, hi));
  EXPECT_FALSE(r.error);
  EXPECT_EQ(r.json["key_bits"], 1024);
  EXPECT_EQ(r.json["rsa_exponent"], 65537);
}

TEST(DescribeParamTest, RsaKeyThatDoesNotFitIsAnError) {
  const ParamReport r = describe_contents(705, host_id(5, {0x10, 0x01, 0x00}));
  ASSERT_TRUE(r.error);
  EXPECT_EQ(r.error->code, wire::ParseErrorCode::bad_parameter_value);
  EXPECT_NE(r.error_message.find("RFC 3110"), std::string::npos);
}

TEST(DescribeParamTest, DsaKeySizeComesFromT) {
  // RFC 2536 §2: T = 8 -> P, G, Y of 64 + 8 * 8 = 128 bytes: a 1024-bit key.
  Bytes hi(1 + 20 + 3 * 128, 0x33);
  hi[0] = 8;
  const ParamReport r = describe_contents(705, host_id(3, hi));
  EXPECT_FALSE(r.error);
  EXPECT_EQ(r.json["algorithm_name"], "DSA");
  EXPECT_EQ(r.json["key_bits"], 1024);
}

TEST(DescribeParamTest, EdDsaCurvesWithAndWithoutTheNullField) {
  // RFC 9374 §3.4.1.1: curve 1 = EdDSA25519 (32-byte key), 3 = EdDSA448 (57).
  Bytes plain = {0x00, 0x01};
  plain.insert(plain.end(), 32, 0xed);
  Bytes with_null = {0x00, 0x03, 0x00, 0x00};
  with_null.insert(with_null.end(), 57, 0xed);
  const ParamReport a = describe_contents(705, host_id(13, plain));
  EXPECT_EQ(a.json["algorithm_name"], "EdDSA");
  EXPECT_EQ(a.json["curve_name"], "EdDSA25519");
  EXPECT_EQ(a.json["public_key_length"], 32);
  const ParamReport b = describe_contents(705, host_id(13, with_null));
  EXPECT_EQ(b.json["curve_name"], "EdDSA448");
  EXPECT_EQ(b.json["public_key_length"], 57);
}

TEST(DescribeParamTest, DomainIdentifierIsMadePrintable) {
  Bytes hi = {0x00, 0x01};
  hi.insert(hi.end(), 64, 0x04);
  const Bytes nai = {'a', '\x1b', '[', '2', 'J', '@', 'b'};
  const ParamReport r = describe_contents(705, host_id(7, hi, 2, nai));
  EXPECT_EQ(r.json["domain_identifier"], "a\\x1b[2J@b");
  const Bytes fqdn = {4, 'h', 'o', 's', 't', 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 0};
  EXPECT_EQ(describe_contents(705, host_id(7, hi, 1, fqdn)).json["domain_identifier"], "host.example");
}

TEST(DescribeParamTest, HitSuiteWithLowBitsSetIsFlagged) {
  const ParamReport r = describe_contents(715, {0x10, 0x25});
  EXPECT_EQ(r.json["suites"][1]["suite"], 2);
  EXPECT_EQ(r.json["suites"][1]["reserved_bits"], 5);
  EXPECT_NE(r.summary.find("should be 0"), std::string::npos);
}

TEST(DescribeParamTest, UnknownParametersAreShownAsUnknown) {
  const ParamReport r = describe_contents(12344, {1, 2, 3});
  EXPECT_FALSE(r.known);
  EXPECT_EQ(r.json["unknown"], true);
  EXPECT_EQ(r.json["critical"], false);
  EXPECT_EQ(r.json["contents"], "010203");
}

TEST(DescribeParamTest, MalformedKnownParameterKeepsItsBytes) {
  const ParamReport r = describe_contents(385, {1, 2, 3});  // SEQ must be 4 bytes
  ASSERT_TRUE(r.error);
  EXPECT_EQ(r.error->code, wire::ParseErrorCode::bad_parameter_length);
  EXPECT_EQ(r.json["error"]["code"], "bad_parameter_length");
  EXPECT_EQ(r.json["contents"], "010203");
}

TEST(NamesTest, NumbersFromTheRfcs) {
  EXPECT_EQ(wire::hi_algorithm_name(13), "EdDSA");           // RFC 9374 §3.4.1
  EXPECT_EQ(wire::hi_curve_name(13, 3), "EdDSA448");         // RFC 9374 Table 5
  EXPECT_EQ(wire::hi_curve_name(7, 2), "NIST P-384");        // RFC 7401 §5.2.9
  EXPECT_EQ(wire::hi_curve_name(9, 1), "SECP160R1");
  EXPECT_EQ(wire::hi_curve_name(5, 1), "");                  // RSA has no curve
  EXPECT_EQ(wire::dh_group_name(11), "2048-bit MODP");       // RFC 7401 §5.2.7
  EXPECT_EQ(wire::dh_group_name(12), "");
  EXPECT_EQ(wire::hit_suite_name(5), "EdDSA/cSHAKE128");     // RFC 9374 §3.4.2
  EXPECT_EQ(wire::hip_cipher_name(3), "");                   // reserved
  EXPECT_EQ(wire::esp_suite_name(8), "AES-128-CBC with HMAC-SHA-256");  // RFC 7402 §5.1.2
  EXPECT_EQ(wire::transport_format_name(4095), "ESP");
  EXPECT_EQ(wire::registration_failure_name(8), "Unknown CA");          // RFC 8003 §4.5
  EXPECT_EQ(wire::parse_error_code_name(wire::ParseErrorCode::length_mismatch), "length_mismatch");
}

TEST(DescribePacketTest, SamplesDescribeWithoutProblems) {
  for (const auto& s : test::build_sample_packets(kSrc, kDst)) {
    SCOPED_TRACE(s.name);
    ClassifiedFrame frame;
    frame.kind = FrameKind::hip;
    frame.src = s.src;
    frame.dst = s.dst;
    frame.hip = s.bytes;
    const PacketReport r = describe_hip_packet(FrameTime{}, frame);
    EXPECT_FALSE(r.has_errors) << r.json["errors"].dump();
    EXPECT_TRUE(r.json["violations"].empty()) << r.json["violations"].dump();
    EXPECT_GE(r.lines.size(), 3u);
  }
}

TEST(DescribePacketTest, EveryCutOfAPacketIsAnError) {
  const Bytes r1 = test::build_sample_packets(kSrc, kDst)[1].bytes;
  for (std::size_t n = 0; n < r1.size(); ++n) {
    const PacketReport r = describe_bytes(Bytes(r1.begin(), r1.begin() + static_cast<std::ptrdiff_t>(n)));
    EXPECT_TRUE(r.has_errors) << "cut at " << n;
  }
}

TEST(DescribePacketTest, BitFlipsNeverCrash) {
  const Bytes update = test::build_sample_packets(kSrc, kDst)[4].bytes;
  std::size_t with_errors = 0;
  for (std::size_t i = 0; i < update.size(); ++i) {
    Bytes flipped = update;
    flipped[i] ^= static_cast<std::uint8_t>(1u << (i % 8));
    const PacketReport r = describe_bytes(flipped);
    with_errors += r.has_errors ? 1 : 0;
    EXPECT_FALSE(r.lines.empty());
  }
  // Every flip changes the packet, so the checksum catches each one at least.
  EXPECT_EQ(with_errors, update.size());
}

TEST(DescribePacketTest, TrailingBytesAreAViolation) {
  Bytes i1 = test::build_sample_packets(kSrc, kDst)[0].bytes;
  i1.insert(i1.end(), {1, 2, 3});
  const PacketReport r = describe_bytes(i1);
  EXPECT_FALSE(r.has_errors);
  ASSERT_EQ(r.json["violations"].size(), 1u);
  EXPECT_EQ(r.json["violations"][0]["kind"], "trailing_bytes");
}

}  // namespace
}  // namespace hip::cli
