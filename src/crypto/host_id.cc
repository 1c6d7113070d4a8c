#include "crypto/host_id.h"

#include <bit>

#include "base/bytes.h"
#include "crypto/host_id_curves.h"

namespace hip::crypto {
namespace {

using Bytes = std::span<const std::uint8_t>;
using detail::CurveInfo;

base::Unexpected<IdentityError> fail(IdentityError e) { return base::unexpected(e); }

void append_u16(std::vector<std::uint8_t>& out, std::uint16_t v) {
  out.push_back(static_cast<std::uint8_t>(v >> 8));
  out.push_back(static_cast<std::uint8_t>(v));
}

BignumPtr get_bn(EVP_PKEY* pkey, const char* name) {
  BIGNUM* bn = nullptr;
  if (EVP_PKEY_get_bn_param(pkey, name, &bn) != 1) return nullptr;
  return BignumPtr(bn);
}

// Runs EVP_PKEY_fromdata for a public key of `type` with the built params.
PkeyPtr public_key_from(const char* type, OSSL_PARAM_BLD* bld) {
  ParamsPtr params(OSSL_PARAM_BLD_to_param(bld));
  PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
  if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1) return nullptr;
  EVP_PKEY* raw = nullptr;
  if (EVP_PKEY_fromdata(ctx.get(), &raw, EVP_PKEY_PUBLIC_KEY, params.get()) != 1) {
    ERR_clear_error();
    return nullptr;
  }
  return PkeyPtr(raw);
}

// RFC 3110 §2 / RFC 7401 App. B.
base::Result<HostIdentity, IdentityError> encode_rsa(EVP_PKEY* pkey) {
  BignumPtr n = get_bn(pkey, OSSL_PKEY_PARAM_RSA_N);
  BignumPtr e = get_bn(pkey, OSSL_PKEY_PARAM_RSA_E);
  if (!n || !e) return fail(IdentityError::openssl_failure);
  const auto e_len = static_cast<std::size_t>(BN_num_bytes(e.get()));
  const auto n_len = static_cast<std::size_t>(BN_num_bytes(n.get()));
  HostIdentity hi{HiAlgorithm::rsa, {}};
  if (e_len > 255) {
    hi.bytes.push_back(0);
    append_u16(hi.bytes, static_cast<std::uint16_t>(e_len));
  } else {
    hi.bytes.push_back(static_cast<std::uint8_t>(e_len));
  }
  const std::size_t at = hi.bytes.size();
  hi.bytes.resize(at + e_len + n_len);
  BN_bn2bin(e.get(), hi.bytes.data() + at);
  BN_bn2bin(n.get(), hi.bytes.data() + at + e_len);
  return hi;
}

base::Result<PublicKey, IdentityError> decode_rsa(Bytes hi) {
  if (hi.empty()) return fail(IdentityError::truncated);
  std::size_t e_len = hi[0];
  std::size_t at = 1;
  if (e_len == 0) {  // RFC 3110 §2: a zero first octet means a 16-bit length follows
    if (hi.size() < 3) return fail(IdentityError::truncated);
    e_len = base::get_u16(hi, 1);
    at = 3;
  }
  if (e_len == 0) return fail(IdentityError::bad_value);
  if (e_len > kRsaMaxExponentBytes) return fail(IdentityError::key_too_large);
  if (hi.size() - at <= e_len) return fail(IdentityError::truncated);  // no modulus left
  const Bytes e = hi.subspan(at, e_len);
  const Bytes n = hi.subspan(at + e_len);
  // Minimal big-endian integers only, so that decode -> encode is the identity
  // (the HIT hashes these exact bytes).
  if (e[0] == 0 || n[0] == 0) return fail(IdentityError::bad_value);
  const std::size_t n_bits = (n.size() - 1) * 8 + static_cast<std::size_t>(std::bit_width(n[0]));
  if (n_bits < kRsaMinPeerBits) return fail(IdentityError::key_too_small);
  if (n_bits > kRsaMaxPeerBits) return fail(IdentityError::key_too_large);
  const bool e_is_one = e.size() == 1 && e[0] == 1;
  if ((n.back() & 1) == 0 || (e.back() & 1) == 0 || e_is_one) return fail(IdentityError::bad_value);

  BignumPtr bn_n(BN_bin2bn(n.data(), static_cast<int>(n.size()), nullptr));
  BignumPtr bn_e(BN_bin2bn(e.data(), static_cast<int>(e.size()), nullptr));
  ParamBldPtr bld(OSSL_PARAM_BLD_new());
  if (!bn_n || !bn_e || !bld || OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_N, bn_n.get()) != 1 ||
      OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_E, bn_e.get()) != 1) {
    return fail(IdentityError::openssl_failure);
  }
  PkeyPtr pkey = public_key_from("RSA", bld.get());
  if (!pkey) return fail(IdentityError::openssl_failure);
  return PublicKey(KeyKind::rsa, std::move(pkey));
}

base::Result<HostIdentity, IdentityError> encode_ec(EVP_PKEY* pkey, const CurveInfo& curve) {
  BignumPtr x = get_bn(pkey, OSSL_PKEY_PARAM_EC_PUB_X);
  BignumPtr y = get_bn(pkey, OSSL_PKEY_PARAM_EC_PUB_Y);
  if (!x || !y) return fail(IdentityError::openssl_failure);
  HostIdentity hi{curve.algorithm, {}};
  append_u16(hi.bytes, curve.label);
  hi.bytes.resize(2 + 2 * curve.public_bytes);
  const int width = static_cast<int>(curve.public_bytes);
  if (BN_bn2binpad(x.get(), hi.bytes.data() + 2, width) != width ||
      BN_bn2binpad(y.get(), hi.bytes.data() + 2 + curve.public_bytes, width) != width) {
    return fail(IdentityError::openssl_failure);
  }
  return hi;
}

