// A simulated host's ESP SAs, as the engine installed and removed them. No
// traffic is encrypted: the table exists so that tests can check what the
// engine negotiated (one side's outbound SA must be the other side's inbound
// SA: same SPI, ESP suite and keys, RFC 7402 §7) and so that simulated ESP
// packets find their SA by SPI, as esp/ will in hipd.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/hit.h"
#include "base/time.h"
#include "engine/actions.h"

namespace hip::sim {

struct SaRecord {
  engine::InstallSa sa;
  base::Time installed_at{};
};

class SaTable {
 public:
  // Replaces an SA of the same direction and SPI (and, outbound, the same peer).
  void install(const engine::InstallSa& sa, base::Time now);
  // False when no such SA was installed (counted).
  bool remove(const engine::RemoveSa& sa);
  void clear() { records_.clear(); }

  // Inbound SPIs are chosen by this host, so the SPI alone finds the SA.
  const SaRecord* inbound(std::uint32_t spi) const;
  // The newest outbound SA towards `peer`.
  const SaRecord* outbound_to(const base::Hit& peer) const;
  const SaRecord* inbound_from(const base::Hit& peer) const;

  const std::vector<SaRecord>& all() const { return records_; }
  std::size_t size() const { return records_.size(); }
  std::uint64_t installs() const { return installs_; }
  std::uint64_t removals() const { return removals_; }
  std::uint64_t unknown_removals() const { return unknown_removals_; }

 private:
  const SaRecord* newest(engine::Direction dir, const base::Hit& peer) const;

  std::vector<SaRecord> records_;
  std::uint64_t installs_ = 0;
  std::uint64_t removals_ = 0;
  std::uint64_t unknown_removals_ = 0;
};

// Empty when `outbound` (installed by one host) and `inbound` (installed by
// its peer) describe the same SA: same SPI, suite, encryption and
// authentication keys, and mirrored HITs. Otherwise says what differs.
std::string sa_mismatch(const engine::InstallSa& outbound, const engine::InstallSa& inbound);

}  // namespace hip::sim
