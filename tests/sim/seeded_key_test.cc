#include "sim/seeded_key.h"

#include <gtest/gtest.h>
#include <openssl/evp.h>

#include <vector>

#include "crypto/hit.h"
#include "crypto/host_id.h"

namespace hip::sim {
namespace {

// Hands out fixed bytes, to feed a known secret in.
class FixedRng final : public crypto::Rng {
 public:
  explicit FixedRng(std::vector<std::uint8_t> bytes) : bytes_(std::move(bytes)) {}
  void fill(std::span<std::uint8_t> out) override {
    for (auto& b : out) b = bytes_[pos_++ % bytes_.size()];
  }

 private:
  std::vector<std::uint8_t> bytes_;
  std::size_t pos_ = 0;
};

std::vector<std::uint8_t> from_hex(const char* hex) {
  std::vector<std::uint8_t> out;
  for (const char* p = hex; p[0] != 0 && p[1] != 0; p += 2) {
    out.push_back(static_cast<std::uint8_t>(std::stoi(std::string(p, 2), nullptr, 16)));
  }
  return out;
}

base::Hit hit_of(const crypto::PrivateKey& key) {
  auto hi = crypto::encode_host_identity(key);
  EXPECT_TRUE(hi);
  auto hit = crypto::compute_hit(*hi);
  EXPECT_TRUE(hit);
  return *hit;
}

bool pairwise_ok(const crypto::PrivateKey& key) {
  EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_from_pkey(nullptr, key.get(), nullptr);
  const bool ok = ctx != nullptr && EVP_PKEY_pairwise_check(ctx) == 1;
  EVP_PKEY_CTX_free(ctx);
  return ok;
}

TEST(SeededKey, Ed25519FromTheDrawnSecretMatchesRfc8032) {
  // RFC 8032 §7.1, TEST 1 (the public key also checked with `openssl pkey`).
  FixedRng rng(from_hex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));
  auto key = derive_private_key(crypto::KeyKind::ed25519, rng);
  ASSERT_TRUE(key) << key.error();
  std::vector<std::uint8_t> pub(32);
  std::size_t len = pub.size();
  ASSERT_EQ(EVP_PKEY_get_raw_public_key(key->get(), pub.data(), &len), 1);
  EXPECT_EQ(pub, from_hex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"));
}

TEST(SeededKey, EcdsaKeysAreValidPairsAndFollowTheSeed) {
  for (auto kind : {crypto::KeyKind::ecdsa_p256, crypto::KeyKind::ecdsa_p384,
                    crypto::KeyKind::ecdsa_secp160r1}) {
    crypto::SeededRng r1(5), r2(5), r3(6);
    auto a = derive_private_key(kind, r1);
    auto b = derive_private_key(kind, r2);
    auto c = derive_private_key(kind, r3);
    ASSERT_TRUE(a && b && c) << crypto::to_string(kind);
    EXPECT_TRUE(pairwise_ok(*a)) << crypto::to_string(kind);  // public = private x G
    EXPECT_EQ(hit_of(*a), hit_of(*b)) << crypto::to_string(kind);
    EXPECT_NE(hit_of(*a), hit_of(*c)) << crypto::to_string(kind);
    auto kind_back = crypto::classify_key(a->get());
    ASSERT_TRUE(kind_back);
    EXPECT_EQ(*kind_back, kind);
  }
}

TEST(SeededKey, RsaIsNotDerivable) {
  crypto::SeededRng rng(1);
  EXPECT_FALSE(derive_private_key(crypto::KeyKind::rsa, rng));
}

TEST(SeededKey, SharedKeyIsTheSameKey) {
  crypto::SeededRng rng(9);
  auto key = derive_private_key(crypto::KeyKind::ed25519, rng);
  ASSERT_TRUE(key);
  crypto::PrivateKey copy = share_key(*key);
  EXPECT_EQ(copy.get(), key->get());
  EXPECT_EQ(copy.kind(), key->kind());
  // Both owners release their reference (ASan would flag a double free).
}

}  // namespace
}  // namespace hip::sim
