// The ENCRYPTED parameter's cipher (RFC 7401 §5.2.18): round trips, and both
// directions checked against `openssl enc` (which uses PKCS #5 padding, the
// padding §5.2.18 prescribes).
#include "crypto/cipher.h"

#include <gtest/gtest.h>

#include <vector>

#include "crypto/openssl_cli.h"

namespace hip::crypto {
namespace {

using test::ByteVec;
using test::hex;

ByteVec random_bytes(std::size_t n, std::uint64_t seed) {
  ByteVec v(n);
  SeededRng(seed).fill(v);
  return v;
}

std::string cli_name(HipCipherId id) {
  return id == HipCipherId::aes128_cbc ? "aes-128-cbc" : "aes-256-cbc";
}

TEST(HipCipherTable, IdsAndSizes) {
  EXPECT_EQ(find_hip_cipher(1)->key_size, 0u);
  EXPECT_EQ(find_hip_cipher(1)->iv_size, 0u);
  EXPECT_EQ(find_hip_cipher(2)->key_size, 16u);
  EXPECT_EQ(find_hip_cipher(2)->iv_size, 16u);
  EXPECT_EQ(find_hip_cipher(4)->key_size, 32u);
  for (std::uint16_t id : std::initializer_list<std::uint16_t>{0, 3, 5, 0xffff}) {
    EXPECT_EQ(find_hip_cipher(id), nullptr) << id;
  }
}

class AesTest : public ::testing::TestWithParam<HipCipherId> {
 protected:
  const HipCipher& cipher() const { return hip_cipher(GetParam()); }
  ByteVec key_ = random_bytes(hip_cipher(GetParam()).key_size, 1);
};

TEST_P(AesTest, RoundTripAndFullBlockPadding) {
  SeededRng rng(2);
  // Inner TLVs are 8-byte aligned; 16- and 48-byte inputs get a whole pad block.
  for (std::size_t size : {8, 16, 40, 48, 296}) {
    const ByteVec plain = random_bytes(size, size);
    ByteVec out(encrypted_size(cipher(), size));
    EXPECT_EQ(out.size(), 16 + (size / 16 + 1) * 16) << size;
    auto n = encrypt_parameters(cipher(), key_, rng, plain, out);
    ASSERT_TRUE(n) << to_string(n.error());
    ASSERT_EQ(*n, out.size());
    ByteVec back(out.size());
    auto m = decrypt_parameters(cipher(), key_, out, back);
    ASSERT_TRUE(m) << to_string(m.error());
    back.resize(*m);
    EXPECT_EQ(back, plain) << size;
  }
}

TEST_P(AesTest, OpensslEncDecryptsOursAndWeDecryptItsOutput) {
  HIP_REQUIRE_OPENSSL_CLI();
  test::TempDir dir;
  OsRng rng;
  for (std::size_t size : {16, 296}) {
    const ByteVec plain = random_bytes(size, 100 + size);
    ByteVec out(encrypted_size(cipher(), size));
    ASSERT_TRUE(encrypt_parameters(cipher(), key_, rng, plain, out));
    const std::span<const std::uint8_t> iv = std::span(out).first(16);
    test::write_file(dir.file("ct.bin"), std::span(out).subspan(16));
    auto r = test::run("openssl enc -d -" + cli_name(GetParam()) + " -K " + hex(key_) + " -iv " +
                       hex(iv) + " -in " + dir.file("ct.bin") + " -out " + dir.file("pt.bin"));
    ASSERT_EQ(r.status, 0) << size;
    EXPECT_EQ(test::read_file(dir.file("pt.bin")), plain) << size;

    // The other way: openssl encrypts, we decrypt.
    const ByteVec iv2 = random_bytes(16, 7);
    test::write_file(dir.file("pt2.bin"), plain);
    r = test::run("openssl enc -e -" + cli_name(GetParam()) + " -K " + hex(key_) + " -iv " +
                  hex(iv2) + " -in " + dir.file("pt2.bin") + " -out " + dir.file("ct2.bin"));
    ASSERT_EQ(r.status, 0);
    ByteVec wire = iv2;
    const ByteVec ct = test::read_file(dir.file("ct2.bin"));
    wire.insert(wire.end(), ct.begin(), ct.end());
    ByteVec back(wire.size());
    auto m = decrypt_parameters(cipher(), key_, wire, back);
    ASSERT_TRUE(m);
    back.resize(*m);
    EXPECT_EQ(back, plain);
  }
}

TEST_P(AesTest, UnpaddedPeerDataIsKeptWhole) {
  HIP_REQUIRE_OPENSSL_CLI();
  // A peer that does not pad block-aligned data: the last plaintext byte is a
  // TLV's zero padding, not a PKCS pad, and all 32 bytes come back.
  ByteVec plain = random_bytes(32, 9);
  plain[30] = plain[31] = 0;
  test::TempDir dir;
  const ByteVec iv = random_bytes(16, 10);
  test::write_file(dir.file("pt.bin"), plain);
  auto r = test::run("openssl enc -e -nopad -" + cli_name(GetParam()) + " -K " + hex(key_) +
                     " -iv " + hex(iv) + " -in " + dir.file("pt.bin") + " -out " + dir.file("ct.bin"));
  ASSERT_EQ(r.status, 0);
  ByteVec wire = iv;
  const ByteVec ct = test::read_file(dir.file("ct.bin"));
  ASSERT_EQ(ct.size(), 32u);
  wire.insert(wire.end(), ct.begin(), ct.end());
  ByteVec back(32);
  auto m = decrypt_parameters(cipher(), key_, wire, back);
  ASSERT_TRUE(m);
  EXPECT_EQ(*m, 32u);
  EXPECT_EQ(back, plain);
}

TEST_P(AesTest, FreshIvEveryTime) {
  OsRng rng;
  const ByteVec plain = random_bytes(40, 3);
  ByteVec a(encrypted_size(cipher(), 40)), b(a.size());
  ASSERT_TRUE(encrypt_parameters(cipher(), key_, rng, plain, a));
  ASSERT_TRUE(encrypt_parameters(cipher(), key_, rng, plain, b));
  EXPECT_NE(hex(std::span(a).first(16)), hex(std::span(b).first(16)));
  EXPECT_NE(a, b);
}

TEST_P(AesTest, MalformedInputsAreTypedErrors) {
  SeededRng rng(4);
  const ByteVec plain = random_bytes(24, 5);
  ByteVec out(encrypted_size(cipher(), 24));
  ByteVec wrong_key(key_.begin(), key_.end() - 1);
  auto e = encrypt_parameters(cipher(), wrong_key, rng, plain, out);
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error(), CipherError::bad_key_length);
  ByteVec small(out.size() - 1);
  e = encrypt_parameters(cipher(), key_, rng, plain, small);
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error(), CipherError::no_buffer);

