// KEYMAT (RFC 7401 §6.5, RFC 7402 §7): RFC 5869 Appendix A vectors for the
// HKDF underneath, and KEYMAT checked against `openssl kdf ... HKDF` with
// salt = #I | #J and info = sort(HIT-I | HIT-R) computed here by hand.
#include "crypto/keymat.h"

#include <gtest/gtest.h>

#include <cstring>

#include "crypto/openssl_cli.h"
#include "crypto/rng.h"

namespace hip::crypto {
namespace {

using test::ByteVec;
using test::hex;
using test::unhex;

ByteVec repeat(std::uint8_t byte, std::size_t n) { return ByteVec(n, byte); }
ByteVec range(std::uint8_t from, std::uint8_t to) {  // inclusive
  ByteVec v;
  for (unsigned b = from; b <= to; ++b) v.push_back(static_cast<std::uint8_t>(b));
  return v;
}

struct Rfc5869Case {
  const char* name;
  Rhash hash;
  ByteVec ikm, salt, info;
  std::size_t length;
  const char* okm;
};

TEST(Hkdf, Rfc5869AppendixA) {
  const Rfc5869Case cases[] = {
      {"A.1", Rhash::sha256, repeat(0x0b, 22), range(0x00, 0x0c), range(0xf0, 0xf9), 42,
       "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865"},
      {"A.2", Rhash::sha256, range(0x00, 0x4f), range(0x60, 0xaf), range(0xb0, 0xff), 82,
       "b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c59045a99cac7827271cb41c6"
       "5e590e09da3275600c2f09b8367793a9aca3db71cc30c58179ec3e87c14c01d5c1f3434f1d87"},
      {"A.3", Rhash::sha256, repeat(0x0b, 22), {}, {}, 42,
       "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8"},
      {"A.4", Rhash::sha1, repeat(0x0b, 11), range(0x00, 0x0c), range(0xf0, 0xf9), 42,
       "085a01ea1b10f36933068b56efa5ad81a4f14b822f5b091568a9cdd4f155fda2c22e422478d305f3f896"},
      {"A.5", Rhash::sha1, range(0x00, 0x4f), range(0x60, 0xaf), range(0xb0, 0xff), 82,
       "0bd770a74d1160f7c9f12cd5912a06ebff6adcae899d92191fe4305673ba2ffe8fa3f1a4e5ad79f3f334b3b2"
       "02b2173c486ea37ce3d397ed034c7f9dfeb15c5e927336d0441f4c4300e2cff0d0900b52d3b4"},
      {"A.6", Rhash::sha1, repeat(0x0b, 22), {}, {}, 42,
       "0ac1af7002b3d761d1e55298da9d0506b9ae52057220a306e07b6b87e8df21d0ea00033de03984d34918"},
  };
  for (const Rfc5869Case& c : cases) {
    ByteVec out(c.length);
    auto ok = hkdf(c.hash, c.ikm, c.salt, c.info, out);
    ASSERT_TRUE(ok) << c.name;
    EXPECT_EQ(hex(out), c.okm) << c.name;
  }
}

TEST(Hkdf, OutputLongerThan255BlocksIsRefused) {
  ByteVec out(255 * 20 + 1);
  auto r = hkdf(Rhash::sha1, repeat(1, 20), {}, {}, out);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), KeymatError::bad_input_length);
}

// ---- KEYMAT against the openssl CLI ------------------------------------------

struct Inputs {
  ByteVec kij, i, j;
  base::Hit hit_i, hit_r;
};

Inputs make_inputs(Rhash hash, std::uint64_t seed) {
  SeededRng rng(seed);
  Inputs in;
  in.kij.resize(66);
  in.i.resize(rhash_size(hash));
  in.j.resize(rhash_size(hash));
  rng.fill(in.kij);
  rng.fill(in.i);
  rng.fill(in.j);
  // Responder's HIT numerically smaller than the Initiator's, so sort() must
  // swap them.
  in.hit_i = *base::Hit::parse("2001:21:aaaa::1");
  in.hit_r = *base::Hit::parse("2001:21:1111::2");
  return in;
}

std::string cli_digest(Rhash hash) {
  switch (hash) {
    case Rhash::sha256: return "SHA256";
    case Rhash::sha384: return "SHA384";
    case Rhash::sha1: return "SHA1";
  }
  return "";
}

// KEYMAT by `openssl kdf`: salt = #I | #J, info = lower HIT | higher HIT.
ByteVec cli_keymat(Rhash hash, const Inputs& in, std::size_t length) {
  const base::Hit& low = std::memcmp(in.hit_i.bytes.data(), in.hit_r.bytes.data(), 16) < 0 ? in.hit_i : in.hit_r;
  const base::Hit& high = &low == &in.hit_i ? in.hit_r : in.hit_i;
  const std::string cmd = "openssl kdf -keylen " + std::to_string(length) + " -kdfopt digest:" +
                          cli_digest(hash) + " -kdfopt hexkey:" + hex(in.kij) +
                          " -kdfopt hexsalt:" + hex(in.i) + hex(in.j) + " -kdfopt hexinfo:" +
                          hex(low.bytes) + hex(high.bytes) + " HKDF";
  auto r = test::run(cmd);
  EXPECT_EQ(r.status, 0) << cmd;
  return unhex(r.out);
}

