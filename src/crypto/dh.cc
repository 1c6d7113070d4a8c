#include "crypto/dh.h"

#include <algorithm>
#include <array>
#include <string>

namespace hip::crypto {

namespace {

using DhResult = base::Result<DhKeyPair, DhError>;

auto fail(DhError e) {
  ERR_clear_error();
  return base::unexpected(e);
}

// ECP: OpenSSL's encoded point is 0x04 | x | y, each coordinate already padded
// to the field size; HIP drops the 0x04 (RFC 5903 §7).
// MODP: y as a big-endian integer left-padded to the prime's length.
bool encode_public(const DhGroup& group, const EVP_PKEY* pkey, std::vector<std::uint8_t>& out) {
  out.assign(group.public_value_size(), 0);
  if (group.kind == DhKind::ecp) {
    std::vector<std::uint8_t> point(1 + group.public_value_size());
    std::size_t len = 0;
    if (EVP_PKEY_get_octet_string_param(pkey, OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY, point.data(),
                                        point.size(), &len) != 1 ||
        len != point.size() || point[0] != 0x04) {
      return false;
    }
    std::copy(point.begin() + 1, point.end(), out.begin());
    return true;
  }
  BIGNUM* raw = nullptr;
  if (EVP_PKEY_get_bn_param(pkey, OSSL_PKEY_PARAM_PUB_KEY, &raw) != 1) return false;
  BignumPtr y(raw);
  return BN_bn2binpad(y.get(), out.data(), static_cast<int>(out.size())) ==
         static_cast<int>(out.size());
}

// The OSSL_PARAMs that describe a key of `group` with public value
// `public_value` (HIP encoding) and, optionally, a private value.
ParamsPtr key_params(const DhGroup& group, std::span<const std::uint8_t> public_value,
                     const BIGNUM* private_value) {
  ParamBldPtr bld(OSSL_PARAM_BLD_new());
  if (!bld) return nullptr;
  const std::string name(group.openssl_group);
  if (OSSL_PARAM_BLD_push_utf8_string(bld.get(), OSSL_PKEY_PARAM_GROUP_NAME, name.c_str(), 0) !=
      1) {
    return nullptr;
  }
  BignumPtr y;
  std::vector<std::uint8_t> point;
  if (group.kind == DhKind::ecp) {
    point.reserve(1 + public_value.size());
    point.push_back(0x04);
    point.insert(point.end(), public_value.begin(), public_value.end());
    if (OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(),
                                         point.size()) != 1) {
      return nullptr;
    }
  } else {
    y.reset(BN_bin2bn(public_value.data(), static_cast<int>(public_value.size()), nullptr));
    if (!y || OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, y.get()) != 1) {
      return nullptr;
    }
  }
  if (private_value != nullptr &&
      OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_PRIV_KEY, private_value) != 1) {
    return nullptr;
  }
  return ParamsPtr(OSSL_PARAM_BLD_to_param(bld.get()));
}

base::Result<PkeyPtr, DhError> key_from_params(const DhGroup& group, int selection,
                                               const OSSL_PARAM* params) {
  EVP_PKEY* tmpl = detail::dh_group_template(group);
  if (tmpl == nullptr) return fail(DhError::unsupported_group);
  PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, tmpl, nullptr));
  if (!ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1) return fail(DhError::openssl_failure);
  EVP_PKEY* raw = nullptr;
  // Params were built by us, so a failure here means OpenSSL rejected the
  // values: for ECP that is a point off the curve or a coordinate >= p.
  if (EVP_PKEY_fromdata(ctx.get(), &raw, selection, const_cast<OSSL_PARAM*>(params)) != 1) {
    return fail(group.kind == DhKind::ecp ? DhError::point_not_on_curve
                                          : DhError::public_value_out_of_range);
  }
  return PkeyPtr(raw);
}

}  // namespace

std::string_view to_string(DhError e) {
  switch (e) {
    case DhError::unsupported_group: return "unsupported DH group";
    case DhError::bad_public_value_length: return "bad DH public value length";
    case DhError::public_value_out_of_range: return "DH public value out of range";
    case DhError::point_not_on_curve: return "ECDH public value not on the curve";
    case DhError::bad_private_key: return "bad DH private key";
    case DhError::openssl_failure: return "OpenSSL DH failure";
  }
  return "unknown DH error";
}

