// HOST_ID Host Identity encoding (RFC 7401 §5.2.9, App. B; RFC 9374 §3.4.1):
// our encoding is checked against the `openssl` CLI's view of the same key,
// decoding against `openssl pkey -pubout`, and malformed input must give a
// typed error.
#include "crypto/host_id.h"

#include <gtest/gtest.h>
#include <openssl/x509.h>

#include "crypto/signature.h"
#include "crypto/host_id_test_util.h"
#include "wire/builder.h"

namespace hip::crypto {
namespace {

using testing::ByteVector;
using testing::from_hex;
using testing::kind_name;
using testing::run;
using testing::shared_key;
using testing::TempDir;

ByteVector spki_der(EVP_PKEY* key) {
  unsigned char* buf = nullptr;
  const int n = i2d_PUBKEY(key, &buf);
  ByteVector out(buf, buf + (n > 0 ? n : 0));
  OPENSSL_free(buf);
  return out;
}

// `openssl pkey -pubout` of the key, as DER SubjectPublicKeyInfo.
ByteVector openssl_public_der(const PrivateKey& key, const TempDir& dir) {
  testing::write_private_pem(dir.file("key.pem"), key);
  auto r = run("openssl pkey -in " + dir.file("key.pem") + " -pubout -outform DER -out " +
               dir.file("pub.der"));
  EXPECT_EQ(r.status, 0) << r.output;
  return testing::read_file(dir.file("pub.der"));
}

class HostIdAllKinds : public ::testing::TestWithParam<KeyKind> {};

TEST_P(HostIdAllKinds, EncodingMatchesOpensslView) {
  const PrivateKey& key = shared_key(GetParam());
  TempDir dir;
  const ByteVector der = openssl_public_der(key, dir);
  auto hi = encode_host_identity(key);
  ASSERT_TRUE(hi);
  EXPECT_EQ(hi->algorithm, hi_algorithm(GetParam()));
  const auto& b = hi->bytes;
  switch (GetParam()) {
    case KeyKind::rsa: {
      // RFC 3110: e_len = 3, e = 65537, then n as printed by openssl.
      auto r = run("openssl rsa -pubin -inform DER -in " + dir.file("pub.der") + " -noout -modulus");
      ASSERT_EQ(r.status, 0) << r.output;
      const std::string hex = r.output.substr(r.output.find('=') + 1, 512);
      ByteVector expected = {0x03, 0x01, 0x00, 0x01};
      const ByteVector n = from_hex(hex);
      expected.insert(expected.end(), n.begin(), n.end());
      EXPECT_EQ(b, expected);
      break;
    }
    case KeyKind::ecdsa_p256:
    case KeyKind::ecdsa_p384:
    case KeyKind::ecdsa_secp160r1: {
      // Curve label, then x | y = the SPKI's uncompressed point without 0x04.
      const std::size_t coord = GetParam() == KeyKind::ecdsa_p256   ? 32
                                : GetParam() == KeyKind::ecdsa_p384 ? 48
                                                                    : 20;
      const std::uint16_t label = GetParam() == KeyKind::ecdsa_p384 ? 2 : 1;
      ASSERT_EQ(b.size(), 2 + 2 * coord);
      EXPECT_EQ(b[0], 0);
      EXPECT_EQ(b[1], label);
      const ByteVector point(der.end() - static_cast<long>(2 * coord + 1), der.end());
      EXPECT_EQ(point[0], 0x04);
      EXPECT_TRUE(std::equal(b.begin() + 2, b.end(), point.begin() + 1));
      break;
    }
    case KeyKind::ed25519:
    case KeyKind::ed448: {
      const std::size_t length = GetParam() == KeyKind::ed25519 ? 32 : 57;
      const std::uint8_t label = GetParam() == KeyKind::ed25519 ? 1 : 3;
      ASSERT_EQ(b.size(), 4 + length);
      EXPECT_EQ(ByteVector(b.begin(), b.begin() + 4), (ByteVector{0, label, 0, 0}));
      EXPECT_TRUE(std::equal(b.begin() + 4, b.end(), der.end() - static_cast<long>(length)));
      break;
    }
  }
}

TEST_P(HostIdAllKinds, DecodedKeyEqualsOpensslPubout) {
  const PrivateKey& key = shared_key(GetParam());
  TempDir dir;
  auto hi = encode_host_identity(key);
  ASSERT_TRUE(hi);
  auto decoded = decode_host_identity(static_cast<std::uint16_t>(hi->algorithm), hi->bytes);
  ASSERT_TRUE(decoded) << to_string(decoded.error());
  EXPECT_EQ(decoded->kind(), GetParam());
  EXPECT_EQ(spki_der(decoded->get()), openssl_public_der(key, dir));
  // And the round trip is exact.
  auto again = encode_host_identity(*decoded);
  ASSERT_TRUE(again);
  EXPECT_EQ(*again, *hi);
}

TEST_P(HostIdAllKinds, HostIdParameterRoundTripsThroughTheWire) {
  auto hi = encode_host_identity(shared_key(GetParam()));
  ASSERT_TRUE(hi);
  auto di = fqdn_identifier("host.example.org");
  ASSERT_TRUE(di);
  std::array<std::uint8_t, 1024> buf{};
  wire::PacketBuilder builder(buf, wire::PacketType::r1, base::Hit{}, base::Hit{});
  ASSERT_TRUE(builder.add(host_id_param(*hi, *di)));
  auto packet = builder.finish();
  ASSERT_TRUE(packet);
  auto view = wire::parse_packet(*packet);
  ASSERT_TRUE(view);
  auto param = view->get<wire::HostId>();
  ASSERT_TRUE(param);
  EXPECT_EQ(param->di_type, 1);
  EXPECT_EQ(ByteVector(param->domain_identifier.begin(), param->domain_identifier.end()), di->bytes);
  auto decoded = decode_host_identity(*param);
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded->kind(), GetParam());
}

INSTANTIATE_TEST_SUITE_P(Kinds, HostIdAllKinds, ::testing::ValuesIn(testing::kAllKinds),
                         [](const auto& p) { return kind_name(p.param); });

// RFC 8032 §7.1 TEST 1: an Ed25519 key and its signature of the empty
// message, carried as a HIP Host Identity (curve 1, NULL 0).
TEST(HostIdKnownAnswer, Rfc8032Ed25519KeyVerifiesItsTestSignature) {
  ByteVector hi = {0x00, 0x01, 0x00, 0x00};
  const ByteVector pub = from_hex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
  hi.insert(hi.end(), pub.begin(), pub.end());
  auto key = decode_host_identity(13, hi);
  ASSERT_TRUE(key);
  EXPECT_EQ(key->kind(), KeyKind::ed25519);
  const ByteVector sig = from_hex(
      "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46b"
      "d25bf5f0595bbe24655141438e7a100b");
  EXPECT_TRUE(verify_bytes(*key, {}, sig));
  const ByteVector other = {0x01};
  EXPECT_FALSE(verify_bytes(*key, other, sig));
}

struct MalformedCase {
  const char* name;
  std::uint16_t algorithm;
  ByteVector bytes;
  IdentityError expected;
};

ByteVector rsa_hi(std::size_t modulus_bytes, std::uint8_t first = 0xc1, std::uint8_t last = 0x01) {
  ByteVector b = {0x03, 0x01, 0x00, 0x01};
  b.push_back(first);
  b.insert(b.end(), modulus_bytes - 2, 0x5a);
  b.push_back(last);
  return b;
}

ByteVector with_prefix(ByteVector prefix, std::size_t filler, std::uint8_t value = 0x11) {
  prefix.insert(prefix.end(), filler, value);
  return prefix;
}

std::vector<MalformedCase> malformed_cases() {
  ByteVector long_exponent = {0x00, 0x00, 0x09};
  long_exponent.insert(long_exponent.end(), 9, 0x01);
  long_exponent.insert(long_exponent.end(), 256, 0xc3);
  ByteVector zero_long_length = {0x00, 0x00, 0x00, 0x01, 0xc3};
  return {
      {"Empty", 5, {}, IdentityError::truncated},
      {"RsaLongLengthTruncated", 5, {0x00, 0x01}, IdentityError::truncated},
      {"RsaZeroExponentLength", 5, zero_long_length, IdentityError::bad_value},
      {"RsaExponentTooLong", 5, long_exponent, IdentityError::key_too_large},
      {"RsaNoModulus", 5, {0x03, 0x01, 0x00, 0x01}, IdentityError::truncated},
      {"RsaExponentPastEnd", 5, {0x04, 0x01, 0x00}, IdentityError::truncated},
      {"RsaModulusTooSmall", 5, rsa_hi(64), IdentityError::key_too_small},
      {"RsaModulusTooLarge", 5, rsa_hi(1025), IdentityError::key_too_large},
      {"RsaEvenModulus", 5, rsa_hi(256, 0xc1, 0x02), IdentityError::bad_value},
      {"RsaLeadingZeroModulus", 5, rsa_hi(257, 0x00), IdentityError::bad_value},
      {"RsaEvenExponent", 5, with_prefix({0x01, 0x04, 0xc1}, 255), IdentityError::bad_value},
      {"RsaExponentOne", 5, with_prefix({0x01, 0x01, 0xc1}, 255), IdentityError::bad_value},
      {"EcdsaTruncated", 7, {0x00}, IdentityError::truncated},
      {"EcdsaReservedCurve", 7, with_prefix({0x00, 0x00}, 64), IdentityError::unsupported_curve},
      {"EcdsaUnknownCurve", 7, with_prefix({0x00, 0x03}, 64), IdentityError::unsupported_curve},
      {"EcdsaP256WrongLength", 7, with_prefix({0x00, 0x01}, 65), IdentityError::bad_length},
      {"EcdsaP256With04Prefix", 7, with_prefix({0x00, 0x01, 0x04}, 64), IdentityError::bad_length},
      {"EcdsaP256NotOnCurve", 7, with_prefix({0x00, 0x01}, 64), IdentityError::invalid_point},
      {"EcdsaP384NotOnCurve", 7, with_prefix({0x00, 0x02}, 96), IdentityError::invalid_point},
      {"EcdsaLowWrongLength", 9, with_prefix({0x00, 0x01}, 64), IdentityError::bad_length},
      {"EcdsaLowNotOnCurve", 9, with_prefix({0x00, 0x01}, 40), IdentityError::invalid_point},
      {"EdDsaTruncated", 13, {0x00, 0x01, 0x00}, IdentityError::truncated},
      {"EdDsaPrehashCurve", 13, with_prefix({0x00, 0x02, 0x00, 0x00}, 32),
       IdentityError::unsupported_curve},
      {"EdDsaNullNotZero", 13, with_prefix({0x00, 0x01, 0x00, 0x01}, 32), IdentityError::bad_value},
      {"EdDsaWrongLength", 13, with_prefix({0x00, 0x01, 0x00, 0x00}, 31), IdentityError::bad_length},
      {"Ed448WrongLength", 13, with_prefix({0x00, 0x03, 0x00, 0x00}, 32), IdentityError::bad_length},
      {"DsaNotImplemented", 3, with_prefix({0x00}, 100), IdentityError::unsupported_algorithm},
      {"ReservedAlgorithm", 0, with_prefix({0x00}, 100), IdentityError::unsupported_algorithm},
      {"UnknownAlgorithm", 0xffff, with_prefix({0x00}, 100), IdentityError::unsupported_algorithm},
  };
}

class HostIdMalformed : public ::testing::TestWithParam<MalformedCase> {};

TEST_P(HostIdMalformed, GivesTypedError) {
  const auto& c = GetParam();
  auto decoded = decode_host_identity(c.algorithm, c.bytes);
  ASSERT_FALSE(decoded);
  EXPECT_EQ(decoded.error(), c.expected) << to_string(decoded.error());
}

INSTANTIATE_TEST_SUITE_P(Cases, HostIdMalformed, ::testing::ValuesIn(malformed_cases()),
                         [](const auto& p) { return std::string(p.param.name); });

// RSA has no inner length for n (RFC 3110 §2 derives it from the total), so
// a truncated RSA encoding is another, shorter modulus: only truncations that
// leave fewer than 1024 modulus bits must fail. The other encodings have a
// fixed size per curve.
TEST(HostIdMalformedFuzz, EveryTruncationOfValidEncodingsIsRejectedCleanly) {
  for (KeyKind kind : testing::kAllKinds) {
    auto hi = encode_host_identity(shared_key(kind));
    ASSERT_TRUE(hi);
    const std::size_t limit = kind == KeyKind::rsa ? 4 + 128 : hi->bytes.size();
    for (std::size_t n = 0; n < limit; ++n) {
      auto decoded = decode_host_identity(static_cast<std::uint16_t>(hi->algorithm),
                                          std::span(hi->bytes).first(n));
      EXPECT_FALSE(decoded) << kind_name(kind) << " accepted " << n << " bytes";
    }
  }
}

TEST(HostIdEc, ValidPointMovedOffTheCurveIsRejected) {
  for (KeyKind kind : {KeyKind::ecdsa_p256, KeyKind::ecdsa_p384, KeyKind::ecdsa_secp160r1}) {
    auto hi = encode_host_identity(shared_key(kind));
    ASSERT_TRUE(hi);
    ByteVector moved = hi->bytes;
    moved.back() ^= 0x01;  // y changed, x kept
    auto decoded = decode_host_identity(static_cast<std::uint16_t>(hi->algorithm), moved);
    ASSERT_FALSE(decoded) << kind_name(kind);
    EXPECT_EQ(decoded.error(), IdentityError::invalid_point);
  }
}

TEST(HostIdRsa, AcceptsPeerKeyOf1024BitsAndLongExponentLengthForm) {
  // 1024 bits: accepted from peers (RFC 7401 §5.2.9 "should"), see host_id_key.h.
  auto decoded = decode_host_identity(5, rsa_hi(128));
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded->bits(), 1024u);
  // RFC 3110 §2: the three-octet length form (0, then 16 bits).
  ByteVector long_form = {0x00, 0x00, 0x03, 0x01, 0x00, 0x01};
  const ByteVector n = rsa_hi(256);
  long_form.insert(long_form.end(), n.begin() + 4, n.end());
  auto decoded_long = decode_host_identity(5, long_form);
  ASSERT_TRUE(decoded_long);
  EXPECT_EQ(decoded_long->bits(), 2048u);
}

