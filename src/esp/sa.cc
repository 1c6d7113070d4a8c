#include "esp/sa.h"

#include <openssl/crypto.h>

#include <algorithm>

namespace hip::esp {

std::string_view sa_error_name(SaError e) {
  switch (e) {
    case SaError::bad_spi: return "bad_spi";
    case SaError::unsupported_suite: return "unsupported_suite";
    case SaError::bad_key: return "bad_key";
    case SaError::bad_lsi: return "bad_lsi";
    case SaError::spi_in_use: return "spi_in_use";
    case SaError::pair_in_use: return "pair_in_use";
    case SaError::not_found: return "not_found";
    case SaError::crypto_init: return "crypto_init";
  }
  return "unknown";
}

base::Result<std::unique_ptr<Sa>, SaError> Sa::create(const SaConfig& config, crypto::Rng& rng) {
  // RFC 4303 §2.1: SPI 0 is reserved for local use, 1-255 by IANA.
  if (config.spi <= 255) return base::unexpected(SaError::bad_spi);
  // For GCM the key length selects AES-128 or AES-256 (transform.h).
  std::size_t aes_key_bytes = 0;
  const auto base_spec = find_transform(config.suite);
  if (!base_spec) return base::unexpected(SaError::unsupported_suite);
  if (base_spec->is_aead()) {
    if (config.enc_key.size() < base_spec->salt_bytes) return base::unexpected(SaError::bad_key);
    aes_key_bytes = config.enc_key.size() - base_spec->salt_bytes;
  }
  const auto spec = find_transform(config.suite, aes_key_bytes);
  if (!spec) return base::unexpected(SaError::bad_key);
  if (config.enc_key.size() != spec->enc_keymat_bytes() ||
      config.auth_key.size() != spec->auth_keymat_bytes()) {
    return base::unexpected(SaError::bad_key);
  }
  if (config.own_lsi.has_value() != config.peer_lsi.has_value() ||
      (config.own_lsi && (!config.own_lsi->is_v4() || !config.peer_lsi->is_v4()))) {
    return base::unexpected(SaError::bad_lsi);
  }

  std::array<std::uint8_t, 8> iv_nonce{};
  rng.fill_secret(iv_nonce);
  auto cipher = SaCipher::create(*spec, config.direction == Direction::outbound, config.enc_key,
                                 config.auth_key, iv_nonce);
  OPENSSL_cleanse(iv_nonce.data(), iv_nonce.size());
  if (!cipher) return base::unexpected(SaError::crypto_init);

  std::unique_ptr<Sa> sa(new Sa());
  sa->direction_ = config.direction;
  sa->spi_ = config.spi;
  sa->own_hit_ = config.own_hit;
  sa->peer_hit_ = config.peer_hit;
  if (config.own_lsi) {
    sa->has_lsis_ = true;
    const auto own = config.own_lsi->bytes();
    const auto peer = config.peer_lsi->bytes();
    std::copy(own.begin(), own.end(), sa->own_lsi_.begin());
    std::copy(peer.begin(), peer.end(), sa->peer_lsi_.begin());
  }
  sa->outer_ = config.outer;
  sa->esn_ = config.esn;
  sa->deliver_ = config.deliver;
  sa->default_hop_limit_ = config.default_hop_limit == 0 ? 64 : config.default_hop_limit;
  sa->rekey_after_ = config.rekey_after != 0 ? config.rekey_after
                     : config.esn            ? kDefaultRekeyAfterEsn
                                             : kDefaultRekeyAfter;
  sa->cipher_ = std::move(cipher);
  return sa;
}

std::uint64_t Sa::next_sequence() noexcept {
  const std::uint64_t last = esn_ ? ~std::uint64_t{0} : 0xffffffffull;
  if (seq_ >= last) return 0;
  return ++seq_;
}

bool Sa::take_rekey_signal(std::uint64_t seq) noexcept {
  if (rekey_signalled_ || seq < rekey_after_) return false;
  rekey_signalled_ = true;
  return true;
}

}  // namespace hip::esp
