#include "crypto/mac.h"

#include <array>
#include <string>

#include "crypto/ct.h"
#include "wire/coverage.h"

namespace hip::crypto {

namespace {

constexpr std::size_t kMaxMac = 64;

auto fail(MacError e) {
  ERR_clear_error();
  return base::unexpected(e);
}

}  // namespace

std::string_view to_string(MacError e) {
  switch (e) {
    case MacError::missing_mac: return "MAC parameter missing";
    case MacError::bad_mac_length: return "MAC parameter of wrong length";
    case MacError::mismatch: return "MAC mismatch";
    case MacError::bad_key: return "bad MAC key";
    case MacError::coverage_failed: return "MAC coverage does not fit a packet";
    case MacError::no_buffer: return "no room for the MAC parameter";
    case MacError::openssl_failure: return "OpenSSL HMAC failure";
  }
  return "unknown MAC error";
}

base::Result<HmacKey, MacError> HmacKey::create(Rhash hash, std::span<const std::uint8_t> key) {
  if (key.empty()) return fail(MacError::bad_key);
  EVP_MAC* hmac = hmac_algorithm();
  if (hmac == nullptr) return fail(MacError::openssl_failure);
  MacCtxPtr ctx(EVP_MAC_CTX_new(hmac));
  if (!ctx) return fail(MacError::openssl_failure);
  const std::string digest(rhash_name(hash));
  const OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, const_cast<char*>(digest.c_str()),
                                       0),
      OSSL_PARAM_construct_end(),
  };
  if (EVP_MAC_init(ctx.get(), key.data(), key.size(), params) != 1) {
    return fail(MacError::openssl_failure);
  }
  return HmacKey(hash, std::move(ctx));
}

base::Result<void, MacError> HmacKey::compute(std::span<const std::uint8_t> data,
                                              std::span<std::uint8_t> out) {
  std::size_t len = 0;
  // A NULL key re-initialises HMAC with the key already set (OpenSSL keeps the
  // prepared inner/outer pads), so no per-packet key schedule.
  if (out.size() < size() || EVP_MAC_init(ctx_.get(), nullptr, 0, nullptr) != 1 ||
      EVP_MAC_update(ctx_.get(), data.data(), data.size()) != 1 ||
      EVP_MAC_final(ctx_.get(), out.data(), &len, out.size()) != 1 || len != size()) {
    return fail(MacError::openssl_failure);
  }
  return {};
}

base::Result<void, MacError> compute_mac(const wire::PacketView& packet, MacKind kind,
                                         HmacKey& key, std::span<const std::uint8_t> host_id_tlv,
                                         std::span<std::uint8_t> out) {
  std::array<std::uint8_t, wire::kMaxPacketSize> scratch;
  auto covered = wire::covered_bytes(packet, static_cast<std::uint16_t>(kind), scratch,
                                     host_id_tlv);
  if (!covered) return base::unexpected(MacError::coverage_failed);
  return key.compute(*covered, out);
}

base::Result<void, MacError> add_mac(wire::PacketBuilder& builder, MacKind kind, HmacKey& key,
                                     std::span<const std::uint8_t> host_id_tlv) {
  // finish() only sets Header Length, so the builder can go on afterwards.
  auto built = builder.finish();
  if (!built) return fail(MacError::no_buffer);
  wire::ParseOptions options;
  options.reject_unknown_critical = false;  // our own packet: whatever we put in is covered
  auto view = wire::parse_packet(*built, options);
  if (!view) return fail(MacError::coverage_failed);
  std::array<std::uint8_t, kMaxMac> mac{};
  if (auto ok = compute_mac(*view, kind, key, host_id_tlv, mac); !ok) return ok;
  if (!builder.add_raw(static_cast<std::uint16_t>(kind), std::span(mac).first(key.size()))) {
    return fail(MacError::no_buffer);
  }
  return {};
}

base::Result<void, MacError> verify_mac(const wire::PacketView& packet, MacKind kind,
                                        HmacKey& key, std::span<const std::uint8_t> host_id_tlv) {
  const auto param = packet.find(static_cast<std::uint16_t>(kind));
  if (!param) return base::unexpected(MacError::missing_mac);
  if (param->contents.size() != key.size()) return base::unexpected(MacError::bad_mac_length);
  std::array<std::uint8_t, kMaxMac> expected{};
  if (auto ok = compute_mac(packet, kind, key, host_id_tlv, expected); !ok) return ok;
  if (!equal_ct(std::span(expected).first(key.size()), param->contents)) {
    return base::unexpected(MacError::mismatch);
  }
  return {};
}

}  // namespace hip::crypto