TEST(DomainIdentifier, FqdnUsesRfc1035WireFormat) {
  auto di = fqdn_identifier("www.example.org.");
  ASSERT_TRUE(di);
  EXPECT_EQ(di->type, DiType::fqdn);
  const std::string expected("\x03www\x07" "example\x03org\x00", 17);
  EXPECT_EQ(std::string(di->bytes.begin(), di->bytes.end()), expected);
  EXPECT_EQ(domain_identifier_text(DiType::fqdn, di->bytes), "www.example.org");
}

TEST(DomainIdentifier, RejectsBadNames) {
  EXPECT_FALSE(fqdn_identifier(""));
  EXPECT_FALSE(fqdn_identifier("a..b"));
  EXPECT_FALSE(fqdn_identifier(std::string(64, 'a') + ".org"));
  EXPECT_FALSE(fqdn_identifier("sp ace.org"));
  std::string long_name;
  for (int i = 0; i < 5; ++i) long_name += std::string(60, 'a') + ".";
  EXPECT_FALSE(fqdn_identifier(long_name));  // > 255 octets
  EXPECT_FALSE(nai_identifier("no-at-sign"));
  EXPECT_FALSE(nai_identifier("a@b@c"));
  EXPECT_FALSE(nai_identifier("user@"));
}

TEST(DomainIdentifier, NaiIsText) {
  auto di = nai_identifier("dmitriy.kuptsov@strangebit.io");
  ASSERT_TRUE(di);
  EXPECT_EQ(di->type, DiType::nai);
  EXPECT_EQ(di->bytes.size(), 29u);
  EXPECT_EQ(domain_identifier_text(DiType::nai, di->bytes), "dmitriy.kuptsov@strangebit.io");
}

TEST(DomainIdentifier, UntrustedBytesAreEscapedForDisplay) {
  const ByteVector weird = {0x05, 'a', 'b'};  // label runs past the end
  EXPECT_EQ(domain_identifier_text(DiType::fqdn, weird), "\\x05ab");
  const ByteVector control = {'a', 0x0a, 'b'};
  EXPECT_EQ(domain_identifier_text(DiType::nai, control), "a\\x0ab");
}

}  // namespace
}  // namespace hip::crypto
