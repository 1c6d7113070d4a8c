// The SA database: inbound SAs keyed by SPI (RFC 4303 §4.1: the receiver's
// SPI alone picks the SA), outbound SAs keyed by the HIT pair (RFC 7402
// §3.3.3), with a second index by LSI pair for IPv4 inner packets.
//
// Rekeying is make-before-break (RFC 7402 §3.3.2, §6.10): replace_outbound()
// swaps the outbound SA of a HIT pair in one step, so every packet after the
// call uses the new SA; a new inbound SA is simply installed beside the old
// one, which keeps working until the engine removes it.
//
// Not thread-safe: one owner (hipd's loop, the simulator) calls it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <unordered_map>

#include "base/hit.h"
#include "base/result.h"
#include "crypto/rng.h"
#include "esp/sa.h"

namespace hip::esp {

class SaDatabase {
 public:
  explicit SaDatabase(crypto::Rng& rng) : rng_(&rng) {}

  // Inbound: the SPI must be free. Outbound: the HIT pair (and LSI pair, if
  // given) must be free. The returned pointer lives until the SA is removed
  // or replaced.
  base::Result<Sa*, SaError> install(const SaConfig& config);
  // Outbound only: installs, or atomically replaces the pair's SA.
  base::Result<Sa*, SaError> replace_outbound(const SaConfig& config);

  base::Result<void, SaError> remove(Direction direction, std::uint32_t spi);
  // Every SA of the association (RFC 7402 §6.7); returns how many went.
  std::size_t remove_association(const base::Hit& own, const base::Hit& peer);
  void clear();

  Sa* find_inbound(std::uint32_t spi) const noexcept;
  Sa* find_outbound(const base::Hit& own, const base::Hit& peer) const noexcept;
  Sa* find_outbound_lsi(const std::uint8_t* own_lsi, const std::uint8_t* peer_lsi) const noexcept;
  Sa* find_outbound_by_spi(std::uint32_t spi) const noexcept;

  std::size_t inbound_count() const { return inbound_.size(); }
  std::size_t outbound_count() const { return outbound_.size(); }
  void for_each(const std::function<void(const Sa&)>& visit) const;

 private:
  struct HitPair {
    base::Hit own;
    base::Hit peer;
    friend bool operator==(const HitPair&, const HitPair&) = default;
  };
  struct HitPairHash {
    std::size_t operator()(const HitPair& p) const noexcept;
  };
  static std::uint64_t lsi_key(const std::uint8_t* own, const std::uint8_t* peer) noexcept;
  base::Result<Sa*, SaError> put_outbound(const SaConfig& config, bool allow_replace);

  crypto::Rng* rng_;
  std::unordered_map<std::uint32_t, std::unique_ptr<Sa>> inbound_;
  std::unordered_map<HitPair, std::unique_ptr<Sa>, HitPairHash> outbound_;
  std::unordered_map<std::uint64_t, Sa*> outbound_by_lsi_;
};

}  // namespace hip::esp