  ASSERT_TRUE(encrypt_parameters(cipher(), key_, rng, plain, out));
  ByteVec back(out.size());
  const std::span<const std::uint8_t> w(out);
  struct Case {
    std::span<const std::uint8_t> input;
    CipherError error;
  };
  for (const Case& c : {Case{w.first(15), CipherError::bad_ciphertext_length},   // < IV
                        Case{w.first(16), CipherError::bad_ciphertext_length},   // no data
                        Case{w.first(31), CipherError::bad_ciphertext_length}}) { // partial block
    auto d = decrypt_parameters(cipher(), key_, c.input, back);
    ASSERT_FALSE(d) << c.input.size();
    EXPECT_EQ(d.error(), c.error) << c.input.size();
  }
  ByteVec tiny(8);
  auto d = decrypt_parameters(cipher(), key_, w, tiny);
  ASSERT_FALSE(d);
  EXPECT_EQ(d.error(), CipherError::no_buffer);
  d = decrypt_parameters(cipher(), wrong_key, w, back);
  ASSERT_FALSE(d);
  EXPECT_EQ(d.error(), CipherError::bad_key_length);
}

INSTANTIATE_TEST_SUITE_P(Aes, AesTest,
                         ::testing::Values(HipCipherId::aes128_cbc, HipCipherId::aes256_cbc),
                         [](const auto& p) { return cli_name(p.param).substr(4, 3); });

TEST(NullCipher, CopiesWithoutIvOrPadding) {
  SeededRng rng(1);
  const HipCipher& null = hip_cipher(HipCipherId::null_encrypt);
  const ByteVec plain = random_bytes(40, 2);
  ByteVec out(encrypted_size(null, plain.size()));
  ASSERT_EQ(out.size(), 40u);
  auto n = encrypt_parameters(null, {}, rng, plain, out);
  ASSERT_TRUE(n);
  EXPECT_EQ(out, plain);
  ByteVec back(40);
  auto m = decrypt_parameters(null, {}, out, back);
  ASSERT_TRUE(m);
  EXPECT_EQ(*m, 40u);
  EXPECT_EQ(back, plain);
}

}  // namespace
}  // namespace hip::crypto
