// Signatures of bytes per HI algorithm (crypto/signature.h), checked in both
// directions against the `openssl pkeyutl` CLI with the options that spell
// out the settled choices: RSA-PSS/SHA-256/MGF1-SHA-256/salt 32, ECDSA with
// SHA-384 (ECDSA) or SHA-1 (ECDSA_LOW) and r | s, pure EdDSA.
#include "crypto/signature.h"

#include <gtest/gtest.h>

#include "crypto/host_id_test_util.h"

namespace hip::crypto {
namespace {

using testing::ByteVector;
using testing::run;
using testing::shared_key;
using testing::TempDir;

std::string pkeyutl_options(KeyKind kind) {
  switch (kind) {
    case KeyKind::rsa:
      return "-rawin -digest sha256 -pkeyopt rsa_padding_mode:pss -pkeyopt rsa_pss_saltlen:32 "
             "-pkeyopt rsa_mgf1_md:sha256";
    case KeyKind::ecdsa_p256:
    case KeyKind::ecdsa_p384: return "-rawin -digest sha384";
    case KeyKind::ecdsa_secp160r1: return "-rawin -digest sha1";
    case KeyKind::ed25519:
    case KeyKind::ed448: return "-rawin";
  }
  return "";
}

bool is_ecdsa(KeyKind kind) {
  return kind == KeyKind::ecdsa_p256 || kind == KeyKind::ecdsa_p384 ||
         kind == KeyKind::ecdsa_secp160r1;
}

// The test's own DER <-> r|s conversion (RFC 3279 §2.2.3), written apart from
// crypto/signature_ecdsa_der.cc.
ByteVector der_integer(ByteVector v) {
  while (v.size() > 1 && v[0] == 0) v.erase(v.begin());
  if (v[0] & 0x80) v.insert(v.begin(), 0);
  ByteVector out = {0x02, static_cast<std::uint8_t>(v.size())};
  out.insert(out.end(), v.begin(), v.end());
  return out;
}

ByteVector raw_to_der(const ByteVector& raw) {
  const std::size_t half = raw.size() / 2;
  ByteVector body = der_integer(ByteVector(raw.begin(), raw.begin() + static_cast<long>(half)));
  const ByteVector s = der_integer(ByteVector(raw.begin() + static_cast<long>(half), raw.end()));
  body.insert(body.end(), s.begin(), s.end());
  ByteVector out = {0x30};
  if (body.size() >= 0x80) out.push_back(0x81);
  out.push_back(static_cast<std::uint8_t>(body.size()));
  out.insert(out.end(), body.begin(), body.end());
  return out;
}

ByteVector der_to_raw(const ByteVector& der, std::size_t width) {
  std::size_t at = der[1] == 0x81 ? 3 : 2;
  ByteVector raw;
  for (int i = 0; i < 2; ++i) {
    const std::size_t length = der[at + 1];
    ByteVector v(der.begin() + static_cast<long>(at + 2), der.begin() + static_cast<long>(at + 2 + length));
    while (v.size() > width) v.erase(v.begin());
    raw.insert(raw.end(), width - v.size(), 0);
    raw.insert(raw.end(), v.begin(), v.end());
    at += 2 + length;
  }
  return raw;
}

std::size_t scalar_width(KeyKind kind) {
  return kind == KeyKind::ecdsa_p256 ? 32 : kind == KeyKind::ecdsa_p384 ? 48 : 21;
}

const ByteVector kMessage = [] {
  ByteVector m(700);  // about an R1's signed part
  for (std::size_t i = 0; i < m.size(); ++i) m[i] = static_cast<std::uint8_t>(i * 7 + 3);
  return m;
}();

class SignatureAllKinds : public ::testing::TestWithParam<KeyKind> {
 protected:
  const PrivateKey& key() const { return shared_key(GetParam()); }
};

TEST_P(SignatureAllKinds, SignVerifyAndTamper) {
  auto sig = sign_bytes(key(), kMessage);
  ASSERT_TRUE(sig);
  const PublicKey pub = key().public_key();
  EXPECT_EQ(sig->size(), signature_size(pub));
  EXPECT_TRUE(verify_bytes(pub, kMessage, *sig));

  ByteVector message = kMessage;
  message[100] ^= 0x01;
  auto tampered = verify_bytes(pub, message, *sig);
  ASSERT_FALSE(tampered);
  EXPECT_EQ(tampered.error(), SignatureError::invalid_signature);

  ByteVector bad = *sig;
  bad[bad.size() / 2] ^= 0x40;
  EXPECT_FALSE(verify_bytes(pub, kMessage, bad));

  ByteVector shorter(sig->begin(), sig->end() - 1);
  auto wrong_length = verify_bytes(pub, kMessage, shorter);
  ASSERT_FALSE(wrong_length);
  EXPECT_EQ(wrong_length.error(), SignatureError::bad_signature_length);
}

TEST_P(SignatureAllKinds, OurSignatureVerifiesWithOpensslCli) {
  auto sig = sign_bytes(key(), kMessage);
  ASSERT_TRUE(sig);
  TempDir dir;
  testing::write_public_pem(dir.file("pub.pem"), key().get());
  testing::write_file(dir.file("msg"), kMessage);
  testing::write_file(dir.file("sig"), is_ecdsa(GetParam()) ? raw_to_der(*sig) : *sig);
  auto r = run("openssl pkeyutl -verify -pubin -inkey " + dir.file("pub.pem") + " -in " +
               dir.file("msg") + " -sigfile " + dir.file("sig") + " " + pkeyutl_options(GetParam()));
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("Signature Verified Successfully"), std::string::npos) << r.output;
}

TEST_P(SignatureAllKinds, OpensslCliSignatureVerifiesWithUs) {
  TempDir dir;
  testing::write_private_pem(dir.file("key.pem"), key());
  testing::write_file(dir.file("msg"), kMessage);
  auto r = run("openssl pkeyutl -sign -inkey " + dir.file("key.pem") + " -in " + dir.file("msg") +
               " -out " + dir.file("sig") + " " + pkeyutl_options(GetParam()));
  ASSERT_EQ(r.status, 0) << r.output;
  ByteVector sig = testing::read_file(dir.file("sig"));
  if (is_ecdsa(GetParam())) sig = der_to_raw(sig, scalar_width(GetParam()));
  EXPECT_TRUE(verify_bytes(key().public_key(), kMessage, sig));
}

INSTANTIATE_TEST_SUITE_P(Kinds, SignatureAllKinds, ::testing::ValuesIn(testing::kAllKinds),
                         [](const auto& p) { return testing::kind_name(p.param); });

// The settled choices exclude the alternatives: RSA PKCS#1 v1.5 and ECDSA
// P-256 with SHA-256 must not verify.
TEST(SignatureChoices, RsaPkcs1v15IsRejected) {
  TempDir dir;
  testing::write_private_pem(dir.file("key.pem"), shared_key(KeyKind::rsa));
  testing::write_file(dir.file("msg"), kMessage);
  auto r = run("openssl pkeyutl -sign -inkey " + dir.file("key.pem") + " -in " + dir.file("msg") +
               " -out " + dir.file("sig") + " -rawin -digest sha256 -pkeyopt rsa_padding_mode:pkcs1");
  ASSERT_EQ(r.status, 0) << r.output;
  auto verified = verify_bytes(shared_key(KeyKind::rsa).public_key(), kMessage,
                               testing::read_file(dir.file("sig")));
  ASSERT_FALSE(verified);
  EXPECT_EQ(verified.error(), SignatureError::invalid_signature);
}

TEST(SignatureChoices, EcdsaP256WithSha256IsRejected) {
  TempDir dir;
  testing::write_private_pem(dir.file("key.pem"), shared_key(KeyKind::ecdsa_p256));
  testing::write_file(dir.file("msg"), kMessage);
  auto r = run("openssl pkeyutl -sign -inkey " + dir.file("key.pem") + " -in " + dir.file("msg") +
               " -out " + dir.file("sig") + " -rawin -digest sha256");
  ASSERT_EQ(r.status, 0) << r.output;
  const ByteVector sig = der_to_raw(testing::read_file(dir.file("sig")), 32);
  EXPECT_FALSE(verify_bytes(shared_key(KeyKind::ecdsa_p256).public_key(), kMessage, sig));
}

TEST(SignatureChoices, RsaPssSaltOfOtherLengthsStillVerifies) {
  // RFC 7401 fixes no salt length; we send 32 and accept what the peer chose.
  TempDir dir;
  testing::write_private_pem(dir.file("key.pem"), shared_key(KeyKind::rsa));
  testing::write_file(dir.file("msg"), kMessage);
  auto r = run("openssl pkeyutl -sign -inkey " + dir.file("key.pem") + " -in " + dir.file("msg") +
               " -out " + dir.file("sig") +
               " -rawin -digest sha256 -pkeyopt rsa_padding_mode:pss -pkeyopt rsa_pss_saltlen:max "
               "-pkeyopt rsa_mgf1_md:sha256");
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_TRUE(verify_bytes(shared_key(KeyKind::rsa).public_key(), kMessage,
                           testing::read_file(dir.file("sig"))));
}

}  // namespace
}  // namespace hip::crypto