base::Result<PkeyPtr, DhError> import_peer_public(const DhGroup& group,
                                                  std::span<const std::uint8_t> peer_public) {
  const bool length_ok = group.kind == DhKind::ecp
                             ? peer_public.size() == group.public_value_size()
                             : !peer_public.empty() && peer_public.size() <= group.element_size;
  if (!length_ok) return fail(DhError::bad_public_value_length);
  EVP_PKEY* tmpl = detail::dh_group_template(group);
  if (tmpl == nullptr) return fail(DhError::unsupported_group);
  // Copying the template's parameters and setting the encoded public value is
  // about three times cheaper than EVP_PKEY_fromdata, which looks the group up
  // by name and rebuilds it for every key.
  PkeyPtr key(EVP_PKEY_new());
  if (!key || EVP_PKEY_copy_parameters(key.get(), tmpl) != 1) {
    return fail(DhError::openssl_failure);
  }
  // ECP: OpenSSL takes the point as 0x04 | x | y and refuses coordinates
  // >= p or a point off the curve while decoding it. MODP: y as given.
  std::array<std::uint8_t, 1 + 2 * 66> point{};
  std::span<const std::uint8_t> encoded = peer_public;
  if (group.kind == DhKind::ecp) {
    point[0] = 0x04;
    std::copy(peer_public.begin(), peer_public.end(), point.begin() + 1);
    encoded = std::span(point).first(1 + peer_public.size());
  }
  if (EVP_PKEY_set1_encoded_public_key(key.get(), encoded.data(), encoded.size()) != 1) {
    return fail(group.kind == DhKind::ecp ? DhError::point_not_on_curve
                                          : DhError::public_value_out_of_range);
  }
  // Quick check: ECP on-curve and not infinity; MODP 1 < y < p-1.
  PkeyCtxPtr check(EVP_PKEY_CTX_new_from_pkey(nullptr, key.get(), nullptr));
  if (!check) return fail(DhError::openssl_failure);
  if (EVP_PKEY_public_check_quick(check.get()) != 1) {
    return fail(group.kind == DhKind::ecp ? DhError::point_not_on_curve
                                          : DhError::public_value_out_of_range);
  }
  return key;
}

DhResult DhKeyPair::generate(const DhGroup& group) {
  EVP_PKEY* tmpl = detail::dh_group_template(group);
  if (tmpl == nullptr) return fail(DhError::unsupported_group);
  PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, tmpl, nullptr));
  if (!ctx || EVP_PKEY_keygen_init(ctx.get()) != 1) return fail(DhError::openssl_failure);
  EVP_PKEY* raw = nullptr;
  if (EVP_PKEY_generate(ctx.get(), &raw) != 1) return fail(DhError::openssl_failure);
  PkeyPtr pkey(raw);
  std::vector<std::uint8_t> pub;
  if (!encode_public(group, pkey.get(), pub)) return fail(DhError::openssl_failure);
  return DhKeyPair(group, std::move(pkey), std::move(pub));
}

DhResult DhKeyPair::generate(std::uint8_t wire_id) {
  const DhGroup* group = find_dh_group(wire_id);
  if (group == nullptr) return base::unexpected(DhError::unsupported_group);
  return generate(*group);
}

DhResult DhKeyPair::import(const DhGroup& group, std::span<const std::uint8_t> private_value,
                           std::span<const std::uint8_t> public_value) {
  if (public_value.size() != group.public_value_size()) {
    return fail(DhError::bad_public_value_length);
  }
  if (private_value.empty() || private_value.size() > group.element_size + 1) {
    return fail(DhError::bad_private_key);
  }
  BignumPtr priv(BN_bin2bn(private_value.data(), static_cast<int>(private_value.size()), nullptr));
  if (!priv) return fail(DhError::openssl_failure);
  ParamsPtr params = key_params(group, public_value, priv.get());
  BN_clear(priv.get());
  if (!params) return fail(DhError::openssl_failure);
  auto key = key_from_params(group, EVP_PKEY_KEYPAIR, params.get());
  if (!key) return fail(DhError::bad_private_key);
  // The private value must produce the public value we were given.
  PkeyCtxPtr check(EVP_PKEY_CTX_new_from_pkey(nullptr, key->get(), nullptr));
  if (!check || EVP_PKEY_pairwise_check(check.get()) != 1) return fail(DhError::bad_private_key);
  std::vector<std::uint8_t> pub;
  if (!encode_public(group, key->get(), pub)) return fail(DhError::openssl_failure);
  return DhKeyPair(group, std::move(*key), std::move(pub));
}

base::Result<SecretBytes, DhError> DhKeyPair::derive(
    std::span<const std::uint8_t> peer_public) const {
  auto peer = import_peer_public(*group_, peer_public);
  if (!peer) return base::unexpected(peer.error());
  PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, pkey_.get(), nullptr));
  if (!ctx || EVP_PKEY_derive_init(ctx.get()) != 1) return fail(DhError::openssl_failure);
  if (group_->kind == DhKind::modp) {
    // g^xy padded to the prime's length (RFC 7296 §2.14 convention).
    unsigned int pad = 1;
    const OSSL_PARAM params[] = {
        OSSL_PARAM_construct_uint(OSSL_EXCHANGE_PARAM_PAD, &pad),
        OSSL_PARAM_construct_end(),
    };
    if (EVP_PKEY_CTX_set_params(ctx.get(), params) != 1) return fail(DhError::openssl_failure);
  }
  // validate = 0: import_peer_public already ran the quick check; the full
  // check is what this module avoids on purpose (see dh.h).
  if (EVP_PKEY_derive_set_peer_ex(ctx.get(), peer->get(), 0) != 1) {
    return fail(DhError::openssl_failure);
  }
  const std::size_t size = group_->shared_secret_size();
  SecretBytes secret(size);
  std::size_t len = size;
  if (EVP_PKEY_derive(ctx.get(), secret.data(), &len) != 1 || len > size) {
    return fail(DhError::openssl_failure);
  }
  if (len < size) {  // left-pad, should OpenSSL ever return a minimal-length value
    std::copy_backward(secret.data(), secret.data() + len, secret.data() + size);
    std::fill(secret.data(), secret.data() + (size - len), std::uint8_t{0});
  }
  return secret;
}

}  // namespace hip::crypto
