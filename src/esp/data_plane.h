// hipstack's userspace ESP data plane: the SA database plus the per-packet
// paths, single packets or batches (for recvmmsg/sendmmsg and multi-packet
// TUN reads). The daemon drives it; the engine only installs, replaces and
// removes SAs (through sas()).
//
// Contract for the per-packet path: no allocation, no clock read (time comes
// in as `now`), no exception, one in-place pass of the cipher over the
// payload. Every packet ends in a Status; drops are counted per SA and here,
// by reason. An unknown SPI comes back as Status::unknown_spi with the SPI, so
// the driver can tell the engine (RFC 7402 §6.2 step 1, RFC 7401 §4.5.4).
//
// Single-threaded: one owner calls everything.
#pragma once

#include <cstddef>
#include <span>

#include "crypto/rng.h"
#include "esp/beet.h"
#include "esp/counters.h"
#include "esp/decap.h"
#include "esp/encap.h"
#include "esp/packet.h"
#include "esp/sa_db.h"

namespace hip::esp {

class DataPlane {
 public:
  // `rng` draws the per-SA CBC IV nonce at install time only.
  explicit DataPlane(crypto::Rng& rng) : sas_(rng) {}

  SaDatabase& sas() { return sas_; }
  const SaDatabase& sas() const { return sas_; }

  // An inner IP packet from the TUN device: finds the outbound SA by the
  // inner addresses (HIT pair, or LSI pair for IPv4) and protects it.
  EncapResult encapsulate(const PacketBuffer& pkt, Time now) noexcept;
  // An ESP packet from a raw/UDP socket: finds the inbound SA by SPI.
  DecapResult decapsulate(const PacketBuffer& pkt, const beet::OuterHints& hints,
                          Time now) noexcept;

  // Batches: out[i] is the result for in[i]; `out` must be at least as long
  // as `in` (extra entries are left alone). Consecutive packets of one flow
  // reuse the SA found for the previous one. `hints` is empty (no outer
  // information) or as long as `in`.
  void encapsulate_batch(std::span<const PacketBuffer> in, std::span<EncapResult> out,
                         Time now) noexcept;
  void decapsulate_batch(std::span<const PacketBuffer> in,
                         std::span<const beet::OuterHints> hints, std::span<DecapResult> out,
                         Time now) noexcept;

  // Totals over every SA, plus drops that happened before an SA was known
  // (no_sa, unknown_spi, malformed_inner of an unparsable packet, ...).
  const DirectionCounters& outbound_counters() const { return outbound_; }
  const DirectionCounters& inbound_counters() const { return inbound_; }

 private:
  EncapResult encapsulate_cached(const PacketBuffer& pkt, Sa*& cache, Time now) noexcept;
  DecapResult decapsulate_cached(const PacketBuffer& pkt, const beet::OuterHints& hints,
                                 Sa*& cache, Time now) noexcept;
  static void count(DirectionCounters& c, Status s, std::size_t bytes) noexcept;

  SaDatabase sas_;
  DirectionCounters outbound_;
  DirectionCounters inbound_;
};

}  // namespace hip::esp
