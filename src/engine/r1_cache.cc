#include "engine/r1_cache.h"

#include <algorithm>

#include "base/bytes.h"
#include "crypto/hit.h"
#include "crypto/signature_packet.h"
#include "engine/engine.h"
#include "engine/negotiation.h"
#include "engine/packet_out.h"
#include "wire/builder.h"
#include "wire/params/all.h"

namespace hip::engine {

const R1Cache::Offer* R1Cache::Generation::find(std::uint8_t dh_group) const {
  for (const Offer& o : offers) {
    if (o.dh_group == dh_group) return &o;
  }
  return nullptr;
}

base::Result<R1Cache, std::string_view> R1Cache::create(const LocalIdentity& identity,
                                                        const Policy& policy, crypto::Rng& rng,
                                                        std::uint8_t k, base::Time now) {
  auto rhash = crypto::rhash_for_hit_suite(identity.hit.oga_id());
  if (!rhash) return base::unexpected(std::string_view("our HIT suite has no RHASH"));
  R1Cache cache(identity, policy, *rhash);
  cache.host_id_tlv_ = engine::host_id_tlv(identity);
  // R1_COUNTER may start anywhere (§4.1.4); a random start keeps a restarted
  // host from reusing the counters of its previous run in the common case.
  std::uint8_t start[6];
  rng.fill(start);
  std::uint64_t counter = 0;
  for (std::uint8_t b : start) counter = (counter << 8) | b;
  auto g = cache.build(counter, k, rng);
  if (!g) return base::unexpected(g.error());
  cache.current_ = std::move(*g);
  cache.rotated_at_ = now;
  return cache;
}

base::Result<void, std::string_view> R1Cache::rotate(std::uint8_t k, crypto::Rng& rng,
                                                     base::Time now) {
  auto g = build(current_.counter + 1, k, rng);
  if (!g) return base::unexpected(g.error());
  previous_ = std::move(current_);
  current_ = std::move(*g);
  rotated_at_ = now;
  return {};
}

// R1 in wire order (§5.3.2): R1_COUNTER, PUZZLE, DH_GROUP_LIST, DIFFIE_HELLMAN,
// HIP_CIPHER, HOST_ID, HIT_SUITE_LIST, TRANSPORT_FORMAT_LIST, ESP_TRANSFORM,
// HIP_SIGNATURE_2.
base::Result<R1Cache::Generation, std::string_view> R1Cache::build(std::uint64_t counter,
                                                                   std::uint8_t k,
                                                                   crypto::Rng& rng) const {
  Generation g;
  g.counter = counter;
  g.k = k;
  rng.fill_secret(g.secret);
  const Offers offers = Offers::from(*policy_);
  const std::vector<std::uint8_t> zero_i(crypto::rhash_size(rhash_), 0);
  auto host_id = crypto::host_id_param(identity_->host_identity, identity_->domain);
  for (std::uint8_t group : offers.dh_groups) {
    auto dh = crypto::DhKeyPair::generate(group);
    if (!dh) continue;
    std::vector<std::uint8_t> buf(wire::kMaxPacketSize);
    wire::PacketBuilder b(buf, wire::PacketType::r1, identity_->hit, base::Hit{});
    bool ok = static_cast<bool>(b.add(wire::R1Counter{0, counter}));
    const std::size_t puzzle_at = b.size();
    ok = ok && b.add(wire::Puzzle{k, policy_->puzzle_lifetime, 0, zero_i});
    ok = ok && b.add(wire::DhGroupList{wire::U8List(std::span<const std::uint8_t>(offers.dh_groups))});
    ok = ok && b.add(wire::DiffieHellman{group, dh->public_value()});
    ok = ok && b.add(wire::HipCipher{wire::U16List(std::span<const std::uint16_t>(offers.hip_ciphers))});
    ok = ok && b.add(host_id);
    ok = ok && b.add(wire::HitSuiteList{wire::U8List(std::span<const std::uint8_t>(offers.hit_suites))});
    ok = ok && b.add(wire::TransportFormatList{
                   wire::U16List(std::span<const std::uint16_t>(offers.transport_formats))});
    ok = ok && b.add(wire::EspTransform{0, wire::U16List(std::span<const std::uint16_t>(offers.esp_suites))});
    if (!ok) return base::unexpected(std::string_view("R1 does not fit a HIP packet"));
    auto sig = crypto::sign_for_hip_signature_2(b.written(), identity_->key);
    if (!sig) return base::unexpected(std::string_view("cannot sign R1"));
    if (!b.add(wire::HipSignature2{static_cast<std::uint16_t>(identity_->key.algorithm()), *sig})) {
      return base::unexpected(std::string_view("R1 does not fit a HIP packet"));
    }
    auto done = b.finish();
    buf.resize(done->size());
    g.offers.push_back(Offer{group, std::move(*dh), std::move(buf), puzzle_at + 4 + 4});
  }
  if (g.offers.empty()) return base::unexpected(std::string_view("no usable DH group"));
  return g;
}

std::uint8_t R1Cache::choose_group(std::span<const std::uint8_t> initiator_groups) const {
  std::vector<std::uint8_t> ours;
  for (const Offer& o : current_.offers) ours.push_back(o.dh_group);
  return responder_dh_choice(ours, initiator_groups);
}

std::vector<std::uint8_t> R1Cache::r1_for(const base::Hit& initiator,
                                          std::span<const std::uint8_t> initiator_groups,
                                          const Path& path, std::uint16_t opaque) const {
  const Offer* offer = current_.find(choose_group(initiator_groups));
  std::vector<std::uint8_t> r1 = offer->r1;
  std::copy(initiator.bytes.begin(), initiator.bytes.end(), r1.begin() + 24);
  base::put_u16(r1, offer->puzzle_i_offset - 2, opaque);  // Opaque sits just before #I
  auto i = puzzle_i(current_, initiator, path);
  std::copy(i.bytes.begin(), i.bytes.begin() + static_cast<std::ptrdiff_t>(i.size),
            r1.begin() + static_cast<std::ptrdiff_t>(offer->puzzle_i_offset));
  finish_checksum(r1, path);
  return r1;
}

const R1Cache::Generation* R1Cache::generation(std::uint64_t counter) const {
  if (current_.counter == counter) return &current_;
  if (previous_ && previous_->counter == counter) return &*previous_;
  return nullptr;
}

crypto::Digest R1Cache::puzzle_i(const Generation& g, const base::Hit& initiator,
                                 const Path& path) const {
  const auto ip_i = path.peer.to_16_bytes();
  const auto ip_r = path.local.to_16_bytes();
  return crypto::digest(rhash_, {g.secret, initiator.bytes, identity_->hit.bytes, ip_i, ip_r});
}

}  // namespace hip::engine