class KeymatTest : public ::testing::TestWithParam<Rhash> {};

TEST_P(KeymatTest, MatchesOpensslKdfIncludingLaterDraws) {
  HIP_REQUIRE_OPENSSL_CLI();
  const Rhash hash = GetParam();
  const Inputs in = make_inputs(hash, 7);
  const std::size_t total = 1200;  // past the first lazy expansion
  const ByteVec expected = cli_keymat(hash, in, total);
  ASSERT_EQ(expected.size(), total);

  auto keymat = Keymat::derive(hash, in.kij, in.i, in.j, in.hit_i, in.hit_r);
  ASSERT_TRUE(keymat) << to_string(keymat.error());
  auto first = keymat->draw(100);
  auto second = keymat->draw(200);
  ASSERT_TRUE(first);
  ASSERT_TRUE(second);
  EXPECT_EQ(hex(first->span()), hex(std::span(expected).subspan(0, 100)));
  EXPECT_EQ(hex(second->span()), hex(std::span(expected).subspan(100, 200)));
  EXPECT_EQ(keymat->index(), 300u);
  // A rekey draws from an agreed index further on (RFC 7402 §6.10).
  ASSERT_TRUE(keymat->set_index(1100));
  auto later = keymat->draw(100);
  ASSERT_TRUE(later);
  EXPECT_EQ(hex(later->span()), hex(std::span(expected).subspan(1100, 100)));
}

TEST_P(KeymatTest, HitOrderDoesNotMatter) {
  const Rhash hash = GetParam();
  const Inputs in = make_inputs(hash, 11);
  auto a = Keymat::derive(hash, in.kij, in.i, in.j, in.hit_i, in.hit_r);
  auto b = Keymat::derive(hash, in.kij, in.i, in.j, in.hit_r, in.hit_i);
  ASSERT_TRUE(a);
  ASSERT_TRUE(b);
  auto ka = a->draw(64);
  auto kb = b->draw(64);
  ASSERT_TRUE(ka);
  ASSERT_TRUE(kb);
  EXPECT_EQ(hex(ka->span()), hex(kb->span()));
}

TEST_P(KeymatTest, CapacityIs255HashBlocks) {
  const Rhash hash = GetParam();
  const Inputs in = make_inputs(hash, 13);
  auto keymat = Keymat::derive(hash, in.kij, in.i, in.j, in.hit_i, in.hit_r);
  ASSERT_TRUE(keymat);
  EXPECT_EQ(keymat->capacity(), 255 * rhash_size(hash));
  ASSERT_TRUE(keymat->set_index(keymat->capacity() - 10));
  EXPECT_TRUE(keymat->draw(10));
  auto past = keymat->draw(1);
  ASSERT_FALSE(past);
  EXPECT_EQ(past.error(), KeymatError::exhausted);
  auto bad_index = keymat->set_index(keymat->capacity() + 1);
  ASSERT_FALSE(bad_index);
  EXPECT_EQ(bad_index.error(), KeymatError::exhausted);
}

INSTANTIATE_TEST_SUITE_P(AllRhash, KeymatTest,
                         ::testing::Values(Rhash::sha256, Rhash::sha384, Rhash::sha1),
                         [](const auto& p) { return cli_digest(p.param); });

