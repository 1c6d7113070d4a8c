#include "esp/data_plane.h"

#include <cstring>

namespace hip::esp {

void DataPlane::count(DirectionCounters& c, Status s, std::size_t bytes) noexcept {
  if (s == Status::ok) {
    ++c.packets;
    c.bytes += bytes;
  } else {
    ++c.drops[static_cast<std::size_t>(s)];
  }
}

EncapResult DataPlane::encapsulate(const PacketBuffer& pkt, Time now) noexcept {
  Sa* cache = nullptr;
  return encapsulate_cached(pkt, cache, now);
}

DecapResult DataPlane::decapsulate(const PacketBuffer& pkt, const beet::OuterHints& hints,
                                   Time now) noexcept {
  Sa* cache = nullptr;
  return decapsulate_cached(pkt, hints, cache, now);
}

EncapResult DataPlane::encapsulate_cached(const PacketBuffer& pkt, Sa*& cache, Time now) noexcept {
  EncapResult r;
  if (pkt.offset > pkt.buffer.size() || pkt.length > pkt.buffer.size() - pkt.offset) {
    r.status = Status::malformed_inner;
    count(outbound_, r.status, 0);
    return r;
  }
  const auto inner = beet::parse_inner(pkt.buffer.subspan(pkt.offset, pkt.length));
  if (!inner) {
    r.status = inner.error();
    count(outbound_, r.status, 0);
    return r;
  }
  Sa* sa = cache;
  if (sa == nullptr || !beet::addresses_match(*inner, *sa)) {
    if (inner->v4) {
      sa = sas_.find_outbound_lsi(inner->src, inner->dst);
    } else {
      base::Hit own;
      base::Hit peer;
      std::memcpy(own.bytes.data(), inner->src, 16);
      std::memcpy(peer.bytes.data(), inner->dst, 16);
      sa = sas_.find_outbound(own, peer);
    }
  }
  if (sa == nullptr) {
    r.status = Status::no_sa;
    count(outbound_, r.status, 0);
    return r;
  }
  cache = sa;
  r = encapsulate_on(*sa, pkt, *inner, now);
  count(outbound_, r.status, inner->total_bytes);
  return r;
}

DecapResult DataPlane::decapsulate_cached(const PacketBuffer& pkt, const beet::OuterHints& hints,
                                          Sa*& cache, Time now) noexcept {
  DecapResult r;
  if (!peek_spi(pkt, r.spi)) {
    r.status = Status::truncated;
    count(inbound_, r.status, 0);
    return r;
  }
  Sa* sa = (cache != nullptr && cache->spi() == r.spi) ? cache : sas_.find_inbound(r.spi);
  if (sa == nullptr) {
    r.status = Status::unknown_spi;
    count(inbound_, r.status, 0);
    return r;
  }
  cache = sa;
  r = decapsulate_on(*sa, pkt, hints, now);
  count(inbound_, r.status, r.length);
  return r;
}

void DataPlane::encapsulate_batch(std::span<const PacketBuffer> in, std::span<EncapResult> out,
                                  Time now) noexcept {
  Sa* cache = nullptr;
  const std::size_t n = in.size() < out.size() ? in.size() : out.size();
  for (std::size_t i = 0; i < n; ++i) out[i] = encapsulate_cached(in[i], cache, now);
}

void DataPlane::decapsulate_batch(std::span<const PacketBuffer> in,
                                  std::span<const beet::OuterHints> hints,
                                  std::span<DecapResult> out, Time now) noexcept {
  static constexpr beet::OuterHints kNoHints{};
  Sa* cache = nullptr;
  const std::size_t n = in.size() < out.size() ? in.size() : out.size();
  for (std::size_t i = 0; i < n; ++i) {
    const beet::OuterHints& h = i < hints.size() ? hints[i] : kNoHints;
    out[i] = decapsulate_cached(in[i], h, cache, now);
  }
}

}  // namespace hip::esp
