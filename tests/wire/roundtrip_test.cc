// The codec round trip over the sample packets of tests/support: each packet
// parses strictly (RFC 7401 §5.2.1 order, no unknown critical parameter), its
// checksum verifies by an Internet checksum written here, and every parameter
// re-written through its typed struct gives back exactly its bytes. Between
// them the samples must carry every parameter type of wire/params/.
#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <set>
#include <vector>

#include "support/sample_packets.h"
#include "wire/packet.h"
#include "wire/params/all.h"

namespace hip {
namespace {

using Bytes = std::vector<std::uint8_t>;
using wire::Param;
using wire::ParamType;

template <class P>
std::optional<Bytes> rewrite(const Param& p) {
  auto parsed = P::parse(p);
  if (!parsed) return std::nullopt;
  Bytes out(parsed->contents_size());
  parsed->write(out);
  return out;
}

// Parses `p` with the view of its type and writes it back.
std::optional<Bytes> rewrite_param(const Param& p) {
  switch (static_cast<ParamType>(p.type)) {
    case ParamType::esp_info: return rewrite<wire::EspInfo>(p);
    case ParamType::r1_counter_v1:
    case ParamType::r1_counter: return rewrite<wire::R1Counter>(p);
    case ParamType::locator_set: return rewrite<wire::LocatorSet>(p);
    case ParamType::puzzle: return rewrite<wire::Puzzle>(p);
    case ParamType::solution: return rewrite<wire::Solution>(p);
    case ParamType::seq: return rewrite<wire::Seq>(p);
    case ParamType::ack: return rewrite<wire::Ack>(p);
    case ParamType::dh_group_list: return rewrite<wire::DhGroupList>(p);
    case ParamType::diffie_hellman: return rewrite<wire::DiffieHellman>(p);
    case ParamType::hip_transform_v1: return rewrite<wire::HipTransformV1>(p);
    case ParamType::hip_cipher: return rewrite<wire::HipCipher>(p);
    case ParamType::nat_traversal_mode: return rewrite<wire::NatTraversalMode>(p);
    case ParamType::transaction_pacing: return rewrite<wire::TransactionPacing>(p);
    case ParamType::encrypted: return rewrite<wire::Encrypted>(p);
    case ParamType::host_id: return rewrite<wire::HostId>(p);
    case ParamType::hit_suite_list: return rewrite<wire::HitSuiteList>(p);
    case ParamType::cert: return rewrite<wire::Cert>(p);
    case ParamType::notification: return rewrite<wire::Notification>(p);
    case ParamType::echo_request_signed: return rewrite<wire::EchoRequestSigned>(p);
    case ParamType::reg_info: return rewrite<wire::RegInfo>(p);
    case ParamType::reg_request: return rewrite<wire::RegRequest>(p);
    case ParamType::reg_response: return rewrite<wire::RegResponse>(p);
    case ParamType::reg_failed: return rewrite<wire::RegFailed>(p);
    case ParamType::reg_from: return rewrite<wire::RegFrom>(p);
    case ParamType::echo_response_signed: return rewrite<wire::EchoResponseSigned>(p);
    case ParamType::transport_format_list: return rewrite<wire::TransportFormatList>(p);
    case ParamType::esp_transform: return rewrite<wire::EspTransform>(p);
    case ParamType::hip_mac: return rewrite<wire::HipMac>(p);
    case ParamType::hip_mac_2: return rewrite<wire::HipMac2>(p);
    case ParamType::hip_signature_2: return rewrite<wire::HipSignature2>(p);
    case ParamType::hip_signature: return rewrite<wire::HipSignature>(p);
    case ParamType::echo_response_unsigned: return rewrite<wire::EchoResponseUnsigned>(p);
    case ParamType::echo_request_unsigned: return rewrite<wire::EchoRequestUnsigned>(p);
    case ParamType::relay_from: return rewrite<wire::RelayFrom>(p);
    case ParamType::relay_to: return rewrite<wire::RelayTo>(p);
    case ParamType::from: return rewrite<wire::From>(p);
    case ParamType::rvs_hmac: return rewrite<wire::RvsHmac>(p);
    case ParamType::via_rvs: return rewrite<wire::ViaRvs>(p);
    case ParamType::relay_hmac: return rewrite<wire::RelayHmac>(p);
  }
  return std::nullopt;
}

// RFC 1071 over the RFC 7401 §5.1.1 pseudo-header and the packet: a correct
// checksum makes the folded sum all ones.
bool checksum_verifies(const Bytes& packet, const base::IpAddress& src, const base::IpAddress& dst) {
  std::uint64_t sum = 0;
  auto add = [&sum](std::span<const std::uint8_t> bytes) {
    for (std::size_t i = 0; i < bytes.size(); i += 2) {
      sum += (std::uint64_t{bytes[i]} << 8) | (i + 1 < bytes.size() ? bytes[i + 1] : 0u);
    }
  };
  add(src.bytes());
  add(dst.bytes());
  sum += 139 + packet.size();  // protocol and length, the same sum for IPv4 and IPv6
  add(packet);
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return sum == 0xffff;
}

// Every type of wire/param_type.h, from the RFC tables (HIP-REFERENCE §3).
const std::set<std::uint16_t> kAllTypes = {
    65,  128, 129, 193, 257, 321, 385, 449, 511, 513, 577, 579, 608, 610, 641, 705, 715,
    768, 832, 897, 930, 932, 934, 936, 950, 961, 2049, 4095, 61505, 61569, 61633, 61697,
    63425, 63661, 63998, 64002, 65498, 65500, 65502, 65520};

class RoundTripTest : public ::testing::TestWithParam<bool> {};

TEST_P(RoundTripTest, EverySampleParsesStrictlyAndRewritesIdentically) {
  const bool v6 = GetParam();
  const auto initiator = v6 ? test::sample_initiator_v6() : test::sample_initiator_v4();
  const auto responder = v6 ? test::sample_responder_v6() : test::sample_responder_v4();
  const auto samples = test::build_sample_packets(initiator, responder);
  ASSERT_EQ(samples.size(), 9u);

  std::set<std::uint16_t> seen;
  for (const auto& sample : samples) {
    SCOPED_TRACE(sample.name);
    auto view = wire::parse_packet(sample.bytes);  // default options: strict
    ASSERT_TRUE(view) << wire::to_string(view.error().code) << " at " << view.error().offset;
    EXPECT_EQ(view->header().type, sample.type);
    EXPECT_EQ(view->header().version, sample.version);
    EXPECT_EQ(view->header().packet_size(), sample.bytes.size());
    EXPECT_EQ(view->trailing_bytes(), 0u);
    EXPECT_TRUE(checksum_verifies(sample.bytes, sample.src, sample.dst));
    EXPECT_TRUE(wire::order_violations(*view).empty());

    std::size_t count = 0;
    for (const Param& p : *view) {
      SCOPED_TRACE(p.type);
      ++count;
      seen.insert(p.type);
      EXPECT_TRUE(wire::is_known_param(p.type, sample.version));
      const auto rewritten = rewrite_param(p);
      ASSERT_TRUE(rewritten) << "typed parse failed";
      EXPECT_EQ(*rewritten, Bytes(p.contents.begin(), p.contents.end()));
      // Padding is zero (RFC 7401 §5.2.1) and the TLV ends on an 8-byte boundary.
      for (std::size_t at = p.offset + 4 + p.contents.size(); at < p.offset + p.total_size; ++at) {
        EXPECT_EQ(sample.bytes[at], 0) << "padding byte " << at;
      }
      EXPECT_EQ((p.offset + p.total_size) % 8, 0u);
    }
    EXPECT_GT(count, 0u);
  }
  EXPECT_EQ(seen, kAllTypes);
}

INSTANTIATE_TEST_SUITE_P(Families, RoundTripTest, ::testing::Values(false, true),
                         [](const auto& family) { return family.param ? "IPv6" : "IPv4"; });

TEST(RoundTripTest, UdpSamplesHaveAZeroChecksum) {
  // RFC 5770 §5.1: over UDP the HIP checksum field is zero.
  for (const auto& sample : test::build_sample_packets(test::sample_initiator_v4(), test::sample_responder_v4(),
                                                       test::ChecksumMode::zero)) {
    SCOPED_TRACE(sample.name);
    EXPECT_EQ(sample.bytes[4], 0);
    EXPECT_EQ(sample.bytes[5], 0);
  }
}

}  // namespace
}  // namespace hip