TEST(Keymat, HipThenEspKeysInRfcOrderAndSizes) {
  HIP_REQUIRE_OPENSSL_CLI();
  const Inputs in = make_inputs(Rhash::sha256, 17);
  const ByteVec expected = cli_keymat(Rhash::sha256, in, 192);
  auto keymat = Keymat::derive(Rhash::sha256, in.kij, in.i, in.j, in.hit_i, in.hit_r);
  ASSERT_TRUE(keymat);
  auto hip = draw_hip_keys(*keymat, HipCipherId::aes128_cbc);
  ASSERT_TRUE(hip) << to_string(hip.error());
  // §6.5: gl-enc(16) gl-int(32) lg-enc(16) lg-int(32)
  std::span<const std::uint8_t> e(expected);
  EXPECT_EQ(hex(hip->gl_encryption.span()), hex(e.subspan(0, 16)));
  EXPECT_EQ(hex(hip->gl_integrity.span()), hex(e.subspan(16, 32)));
  EXPECT_EQ(hex(hip->lg_encryption.span()), hex(e.subspan(48, 16)));
  EXPECT_EQ(hex(hip->lg_integrity.span()), hex(e.subspan(64, 32)));
  EXPECT_EQ(keymat->index(), 96u);  // ESP_INFO KEYMAT Index after the HIP keys
  // RFC 7402 §7, suite 8 (AES-128-CBC + HMAC-SHA-256): 16, 32, 16, 32.
  auto esp = draw_esp_keys(*keymat, 8);
  ASSERT_TRUE(esp) << to_string(esp.error());
  EXPECT_EQ(hex(esp->gl_encryption.span()), hex(e.subspan(96, 16)));
  EXPECT_EQ(hex(esp->gl_authentication.span()), hex(e.subspan(112, 32)));
  EXPECT_EQ(hex(esp->lg_encryption.span()), hex(e.subspan(144, 16)));
  EXPECT_EQ(hex(esp->lg_authentication.span()), hex(e.subspan(160, 32)));

  // The sender with the greater HIT (here the Initiator) uses the gl keys.
  EXPECT_EQ(&hip->integrity_for_sender(in.hit_i, in.hit_r), &hip->gl_integrity);
  EXPECT_EQ(&hip->integrity_for_sender(in.hit_r, in.hit_i), &hip->lg_integrity);
  EXPECT_EQ(&hip->encryption_for_sender(in.hit_r, in.hit_i), &hip->lg_encryption);
}

TEST(Keymat, KeySizesPerCipherAndTransform) {
  const Inputs in = make_inputs(Rhash::sha384, 19);
  auto keymat = Keymat::derive(Rhash::sha384, in.kij, in.i, in.j, in.hit_i, in.hit_r);
  ASSERT_TRUE(keymat);
  auto hip = draw_hip_keys(*keymat, HipCipherId::null_encrypt);
  ASSERT_TRUE(hip);
  EXPECT_EQ(hip->gl_encryption.size(), 0u);
  EXPECT_EQ(hip->gl_integrity.size(), 48u);
  EXPECT_EQ(keymat->index(), 96u);
  auto esp = draw_esp_keys(*keymat, 1);  // AES-128-CBC + HMAC-SHA1
  ASSERT_TRUE(esp);
  EXPECT_EQ(esp->gl_encryption.size(), 16u);
  EXPECT_EQ(esp->gl_authentication.size(), 20u);
  auto esp9 = draw_esp_keys(*keymat, 9);
  ASSERT_TRUE(esp9);
  EXPECT_EQ(esp9->lg_encryption.size(), 32u);
  auto esp7 = draw_esp_keys(*keymat, 7);
  ASSERT_TRUE(esp7);
  EXPECT_EQ(esp7->lg_encryption.size(), 0u);
  EXPECT_EQ(esp7->lg_authentication.size(), 32u);
}

TEST(Keymat, TypedErrors) {
  const Inputs in = make_inputs(Rhash::sha256, 23);
  auto short_i = Keymat::derive(Rhash::sha256, in.kij, std::span(in.i).first(31), in.j, in.hit_i,
                                in.hit_r);
  ASSERT_FALSE(short_i);
  EXPECT_EQ(short_i.error(), KeymatError::bad_input_length);
  auto no_kij = Keymat::derive(Rhash::sha256, {}, in.i, in.j, in.hit_i, in.hit_r);
  ASSERT_FALSE(no_kij);
  EXPECT_EQ(no_kij.error(), KeymatError::bad_input_length);

  auto keymat = Keymat::derive(Rhash::sha256, in.kij, in.i, in.j, in.hit_i, in.hit_r);
  ASSERT_TRUE(keymat);
  auto bad_cipher = draw_hip_keys(*keymat, static_cast<HipCipherId>(3));
  ASSERT_FALSE(bad_cipher);
  EXPECT_EQ(bad_cipher.error(), KeymatError::unsupported_hip_cipher);
  for (std::uint16_t suite : std::initializer_list<std::uint16_t>{0, 2, 6, 10, 11, 14, 15}) {
    auto bad = draw_esp_keys(*keymat, suite);
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error(), KeymatError::unsupported_esp_transform) << suite;
  }
}

TEST(Keymat, GcmDrawsKeyAndSaltWithoutAnAuthenticationKey) {
  // RFC 4106 §8.1: the AES key, then a 4-byte salt; the ICV needs no key.
  const Inputs in = make_inputs(Rhash::sha256, 29);
  auto keymat = Keymat::derive(Rhash::sha256, in.kij, in.i, in.j, in.hit_i, in.hit_r);
  ASSERT_TRUE(keymat);
  const std::size_t start = keymat->index();
  auto keys = draw_esp_keys(*keymat, 13);
  ASSERT_TRUE(keys);
  EXPECT_EQ(keys->gl_encryption.size(), 20u);
  EXPECT_TRUE(keys->gl_authentication.empty());
  EXPECT_EQ(keys->lg_encryption.size(), 20u);
  EXPECT_EQ(keymat->index(), start + 40);
}

}  // namespace
}  // namespace hip::crypto
