// The Initiator's side of the base exchange (RFC 7401 §6.6, §6.8, §6.10):
//
//   I1 { DH_GROUP_LIST }                                               -->
//   <-- R1 { R1_COUNTER, PUZZLE, DH_GROUP_LIST, DIFFIE_HELLMAN, HIP_CIPHER,
//            HOST_ID, HIT_SUITE_LIST, TRANSPORT_FORMAT_LIST, ESP_TRANSFORM,
//            HIP_SIGNATURE_2 }
//   I2 { ESP_INFO, R1_COUNTER, SOLUTION, DIFFIE_HELLMAN, HIP_CIPHER, HOST_ID,
//        [ECHO_RESPONSE_SIGNED], TRANSPORT_FORMAT_LIST, ESP_TRANSFORM,
//        HIP_MAC, HIP_SIGNATURE, [ECHO_RESPONSE_UNSIGNED...] }            -->
//   <-- R2 { ESP_INFO, HIP_MAC_2, HIP_SIGNATURE }
#include "crypto/hit.h"
#include "crypto/host_id.h"
#include "crypto/puzzle.h"
#include "crypto/signature_packet.h"
#include "engine/engine_impl.h"
#include "engine/packet_out.h"
#include "engine/session_keys.h"
#include "wire/params/all.h"

