#include "crypto/dh_group.h"

#include <array>
#include <string>

#include "crypto/evp.h"

namespace hip::crypto {

namespace {

constexpr std::array<DhGroup, 7> kGroups = {{
    {DhGroupId::nist_p384, "NIST P-384", "P-384", DhKind::ecp, 48},
    {DhGroupId::nist_p256, "NIST P-256", "P-256", DhKind::ecp, 32},
    {DhGroupId::nist_p521, "NIST P-521", "P-521", DhKind::ecp, 66},
    {DhGroupId::modp_3072, "3072-bit MODP", "modp_3072", DhKind::modp, 384},
    {DhGroupId::modp_2048, "2048-bit MODP", "modp_2048", DhKind::modp, 256},
    {DhGroupId::modp_1536, "1536-bit MODP", "modp_1536", DhKind::modp, 192},
    {DhGroupId::secp160r1, "SECP160R1", "secp160r1", DhKind::ecp, 20},
}};

PkeyPtr make_template(const DhGroup& group) {
  PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, group.kind == DhKind::ecp ? "EC" : "DH",
                                            nullptr));
  if (!ctx || EVP_PKEY_paramgen_init(ctx.get()) != 1) return nullptr;
  std::string name(group.openssl_group);
  const OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, name.data(), 0),
      OSSL_PARAM_construct_end(),
  };
  if (EVP_PKEY_CTX_set_params(ctx.get(), params) != 1) return nullptr;
  EVP_PKEY* raw = nullptr;
  if (EVP_PKEY_generate(ctx.get(), &raw) != 1) return nullptr;
  return PkeyPtr(raw);
}

}  // namespace

const DhGroup* find_dh_group(std::uint8_t wire_id) {
  for (const DhGroup& g : kGroups) {
    if (g.wire_id() == wire_id) return &g;
  }
  return nullptr;
}

std::span<const DhGroup> supported_dh_groups() { return kGroups; }

namespace detail {

EVP_PKEY* dh_group_template(const DhGroup& group) {
  static const std::array<PkeyPtr, kGroups.size()> templates = [] {
    std::array<PkeyPtr, kGroups.size()> t;
    for (std::size_t i = 0; i < kGroups.size(); ++i) t[i] = make_template(kGroups[i]);
    ERR_clear_error();  // a group OpenSSL lacks must not leave noise in the queue
    return t;
  }();
  for (std::size_t i = 0; i < kGroups.size(); ++i) {
    if (kGroups[i].id == group.id) return templates[i].get();
  }
  return nullptr;
}

}  // namespace detail

}  // namespace hip::crypto
