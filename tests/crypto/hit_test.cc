// HITs (ORCHIDv2, RFC 7343 via RFC 9374 §3.5.2.1) cross-checked against an
// independent computation: the hash by the `openssl dgst` CLI over
// ContextID | Host Identity, and the "middle 96 bits" extracted bit by bit
// here, without the byte offsets crypto/hit.cc uses.
#include "crypto/hit.h"

#include <gtest/gtest.h>

#include "crypto/host_id.h"
#include "crypto/host_id_test_util.h"

namespace hip::crypto {
namespace {

using testing::ByteVector;
using testing::run;
using testing::shared_key;
using testing::TempDir;

// Bit i of a big-endian byte string (bit 0 = most significant of byte 0).
int bit_at(const ByteVector& data, std::size_t i) { return (data[i / 8] >> (7 - i % 8)) & 1; }

// RFC 9374 §3.5.2: the middle L bits, with one more bit before than after
// when the difference is odd.
ByteVector middle_bits(const ByteVector& digest, std::size_t l) {
  const std::size_t total = digest.size() * 8;
  const std::size_t before = (total - l + 1) / 2;
  ByteVector out(l / 8, 0);
  for (std::size_t i = 0; i < l; ++i) {
    out[i / 8] = static_cast<std::uint8_t>(out[i / 8] | (bit_at(digest, before + i) << (7 - i % 8)));
  }
  return out;
}

ByteVector openssl_digest(const std::string& option, const ByteVector& input, const TempDir& dir) {
  testing::write_file(dir.file("orchid-input"), input);
  auto r = run("openssl dgst " + option + " -binary -out " + dir.file("digest") + " " +
               dir.file("orchid-input"));
  EXPECT_EQ(r.status, 0) << r.output;
  return testing::read_file(dir.file("digest"));
}

class HitAllKinds : public ::testing::TestWithParam<KeyKind> {};

TEST_P(HitAllKinds, MatchesIndependentOrchidComputation) {
  auto hi = encode_host_identity(shared_key(GetParam()));
  ASSERT_TRUE(hi);
  ByteVector input = {0xF0, 0xEF, 0xF0, 0x2F, 0xBF, 0xF4, 0x3D, 0x0F,
                      0xE7, 0x93, 0x0C, 0x3C, 0x6E, 0x61, 0x74, 0xEA};  // RFC 7401 §3.2
  input.insert(input.end(), hi->bytes.begin(), hi->bytes.end());
  TempDir dir;
  ByteVector hash96;
  std::uint8_t oga = 0;
  switch (GetParam()) {
    case KeyKind::rsa:
      hash96 = middle_bits(openssl_digest("-sha256", input, dir), 96);
      oga = 1;
      break;
    case KeyKind::ecdsa_p256:
    case KeyKind::ecdsa_p384:
      hash96 = middle_bits(openssl_digest("-sha384", input, dir), 96);
      oga = 2;
      break;
    case KeyKind::ecdsa_secp160r1:
      hash96 = middle_bits(openssl_digest("-sha1", input, dir), 96);
      oga = 3;
      break;
    case KeyKind::ed25519:
    case KeyKind::ed448: {
      // cSHAKE128 with empty N and S = SHAKE128 (NIST SP 800-185 §3.3); the
      // CLI prints 128 bits, an XOF's first 96 bits are the 96-bit output.
      const ByteVector xof = openssl_digest("-shake128", input, dir);
      hash96.assign(xof.begin(), xof.begin() + 12);
      oga = 5;
      break;
    }
  }
  ASSERT_EQ(hash96.size(), 12u);
  ByteVector expected = {0x20, 0x01, 0x00, static_cast<std::uint8_t>(0x20 | oga)};
  expected.insert(expected.end(), hash96.begin(), hash96.end());

  auto hit = compute_hit(*hi);
  ASSERT_TRUE(hit);
  EXPECT_EQ(ByteVector(hit->bytes.begin(), hit->bytes.end()), expected) << hit->to_string();
  EXPECT_TRUE(hit->is_orchid_v2());
  EXPECT_EQ(hit_suite_from_id(hit->oga_id()), hit_suite_for(hi->algorithm));
  EXPECT_TRUE(hit_matches(*hit, static_cast<std::uint16_t>(hi->algorithm), hi->bytes));
}

TEST_P(HitAllKinds, AnyChangeToTheHostIdentityChangesTheHit) {
  auto hi = encode_host_identity(shared_key(GetParam()));
  ASSERT_TRUE(hi);
  auto hit = compute_hit(*hi);
  ASSERT_TRUE(hit);
  ByteVector changed = hi->bytes;
  changed.back() ^= 0x01;
  EXPECT_FALSE(hit_matches(*hit, static_cast<std::uint16_t>(hi->algorithm), changed));
  base::Hit other = *hit;
  other.bytes[15] ^= 0x80;
  EXPECT_FALSE(hit_matches(other, static_cast<std::uint16_t>(hi->algorithm), hi->bytes));
}

INSTANTIATE_TEST_SUITE_P(Kinds, HitAllKinds, ::testing::ValuesIn(testing::kAllKinds),
                         [](const auto& p) { return testing::kind_name(p.param); });

TEST(HitSuites, TableOfRfc7401And9374) {
  EXPECT_EQ(hit_suite_for(HiAlgorithm::rsa), HitSuite::rsa_dsa_sha256);
  EXPECT_EQ(hit_suite_for(HiAlgorithm::dsa), HitSuite::rsa_dsa_sha256);
  EXPECT_EQ(hit_suite_for(HiAlgorithm::ecdsa), HitSuite::ecdsa_sha384);
  EXPECT_EQ(hit_suite_for(HiAlgorithm::ecdsa_low), HitSuite::ecdsa_low_sha1);
  EXPECT_EQ(hit_suite_for(HiAlgorithm::eddsa), HitSuite::eddsa_cshake128);
  EXPECT_EQ(hit_suite_list_byte(HitSuite::rsa_dsa_sha256), 0x10);
  EXPECT_EQ(hit_suite_list_byte(HitSuite::ecdsa_low_sha1), 0x30);
  EXPECT_EQ(hit_suite_list_byte(HitSuite::eddsa_cshake128), 0x50);
  EXPECT_FALSE(hit_suite_from_id(0));
  EXPECT_FALSE(hit_suite_from_id(4));
  EXPECT_EQ(to_string(HitSuite::ecdsa_sha384), "ECDSA/SHA-384");
}

TEST(HitErrors, UnknownAlgorithmOrEmptyIdentity) {
  const ByteVector some = {1, 2, 3};
  auto unknown = compute_hit(0, some);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error(), IdentityError::unsupported_algorithm);
  auto empty = compute_hit(5, {});
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error(), IdentityError::truncated);
}

}  // namespace
}  // namespace hip::crypto
