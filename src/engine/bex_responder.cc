// The Responder's side of the base exchange (RFC 7401 §6.7, §6.9): stateless
// R1s from the cache until an I2 passes every check, then state, SAs and R2.
#include <algorithm>

#include "crypto/cipher.h"
#include "crypto/hit.h"
#include "crypto/host_id.h"
#include "crypto/puzzle.h"
#include "crypto/signature_packet.h"
#include "engine/engine_impl.h"
#include "engine/packet_out.h"
#include "engine/session_keys.h"
#include "wire/params/all.h"

namespace hip::engine {

namespace {

// When an R1 was sent, carried in its PUZZLE Opaque field and echoed in the
// I2's SOLUTION (§5.2.4-5: "data set by the Responder, indexing the puzzle";
// Table 6: "possible Opaque data verification"). 16 bits of 1/128 s wrap
// after 512 s, longer than any R1 generation an I2 may still answer
// (config.h: r1_rotation, and the previous generation).
constexpr base::Duration kEpochTick = std::chrono::nanoseconds(1'000'000'000 / 128);

std::uint16_t epoch_of(base::Time t) {
  return static_cast<std::uint16_t>(t.time_since_epoch() / kEpochTick);
}

// The latest time at which an R1 carrying `epoch` can have been sent. A
// wrapped epoch only ever makes an old R1 look younger, never older.
base::Time r1_sent_before(std::uint16_t epoch, base::Time now) {
  const auto ticks_ago = static_cast<std::uint16_t>(epoch_of(now) - epoch);
  const base::Time tick_start = base::Time(now.time_since_epoch() / kEpochTick * kEpochTick);
  return tick_start - ticks_ago * kEpochTick + kEpochTick;
}

}  // namespace

void Engine::Impl::on_i1(const Incoming& in, Association* a, base::Time now, Actions& out) {
  const std::optional<R1Cache>& cache = r1[in.local_index];
  if (!cache) {
    counters.drop(Drop::internal);
    return;
  }
  // Simultaneous I1s (§4.4.3 Table 3, §6.7): the host with the greater HIT
  // answers, the other drops the I1 and waits for the R1.
  if (a != nullptr && a->state == State::i1_sent && in.local.hit < in.peer_hit) {
    counters.drop(Drop::simultaneous_lost);
    return;
  }
  auto groups = in.packet.get_optional<wire::DhGroupList>();
  if (!groups) {
    counters.drop(Drop::bad_parameters);
    return;
  }
  std::vector<std::uint8_t> initiator_groups;
  if (*groups) initiator_groups.assign((*groups)->groups.begin(), (*groups)->groups.end());
  note_i1_load(now);
  counters.r1_sent++;
  transmit(in.path, cache->r1_for(in.peer_hit, initiator_groups, in.path, epoch_of(now)), out);
}

namespace {

// The Initiator's HOST_ID: in the clear, or inside ENCRYPTED under the
// Initiator's HIP encryption key (§5.2.18, §6.9 step 11). `plain` holds the
// decrypted bytes the returned view points into.
std::optional<wire::HostId> initiator_host_id(const wire::PacketView& i2, const SessionKeys& keys,
                                              std::vector<std::uint8_t>& plain) {
  auto encrypted = i2.get_optional<wire::Encrypted>();
  if (!encrypted) return std::nullopt;
  if (!*encrypted) {
    auto clear = i2.get<wire::HostId>();
    return clear ? std::optional(*clear) : std::nullopt;
  }
  const crypto::HipCipher* cipher = crypto::find_hip_cipher(keys.hip_cipher);
  if (cipher == nullptr) return std::nullopt;
  plain.resize((*encrypted)->iv_and_data.size());
  auto n = crypto::decrypt_parameters(*cipher, keys.encrypt_in.span(), (*encrypted)->iv_and_data, plain);
  if (!n || *n < 4) return std::nullopt;
  const std::span<const std::uint8_t> inner(plain.data(), *n);
  const std::size_t length = base::get_u16(inner, 2);
  if (base::get_u16(inner, 0) != static_cast<std::uint16_t>(wire::ParamType::host_id) ||
      4 + length > inner.size()) {
    return std::nullopt;
  }
  auto host_id = wire::HostId::parse(
      wire::Param{705, inner.subspan(4, length), 0, wire::param_total_size(length)});
  return host_id ? std::optional(*host_id) : std::nullopt;
}

// What makes an I2 "similar" to the one we answered (§6.9 step 4): its
// puzzle solution (#I, #J) and Diffie-Hellman public value, from which every
// key of the exchange derives. A retransmission its sender signed again
// (ECDSA signatures differ every time) or whose unprotected padding changed on
// the way has other bytes but the same exchange: answering it as a new one
// would make a second set of keys that the Initiator, holding the first R2,
// never learns.
crypto::Digest exchange_digest(const wire::PacketView& i2) {
  auto solution = i2.find(wire::ParamType::solution);
  auto dh = i2.find(wire::ParamType::diffie_hellman);
  if (!solution || !dh) return crypto::digest(crypto::Rhash::sha256, {i2.bytes()});
  return crypto::digest(crypto::Rhash::sha256, {solution->contents, dh->contents});
}

}  // namespace

void Engine::Impl::on_i2(const Incoming& in, Association* a, base::Time now, Actions& out) {
  const std::optional<R1Cache>& cache = r1[in.local_index];
  const wire::PacketView& i2 = in.packet;
  if (!cache) {
    counters.drop(Drop::internal);
    return;
  }
  // The Initiator's HIT suite must be one we offered (§6.9 step 3: silently).
  if (!in.peer_hit.is_orchid_v2() ||
      !contains(std::span<const std::uint8_t>(offers.hit_suites),
                static_cast<std::uint8_t>(in.peer_hit.oga_id() << 4))) {
    counters.drop(Drop::unsupported_hit_suite);
    return;
  }
  const crypto::Digest i2_digest = exchange_digest(i2);
  if (a != nullptr) {
    // Crossing I2s (§4.4.3 Table 4): the smaller HIT keeps its own exchange.
    if (a->state == State::i2_sent && in.local.hit < in.peer_hit) {
      counters.drop(Drop::simultaneous_lost);
      return;
    }
    // A retransmitted I2 whose R2 was lost gets the same R2 (§6.9 step 4).
    // Only an authentic one: a tampered copy is dropped as it would be in full.
    if (!a->last_r2.empty() && a->keys && a->peer_key &&
        std::equal(a->last_i2_digest.begin(), a->last_i2_digest.end(), i2_digest.bytes.begin())) {
      if (!crypto::verify_mac(i2, crypto::MacKind::hip_mac, *a->keys->mac_in)) {
        counters.drop(Drop::bad_mac);
      } else if (!crypto::verify_hip_signature(i2, *a->peer_key)) {
        counters.drop(Drop::bad_signature);
      } else {
        transmit(a->path, a->last_r2, out);
      }
      return;
    }
  }

  // Puzzle first: no DH or signature work for an unsolved puzzle (§6.9).
  auto counter = i2.get<wire::R1Counter>();
  const R1Cache::Generation* generation = counter ? cache->generation(counter->counter) : nullptr;
  auto solution = i2.get<wire::Solution>();
  if (generation == nullptr || !solution) {
    counters.drop(Drop::bad_puzzle);
    return;
  }
  const crypto::Rhash rhash = cache->rhash();
  const crypto::Digest expected_i = cache->puzzle_i(*generation, in.peer_hit, in.path);
  if (!crypto::equal_ct(solution->random_i, expected_i.view()) || solution->k != generation->k ||
      !crypto::verify_puzzle(rhash, solution->random_i, in.peer_hit, in.local.hit,
                             solution->random_j, generation->k)) {
    counters.drop(Drop::bad_puzzle);
    return;
  }
  // An I2 answering an R1 we sent before an exchange we initiated completed
  // is a late copy from a simultaneous open that our exchange won (§6.9 step
  // 5): the peer dropped it for ours. Taken as new, it would rekey us alone.
  // A peer that lost its state sends a new I1 first, and our answer to that
  // is younger than our exchange (§4.5.4).
  if (a != nullptr && a->initiated_exchange_done != base::Time{} &&
      r1_sent_before(solution->opaque, now) <= a->initiated_exchange_done) {
    counters.drop(Drop::simultaneous_lost);
    return;
  }

  // Exactly one offered HIP cipher and ESP transform; ESP_INFO as RFC 7402 §6.5 wants it.
  auto cipher = i2.get<wire::HipCipher>();
  auto transform = i2.get<wire::EspTransform>();
  auto formats = i2.get_optional<wire::TransportFormatList>();
  auto esp_info = i2.get<wire::EspInfo>();
  if (!cipher || cipher->ciphers.size() != 1 ||
      !contains(std::span<const std::uint16_t>(offers.hip_ciphers), cipher->ciphers[0])) {
    counters.drop(Drop::no_common_algorithm);
    notify_error(in, wire::notify::kInvalidHipCipherChosen, {}, now, out);
    return;
  }
  if (!transform || transform->suites.size() != 1 ||
      !contains(std::span<const std::uint16_t>(offers.esp_suites), transform->suites[0]) ||
      !formats || (*formats && !(*formats)->formats.contains(4095))) {
    counters.drop(Drop::no_common_algorithm);
    notify_error(in, wire::notify::kInvalidEspTransformChosen, {}, now, out);
    return;
  }
  if (!esp_info || esp_info->old_spi != 0 || esp_info->new_spi < 256) {
    counters.drop(Drop::bad_parameters);
    return;
  }

  // Diffie-Hellman with this generation's key for the group (§6.9 step 8).
  auto dh_param = i2.get<wire::DiffieHellman>();
  const R1Cache::Offer* offer = dh_param ? generation->find(dh_param->group_id) : nullptr;
  if (offer == nullptr) {
    counters.drop(Drop::bad_dh);  // unknown group: silently
    return;
  }
  auto kij = offer->dh.derive(dh_param->public_value);
  if (!kij) {
    counters.drop(Drop::bad_dh);
    return;
  }
  auto keys = derive_session_keys(
      KeyInputs{rhash, *kij, solution->random_i, solution->random_j, in.peer_hit, in.local.hit,
                cipher->ciphers[0], transform->suites[0], dh_param->group_id},
      in.local.hit);
  if (!keys) {
    counters.drop(Drop::internal);
    return;
  }

  // The Initiator's identity, its HIT, then HIP_MAC before the signature.
  std::vector<std::uint8_t> decrypted;
  auto host_id = initiator_host_id(i2, *keys, decrypted);
  auto peer_key = host_id ? crypto::decode_host_identity(*host_id)
                          : base::Result<crypto::PublicKey, crypto::IdentityError>(
                                base::unexpected(crypto::IdentityError::bad_length));
  if (!peer_key || !crypto::hit_matches(in.peer_hit, host_id->algorithm, host_id->host_identity)) {
    counters.drop(Drop::bad_host_id);
    return;
  }
  if (!crypto::verify_mac(i2, crypto::MacKind::hip_mac, *keys->mac_in)) {
    counters.drop(Drop::bad_mac);
    notify_error(in, wire::notify::kHipMacFailed, {}, now, out);
    return;
  }
  if (!crypto::verify_hip_signature(i2, *peer_key)) {
    counters.drop(Drop::bad_signature);
    notify_error(in, wire::notify::kAuthenticationFailed, {}, now, out);
    return;
  }

  // Valid: now, and only now, the Responder keeps state. From ESTABLISHED or
  // any other state this replaces the old association and its SAs (§6.9
  // step 7): that is how a peer that lost its state comes back.
  if (a == nullptr) a = &create(in.local_index, in.peer_hit, in.path, now);
  remove_sas(*a, out);
  forget_exchange(*a);
  a->path = in.path;
  a->peer_key = std::move(*peer_key);
  a->keys = std::move(*keys);
  a->spi_in = allocate_spi(HitPair{in.local.hit, in.peer_hit});
  a->spi_out = esp_info->new_spi;

  auto buf = packet_buffer();
  wire::PacketBuilder b(buf, wire::PacketType::r2, in.local.hit, in.peer_hit);
  bool ok = static_cast<bool>(b.add(wire::EspInfo{0, a->keys->esp_keymat_index, 0, a->spi_in}));
  ok = ok && crypto::add_mac(b, crypto::MacKind::hip_mac_2, *a->keys->mac_out, cache->host_id_tlv());
  ok = ok && seal(b, buf, nullptr, in.local.key, a->path);
  if (!ok) {
    counters.drop(Drop::internal);
    erase(*a, out);
    return;
  }
  install_sas(*a, true, true, out);
  a->last_r2 = buf;
  std::copy_n(i2_digest.bytes.begin(), a->last_i2_digest.size(), a->last_i2_digest.begin());
  a->base_exchanges++;
  counters.base_exchanges_completed++;
  touch(*a, now);
  a->timers.state = now + config.timers.ec;
  transmit(a->path, std::move(buf), out);
  set_state(*a, State::r2_sent, Reason::i2_received, now, out);
}

}  // namespace hip::engine
