#include "esp/sa_db.h"

#include <cstring>

namespace hip::esp {

std::size_t SaDatabase::HitPairHash::operator()(const HitPair& p) const noexcept {
  // HITs end in 96 hash bits (ORCHIDv2): their last 8 bytes are well mixed.
  std::uint64_t a = 0;
  std::uint64_t b = 0;
  std::memcpy(&a, p.own.bytes.data() + 8, 8);
  std::memcpy(&b, p.peer.bytes.data() + 8, 8);
  return static_cast<std::size_t>(a ^ (b * 0x9e3779b97f4a7c15ull));
}

std::uint64_t SaDatabase::lsi_key(const std::uint8_t* own, const std::uint8_t* peer) noexcept {
  std::uint64_t k = 0;
  for (int i = 0; i < 4; ++i) k = (k << 8) | own[i];
  for (int i = 0; i < 4; ++i) k = (k << 8) | peer[i];
  return k;
}

base::Result<Sa*, SaError> SaDatabase::install(const SaConfig& config) {
  if (config.direction == Direction::outbound) return put_outbound(config, false);
  if (inbound_.contains(config.spi)) return base::unexpected(SaError::spi_in_use);
  auto sa = Sa::create(config, *rng_);
  if (!sa) return base::unexpected(sa.error());
  Sa* raw = sa->get();
  inbound_.emplace(config.spi, std::move(*sa));
  return raw;
}

base::Result<Sa*, SaError> SaDatabase::replace_outbound(const SaConfig& config) {
  if (config.direction != Direction::outbound) return base::unexpected(SaError::not_found);
  return put_outbound(config, true);
}

base::Result<Sa*, SaError> SaDatabase::put_outbound(const SaConfig& config, bool allow_replace) {
  const HitPair key{config.own_hit, config.peer_hit};
  auto existing = outbound_.find(key);
  if (existing != outbound_.end() && !allow_replace) return base::unexpected(SaError::pair_in_use);
  // Build the new SA completely before touching the tables: a failure leaves
  // the old SA in service.
  auto created = Sa::create(config, *rng_);
  if (!created) return base::unexpected(created.error());
  std::unique_ptr<Sa> sa = std::move(*created);
  if (sa->has_lsis()) {
    auto other = outbound_by_lsi_.find(lsi_key(sa->own_lsi().data(), sa->peer_lsi().data()));
    if (other != outbound_by_lsi_.end() &&
        (existing == outbound_.end() || other->second != existing->second.get())) {
      return base::unexpected(SaError::pair_in_use);  // the LSI pair names another association
    }
  }
  Sa* raw = sa.get();
  if (existing != outbound_.end()) {
    Sa* old = existing->second.get();
    if (old->has_lsis()) outbound_by_lsi_.erase(lsi_key(old->own_lsi().data(), old->peer_lsi().data()));
    existing->second = std::move(sa);  // the swap: from here on packets use the new SA
  } else {
    outbound_.emplace(key, std::move(sa));
  }
  if (raw->has_lsis()) outbound_by_lsi_[lsi_key(raw->own_lsi().data(), raw->peer_lsi().data())] = raw;
  return raw;
}

base::Result<void, SaError> SaDatabase::remove(Direction direction, std::uint32_t spi) {
  if (direction == Direction::inbound) {
    if (inbound_.erase(spi) == 0) return base::unexpected(SaError::not_found);
    return {};
  }
  for (auto it = outbound_.begin(); it != outbound_.end(); ++it) {
    if (it->second->spi() != spi) continue;
    Sa* sa = it->second.get();
    if (sa->has_lsis()) outbound_by_lsi_.erase(lsi_key(sa->own_lsi().data(), sa->peer_lsi().data()));
    outbound_.erase(it);
    return {};
  }
  return base::unexpected(SaError::not_found);
}

std::size_t SaDatabase::remove_association(const base::Hit& own, const base::Hit& peer) {
  std::size_t removed = 0;
  for (auto it = inbound_.begin(); it != inbound_.end();) {
    if (it->second->own_hit() == own && it->second->peer_hit() == peer) {
      it = inbound_.erase(it);
      ++removed;
    } else {
      ++it;
    }
  }
  auto out = outbound_.find(HitPair{own, peer});
  if (out != outbound_.end()) {
    (void)remove(Direction::outbound, out->second->spi());
    ++removed;
  }
  return removed;
}

void SaDatabase::clear() {
  inbound_.clear();
  outbound_.clear();
  outbound_by_lsi_.clear();
}

Sa* SaDatabase::find_inbound(std::uint32_t spi) const noexcept {
  auto it = inbound_.find(spi);
  return it == inbound_.end() ? nullptr : it->second.get();
}

Sa* SaDatabase::find_outbound(const base::Hit& own, const base::Hit& peer) const noexcept {
  auto it = outbound_.find(HitPair{own, peer});
  return it == outbound_.end() ? nullptr : it->second.get();
}

Sa* SaDatabase::find_outbound_lsi(const std::uint8_t* own_lsi,
                                  const std::uint8_t* peer_lsi) const noexcept {
  auto it = outbound_by_lsi_.find(lsi_key(own_lsi, peer_lsi));
  return it == outbound_by_lsi_.end() ? nullptr : it->second;
}

Sa* SaDatabase::find_outbound_by_spi(std::uint32_t spi) const noexcept {
  for (const auto& [key, sa] : outbound_) {
    if (sa->spi() == spi) return sa.get();
  }
  return nullptr;
}

void SaDatabase::for_each(const std::function<void(const Sa&)>& visit) const {
  for (const auto& [spi, sa] : inbound_) visit(*sa);
  for (const auto& [key, sa] : outbound_) visit(*sa);
}

}  // namespace hip::esp
