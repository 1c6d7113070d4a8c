#include "sim/seeded_key.h"

#include <openssl/ec.h>
#include <openssl/obj_mac.h>

#include <memory>
#include <vector>

#include "crypto/evp.h"

namespace hip::sim {

namespace {

using GroupPtr = std::unique_ptr<EC_GROUP, crypto::Deleter<EC_GROUP_free>>;
using PointPtr = std::unique_ptr<EC_POINT, crypto::Deleter<EC_POINT_free>>;

constexpr int kMaxScalarDraws = 64;  // each draw fails with probability < 1/2

base::Result<crypto::PrivateKey, std::string> fail(const std::string& what) {
  return base::unexpected(what + ": " + crypto::take_openssl_error());
}

base::Result<crypto::PrivateKey, std::string> raw_edwards(crypto::KeyKind kind, int type,
                                                          std::size_t size, crypto::Rng& rng) {
  std::vector<std::uint8_t> secret(size);
  rng.fill_secret(secret);
  EVP_PKEY* raw = EVP_PKEY_new_raw_private_key(type, nullptr, secret.data(), secret.size());
  OPENSSL_cleanse(secret.data(), secret.size());
  if (raw == nullptr) return fail("EVP_PKEY_new_raw_private_key");
  return crypto::PrivateKey(kind, crypto::PkeyPtr(raw));
}

base::Result<crypto::PrivateKey, std::string> ec_key(crypto::KeyKind kind, int nid,
                                                     const char* group_name, crypto::Rng& rng) {
  GroupPtr group(EC_GROUP_new_by_curve_name(nid));
  crypto::BnCtxPtr bn_ctx(BN_CTX_new());
  if (!group || !bn_ctx) return fail("EC_GROUP_new_by_curve_name");
  const BIGNUM* order = EC_GROUP_get0_order(group.get());
  const int bits = BN_num_bits(order);
  std::vector<std::uint8_t> buf(static_cast<std::size_t>((bits + 7) / 8));
  crypto::BignumPtr scalar(BN_new());
  if (!scalar) return fail("BN_new");

  bool found = false;
  for (int i = 0; i < kMaxScalarDraws && !found; ++i) {
    rng.fill_secret(buf);
    // Keep only `bits` bits so that a draw is below the order at least half the time.
    if (bits % 8 != 0) buf[0] &= static_cast<std::uint8_t>((1u << (bits % 8)) - 1);
    if (BN_bin2bn(buf.data(), static_cast<int>(buf.size()), scalar.get()) == nullptr) {
      return fail("BN_bin2bn");
    }
    found = !BN_is_zero(scalar.get()) && BN_cmp(scalar.get(), order) < 0;
  }
  OPENSSL_cleanse(buf.data(), buf.size());
  if (!found) return base::unexpected(std::string("no valid EC scalar drawn"));

  PointPtr point(EC_POINT_new(group.get()));
  if (!point || EC_POINT_mul(group.get(), point.get(), scalar.get(), nullptr, nullptr,
                             bn_ctx.get()) != 1) {
    return fail("EC_POINT_mul");
  }
  std::vector<std::uint8_t> pub(EC_POINT_point2oct(group.get(), point.get(),
                                                   POINT_CONVERSION_UNCOMPRESSED, nullptr, 0,
                                                   bn_ctx.get()));
  if (pub.empty() || EC_POINT_point2oct(group.get(), point.get(), POINT_CONVERSION_UNCOMPRESSED,
                                        pub.data(), pub.size(), bn_ctx.get()) != pub.size()) {
    return fail("EC_POINT_point2oct");
  }

  crypto::ParamBldPtr bld(OSSL_PARAM_BLD_new());
  if (!bld ||
      OSSL_PARAM_BLD_push_utf8_string(bld.get(), OSSL_PKEY_PARAM_GROUP_NAME, group_name, 0) != 1 ||
      OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_PRIV_KEY, scalar.get()) != 1 ||
      OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, pub.data(),
                                       pub.size()) != 1) {
    return fail("OSSL_PARAM_BLD");
  }
  crypto::ParamsPtr params(OSSL_PARAM_BLD_to_param(bld.get()));
  crypto::PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr));
  if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1) return fail("EVP_PKEY_fromdata_init");
  EVP_PKEY* raw = nullptr;
  if (EVP_PKEY_fromdata(ctx.get(), &raw, EVP_PKEY_KEYPAIR, params.get()) != 1) {
    return fail("EVP_PKEY_fromdata");
  }
  return crypto::PrivateKey(kind, crypto::PkeyPtr(raw));
}

}  // namespace

base::Result<crypto::PrivateKey, std::string> derive_private_key(crypto::KeyKind kind,
                                                                 crypto::Rng& rng) {
  using crypto::KeyKind;
  switch (kind) {
    case KeyKind::ed25519: return raw_edwards(kind, EVP_PKEY_ED25519, 32, rng);
    case KeyKind::ed448: return raw_edwards(kind, EVP_PKEY_ED448, 57, rng);
    case KeyKind::ecdsa_p256: return ec_key(kind, NID_X9_62_prime256v1, "P-256", rng);
    case KeyKind::ecdsa_p384: return ec_key(kind, NID_secp384r1, "P-384", rng);
    case KeyKind::ecdsa_secp160r1: return ec_key(kind, NID_secp160r1, "secp160r1", rng);
    case KeyKind::rsa: break;
  }
  return base::unexpected(std::string("RSA keys cannot be derived from a seed"));
}

crypto::PrivateKey share_key(const crypto::PrivateKey& key) {
  EVP_PKEY_up_ref(key.get());
  return crypto::PrivateKey(key.kind(), crypto::PkeyPtr(key.get()));
}

}  // namespace hip::sim