namespace hip::engine {

void Engine::Impl::start_bex(Association& a, base::Time now, Actions& out, Reason why) {
  // A new incarnation (§4.4.3 CLOSING/CLOSED rows): CLOSED keeps its keys
  // until the new exchange's R1 arrives, to answer a repeated CLOSE; so does
  // ESTABLISHED repairing SAs that differ from the peer's (on_unknown_spi).
  const bool keep_until_r1 = a.state == State::closed || a.state == State::established;
  if (!keep_until_r1) {
    remove_sas(a, out);
    forget_exchange(a);
  }
  auto buf = packet_buffer();
  wire::PacketBuilder b(buf, wire::PacketType::i1, a.local->hit, a.peer_hit);
  if (!b.add(wire::DhGroupList{wire::U8List(std::span<const std::uint8_t>(offers.dh_groups))}) ||
      !finish_packet(b, buf, a.path)) {
    counters.drop(Drop::internal);
    return;
  }
  a.retransmit_packet = buf;
  a.i1_outstanding = true;
  a.retries = 0;
  arm_retransmit(a, config.timers.i1_timeout, now);
  transmit(a.path, std::move(buf), out);
  if (!keep_until_r1) set_state(a, State::i1_sent, why, now, out);
}

namespace {

// The ECHO_REQUEST_SIGNED (at most one) and ECHO_REQUEST_UNSIGNED (any number)
// of an R1 are answered in the I2 (§5.2.20-23).
std::vector<wire::EchoResponseUnsigned> unsigned_echo_replies(const wire::PacketView& r1) {
  std::vector<wire::EchoResponseUnsigned> replies;
  for (const wire::Param& p : r1) {
    if (p.type != static_cast<std::uint16_t>(wire::ParamType::echo_request_unsigned)) continue;
    if (auto req = wire::EchoRequestUnsigned::parse(p)) replies.push_back({req->data});
  }
  return replies;
}

}  // namespace

void Engine::Impl::on_r1(const Incoming& in, Association* a, base::Time now, Actions& out) {
  if (a == nullptr) {
    counters.drop(Drop::no_association);
    return;
  }
  const wire::PacketView& r1p = in.packet;  // "r1" is the R1 cache member
  auto counter = r1p.get_optional<wire::R1Counter>();
  if (!counter) {
    counters.drop(Drop::bad_parameters);
    return;
  }
  // I1-SENT, or a new incarnation from CLOSING/CLOSED (or a repair from
  // ESTABLISHED, start_bex); in I2-SENT only a newer R1 generation restarts
  // the exchange (§4.4.3 Table 4, §6.8).
  const bool awaiting = a->i1_outstanding &&
                        (a->state == State::i1_sent || a->state == State::closing ||
                         a->state == State::closed || a->state == State::established);
  const bool newer = a->state == State::i2_sent && *counter && a->peer_r1_counter &&
                     (*counter)->counter > *a->peer_r1_counter;
  if (!awaiting && !newer) {
    counters.drop(Drop::wrong_state);
    return;
  }

  // The Responder's identity, then its signature (§6.8 steps 5-10).
  auto host_id = r1p.get<wire::HostId>();
  if (!host_id) {
    counters.drop(Drop::bad_parameters);
    return;
  }
  auto peer_key = crypto::decode_host_identity(*host_id);
  if (!peer_key || !crypto::hit_matches(in.peer_hit, host_id->algorithm, host_id->host_identity)) {
    counters.drop(Drop::bad_host_id);
    return;
  }
  if (!crypto::verify_hip_signature_2(r1p, *peer_key)) {
    counters.drop(Drop::bad_signature);  // §6.8.1: silently
    return;
  }
  auto suites = r1p.get<wire::HitSuiteList>();
  auto rhash = crypto::rhash_for_hit_suite(in.peer_hit.oga_id());
  if (!suites || !rhash ||
      !suites->suites.contains(static_cast<std::uint8_t>(a->local->hit.oga_id() << 4))) {
    counters.drop(Drop::unsupported_hit_suite);
    return;
  }

  // Diffie-Hellman group with downgrade protection (§4.1.7, §6.8 step 4).
  auto dh_param = r1p.get<wire::DiffieHellman>();
  auto dh_list = r1p.get<wire::DhGroupList>();
  if (!dh_param || !dh_list) {
    counters.drop(Drop::bad_parameters);
    return;
  }
  const std::span<const std::uint8_t> our_groups(offers.dh_groups);
  if (!contains(our_groups, dh_param->group_id)) {
    counters.drop(Drop::bad_dh);
    return;
  }
  if (!dh_choice_is_consistent(dh_param->group_id, dh_list->groups, our_groups)) {
    counters.drop(Drop::downgrade);
    return;
  }

  // One HIP cipher, ESP transform and transport format from the offers.
  auto ciphers = r1p.get<wire::HipCipher>();
  auto transforms = r1p.get<wire::EspTransform>();
  auto formats = r1p.get_optional<wire::TransportFormatList>();
  std::optional<std::uint16_t> cipher, suite;
  if (ciphers) cipher = first_acceptable(ciphers->ciphers, std::span<const std::uint16_t>(offers.hip_ciphers));
  if (transforms) suite = first_acceptable(transforms->suites, std::span<const std::uint16_t>(offers.esp_suites));
  const bool esp_ok = !formats || !*formats || (*formats)->formats.contains(4095);
  if (!cipher || !suite || !esp_ok) {
    counters.drop(Drop::no_common_algorithm);
    return;
  }

  // The puzzle (§6.8 step 12): bounded work, no clock.
  auto puzzle = r1p.get<wire::Puzzle>();
  if (!puzzle || puzzle->random_i.size() != crypto::rhash_size(*rhash) ||
      puzzle->k > config.policy.max_puzzle_k) {
    counters.drop(Drop::bad_puzzle);
    return;
  }
  crypto::PuzzleLimits limits;
  limits.max_attempts = std::uint64_t{64} << puzzle->k;
  auto solution = crypto::solve_puzzle(*rhash, puzzle->random_i, a->local->hit, in.peer_hit,
                                       puzzle->k, rng, limits);
  if (!solution) {
    counters.drop(Drop::bad_puzzle);
    return;
  }

  // Our DH key and all session keys.
  auto dh = crypto::DhKeyPair::generate(dh_param->group_id);
  if (!dh) {
    counters.drop(Drop::internal);
    return;
  }
  auto kij = dh->derive(dh_param->public_value);
  if (!kij) {
    counters.drop(Drop::bad_dh);
    return;
  }
  auto keys = derive_session_keys(KeyInputs{*rhash, *kij, puzzle->random_i, solution->j(),
                                            a->local->hit, in.peer_hit, *cipher, *suite,
                                            dh_param->group_id},
                                  a->local->hit);
  if (!keys) {
    counters.drop(Drop::internal);
    return;
  }

  // A restart from I2-SENT or a new incarnation replaces the old exchange.
  remove_sas(*a, out);
  const HitPair key{a->local->hit, a->peer_hit};
  if (a->spi_in != 0) spi_index.erase(a->spi_in);
  a->keys = std::move(*keys);
  a->dh = std::move(*dh);
  a->peer_key = std::move(*peer_key);
  a->peer_r1_counter = *counter ? std::optional((*counter)->counter) : std::nullopt;
  const wire::Param host_id_tlv = *r1p.find(wire::ParamType::host_id);
  const auto tlv = r1p.bytes().subspan(host_id_tlv.offset, host_id_tlv.total_size);
  a->responder_host_id_tlv.assign(tlv.begin(), tlv.end());  // HIP_MAC_2 covers it (§6.4.1)
  a->spi_in = allocate_spi(key);
  a->path = in.path;

  // I2, in wire order.
  auto buf = packet_buffer();
  wire::PacketBuilder b(buf, wire::PacketType::i2, a->local->hit, a->peer_hit);
  const std::uint16_t one_cipher[] = {*cipher};
  const std::uint16_t one_suite[] = {*suite};
  const std::uint16_t esp_format[] = {4095};
  bool ok = static_cast<bool>(b.add(wire::EspInfo{0, a->keys->esp_keymat_index, 0, a->spi_in}));
  if (*counter) ok = ok && b.add(**counter);  // echoed verbatim, Reserved included (§5.2.3)
  ok = ok && b.add(wire::Solution{puzzle->k, 0, puzzle->opaque, puzzle->random_i, solution->j()});
  ok = ok && b.add(wire::DiffieHellman{dh_param->group_id, a->dh->public_value()});
  ok = ok && b.add(wire::HipCipher{wire::U16List(std::span<const std::uint16_t>(one_cipher))});
  ok = ok && b.add(crypto::host_id_param(a->local->host_identity, a->local->domain));
  if (auto echo = r1p.get_optional<wire::EchoRequestSigned>(); echo && *echo) {
    ok = ok && b.add(wire::EchoResponseSigned{(*echo)->data});
  }
  ok = ok && b.add(wire::TransportFormatList{wire::U16List(std::span<const std::uint16_t>(esp_format))});
  ok = ok && b.add(wire::EspTransform{0, wire::U16List(std::span<const std::uint16_t>(one_suite))});
  ok = ok && add_mac_and_signature(b, &*a->keys->mac_out, a->local->key);
  for (const auto& reply : unsigned_echo_replies(r1p)) ok = ok && b.add(reply);
  ok = ok && finish_packet(b, buf, a->path);
  if (!ok) {
    counters.drop(Drop::internal);
    return;
  }

  // RFC 7402 §6.4: the Initiator may receive on its inbound SA from now on.
  install_sas(*a, true, false, out);
  a->i1_outstanding = false;
  a->retransmit_packet = buf;
  a->retries = 0;
  a->timers.state = base::kNever;  // leaving CLOSED: its 2×MSL no longer applies
  arm_retransmit(*a, config.timers.i2_timeout, now);
  touch(*a, now);
  transmit(a->path, std::move(buf), out);
  set_state(*a, State::i2_sent, Reason::r1_received, now, out);
}

void Engine::Impl::on_r2(const Incoming& in, Association* a, base::Time now, Actions& out) {
  if (a == nullptr) {
    counters.drop(Drop::no_association);
    return;
  }
  if (a->state != State::i2_sent || !a->keys || !a->peer_key) {
    counters.drop(Drop::wrong_state);  // §4.4.3: R2 anywhere else is dropped
    return;
  }
  const wire::PacketView& r2 = in.packet;
  if (!crypto::verify_mac(r2, crypto::MacKind::hip_mac_2, *a->keys->mac_in,
                          a->responder_host_id_tlv)) {
    counters.drop(Drop::bad_mac);
    return;
  }
  if (!crypto::verify_hip_signature(r2, *a->peer_key)) {
    counters.drop(Drop::bad_signature);
    return;
  }
  auto esp_info = r2.get<wire::EspInfo>();
  if (!esp_info || esp_info->new_spi < 256 || esp_info->old_spi != 0) {
    counters.drop(Drop::bad_parameters);
    return;
  }
  a->spi_out = esp_info->new_spi;
  install_sas(*a, false, true, out);
  a->retransmit_packet.clear();
  a->timers.retransmit = base::kNever;
  a->responder_host_id_tlv.clear();
  a->dh.reset();
  a->base_exchanges++;
  counters.base_exchanges_completed++;
  a->initiated_exchange_done = now;
  touch(*a, now);
  a->timers.ual = now + config.timers.ual;
  set_state(*a, State::established, Reason::r2_received, now, out);
}

}  // namespace hip::engine