base::Result<PublicKey, IdentityError> decode_ec(HiAlgorithm algorithm, Bytes hi) {
  if (hi.size() < 2) return fail(IdentityError::truncated);
  const CurveInfo* curve = detail::curve_for(algorithm, base::get_u16(hi, 0));
  if (curve == nullptr) return fail(IdentityError::unsupported_curve);
  if (hi.size() != 2 + 2 * curve->public_bytes) return fail(IdentityError::bad_length);

  // OpenSSL takes the SEC 1 uncompressed form: 0x04 | x | y.
  std::vector<std::uint8_t> point(1 + 2 * curve->public_bytes);
  point[0] = 0x04;
  std::copy(hi.begin() + 2, hi.end(), point.begin() + 1);
  ParamBldPtr bld(OSSL_PARAM_BLD_new());
  if (!bld ||
      OSSL_PARAM_BLD_push_utf8_string(bld.get(), OSSL_PKEY_PARAM_GROUP_NAME, curve->openssl_name, 0) != 1 ||
      OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(), point.size()) != 1) {
    return fail(IdentityError::openssl_failure);
  }
  // The import refuses a point that is not on the curve. That is the whole
  // validation here: x | y cannot encode the point at infinity, and every
  // HIP curve has co-factor 1 (RFC 7401 §5.2.9), so a point on the curve is
  // in the prime-order group (no EVP_PKEY_public_check, which would cost a
  // scalar multiplication per received HOST_ID).
  PkeyPtr pkey = public_key_from("EC", bld.get());
  if (!pkey) return fail(IdentityError::invalid_point);
  return PublicKey(curve->kind, std::move(pkey));
}

// RFC 9374 §3.4.1.1 Figure 2.
base::Result<HostIdentity, IdentityError> encode_eddsa(EVP_PKEY* pkey, const CurveInfo& curve) {
  HostIdentity hi{HiAlgorithm::eddsa, {}};
  append_u16(hi.bytes, curve.label);
  append_u16(hi.bytes, 0);  // NULL
  hi.bytes.resize(4 + curve.public_bytes);
  size_t length = curve.public_bytes;
  if (EVP_PKEY_get_raw_public_key(pkey, hi.bytes.data() + 4, &length) != 1 ||
      length != curve.public_bytes) {
    return fail(IdentityError::openssl_failure);
  }
  return hi;
}

base::Result<PublicKey, IdentityError> decode_eddsa(Bytes hi) {
  if (hi.size() < 4) return fail(IdentityError::truncated);
  const CurveInfo* curve = detail::curve_for(HiAlgorithm::eddsa, base::get_u16(hi, 0));
  if (curve == nullptr) return fail(IdentityError::unsupported_curve);
  if (base::get_u16(hi, 2) != 0) return fail(IdentityError::bad_value);
  if (hi.size() != 4 + curve->public_bytes) return fail(IdentityError::bad_length);
  EVP_PKEY* raw = EVP_PKEY_new_raw_public_key_ex(nullptr, curve->openssl_name, nullptr,
                                                 hi.data() + 4, curve->public_bytes);
  if (raw == nullptr) {
    ERR_clear_error();
    return fail(IdentityError::invalid_point);
  }
  return PublicKey(curve->kind, PkeyPtr(raw));
}

}  // namespace

base::Result<HostIdentity, IdentityError> encode_host_identity(const PublicKey& key) {
  if (key.kind() == KeyKind::rsa) return encode_rsa(key.get());
  const CurveInfo* curve = detail::curve_for(key.kind());
  if (curve == nullptr) return fail(IdentityError::unsupported_key);
  if (curve->algorithm == HiAlgorithm::eddsa) return encode_eddsa(key.get(), *curve);
  return encode_ec(key.get(), *curve);
}

base::Result<HostIdentity, IdentityError> encode_host_identity(const PrivateKey& key) {
  return encode_host_identity(key.public_key());
}

base::Result<PublicKey, IdentityError> decode_host_identity(std::uint16_t algorithm, Bytes bytes) {
  switch (static_cast<HiAlgorithm>(algorithm)) {
    case HiAlgorithm::rsa: return decode_rsa(bytes);
    case HiAlgorithm::ecdsa: return decode_ec(HiAlgorithm::ecdsa, bytes);
    case HiAlgorithm::ecdsa_low: return decode_ec(HiAlgorithm::ecdsa_low, bytes);
    case HiAlgorithm::eddsa: return decode_eddsa(bytes);
    case HiAlgorithm::dsa: break;
  }
  return fail(IdentityError::unsupported_algorithm);
}

base::Result<PublicKey, IdentityError> decode_host_identity(const wire::HostId& param) {
  return decode_host_identity(param.algorithm, param.host_identity);
}

wire::HostId host_id_param(const HostIdentity& identity, const DomainIdentifier& di) {
  return wire::HostId{static_cast<std::uint8_t>(di.type), static_cast<std::uint16_t>(identity.algorithm),
                      identity.bytes, di.bytes};
}

}  // namespace hip::crypto
