#include "support/bex_primitives.h"

#include <algorithm>

#include "crypto/digest.h"
#include "crypto/hit.h"
#include "crypto/host_id.h"
#include "crypto/keymat.h"
#include "crypto/mac.h"
#include "crypto/puzzle.h"
#include "crypto/signature.h"
#include "crypto/signature_packet.h"
#include "wire/coverage.h"
#include "wire/packet.h"
#include "wire/params/all.h"

namespace hip::bench {

namespace {

using Bytes = std::vector<std::uint8_t>;

Bytes copy(std::span<const std::uint8_t> s) { return Bytes(s.begin(), s.end()); }

std::optional<wire::PacketView> find_packet(const Capture& packets, wire::PacketType type) {
  for (const auto& p : packets) {
    auto h = wire::parse_header(p);
    if (h && h->type == type) {
      auto view = wire::parse_packet(p);
      if (view) return *view;
    }
  }
  return std::nullopt;
}

// The bytes a MAC of `kind` covers in `packet`.
Bytes mac_coverage(const wire::PacketView& packet, wire::ParamType kind,
                   std::span<const std::uint8_t> host_id_tlv = {}) {
  std::array<std::uint8_t, wire::kMaxPacketSize + 1024> buf{};
  auto covered = wire::covered_bytes(packet, static_cast<std::uint16_t>(kind), buf, host_id_tlv);
  return covered ? copy(*covered) : Bytes{};
}

Bytes signature_coverage(const wire::PacketView& packet, wire::ParamType kind) {
  std::array<std::uint8_t, wire::kMaxPacketSize> buf{};
  auto covered = crypto::signed_bytes(packet, kind, buf);
  return covered ? copy(*covered) : Bytes{};
}

template <class SignatureParam>
Bytes signature_of(const wire::PacketView& packet) {
  auto sig = packet.get<SignatureParam>();
  return sig ? copy(sig->signature) : Bytes{};
}

// What derive_session_keys does with primitives: KEYMAT, the HIP keys, the
// ESP keys, and an HMAC keyed for each direction.
struct Keys {
  std::optional<crypto::HmacKey> mac_out, mac_in;
};

std::optional<Keys> session_keys(crypto::Rhash rhash, const crypto::SecretBytes& kij,
                                 std::span<const std::uint8_t> i, std::span<const std::uint8_t> j,
                                 const base::Hit& hit_i, const base::Hit& hit_r,
                                 std::uint16_t cipher, std::uint16_t suite, bool initiator) {
  auto keymat = crypto::Keymat::derive(rhash, kij.span(), i, j, hit_i, hit_r);
  if (!keymat) return std::nullopt;
  auto hip = crypto::draw_hip_keys(*keymat, static_cast<crypto::HipCipherId>(cipher));
  if (!hip) return std::nullopt;
  auto esp = crypto::draw_esp_keys(*keymat, suite);
  if (!esp) return std::nullopt;
  const base::Hit& local = initiator ? hit_i : hit_r;
  const base::Hit& peer = initiator ? hit_r : hit_i;
  Keys k;
  auto out = crypto::HmacKey::create(rhash, hip->integrity_for_sender(local, peer).span());
  auto in = crypto::HmacKey::create(rhash, hip->integrity_for_sender(peer, local).span());
  if (!out || !in) return std::nullopt;
  k.mac_out = std::move(*out);
  k.mac_in = std::move(*in);
  return k;
}

}  // namespace

std::optional<BexPrimitives> BexPrimitives::from_exchange(const Capture& packets,
                                                          const crypto::PrivateKey& initiator,
                                                          const crypto::PrivateKey& responder,
                                                          const base::IpAddress& initiator_ip,
                                                          const base::IpAddress& responder_ip,
                                                          std::string& why) {
  auto r1 = find_packet(packets, wire::PacketType::r1);
  auto i2 = find_packet(packets, wire::PacketType::i2);
  auto r2 = find_packet(packets, wire::PacketType::r2);
  if (!r1 || !i2 || !r2) {
    why = r1 ? "the exchange stopped after R1" : "the responder sent no R1";
    return std::nullopt;
  }
  BexPrimitives p;
  p.initiator_key_ = &initiator;
  p.responder_key_ = &responder;
  p.hit_i_ = i2->header().sender;
  p.hit_r_ = i2->header().receiver;
  p.ip_i_ = initiator_ip.to_16_bytes();
  p.ip_r_ = responder_ip.to_16_bytes();
  auto rhash = crypto::rhash_for_hit_suite(p.hit_r_.oga_id());
  auto host_id_r = r1->get<wire::HostId>();
  auto host_id_i = i2->get<wire::HostId>();
  auto puzzle = r1->get<wire::Puzzle>();
  auto cipher = i2->get<wire::HipCipher>();
  auto transform = i2->get<wire::EspTransform>();
  auto dh = i2->get<wire::DiffieHellman>();
  auto solution = i2->find(wire::ParamType::solution);
  auto dh_param = i2->find(wire::ParamType::diffie_hellman);
  auto host_id_tlv = r1->find(wire::ParamType::host_id);
  if (!rhash || !host_id_r || !host_id_i || !puzzle || !cipher || !transform || !dh || !solution ||
      !dh_param || !host_id_tlv) {
    why = "a parameter is missing from the captured exchange";
    return std::nullopt;
  }
  p.rhash_ = *rhash;
  p.hip_cipher_ = cipher->ciphers[0];
  p.esp_suite_ = transform->suites[0];
  p.dh_group_ = dh->group_id;
  p.alg_r_ = host_id_r->algorithm;
  p.alg_i_ = host_id_i->algorithm;
  p.hi_r_ = copy(host_id_r->host_identity);
  p.hi_i_ = copy(host_id_i->host_identity);
  p.puzzle_i_ = copy(puzzle->random_i);
  p.solution_ = copy(solution->contents);
  p.dh_param_ = copy(dh_param->contents);
  std::fill(p.secret_.begin(), p.secret_.end(), std::uint8_t{0x5a});
  p.r1_signed_ = signature_coverage(*r1, wire::ParamType::hip_signature_2);
  p.r1_signature_ = signature_of<wire::HipSignature2>(*r1);
  p.i2_mac_covered_ = mac_coverage(*i2, wire::ParamType::hip_mac);
  p.i2_signed_ = signature_coverage(*i2, wire::ParamType::hip_signature);
  p.i2_signature_ = signature_of<wire::HipSignature>(*i2);
  const auto tlv = r1->bytes().subspan(host_id_tlv->offset, host_id_tlv->total_size);
  p.r2_mac_covered_ = mac_coverage(*r2, wire::ParamType::hip_mac_2, tlv);
  p.r2_signed_ = signature_coverage(*r2, wire::ParamType::hip_signature);
  p.r2_signature_ = signature_of<wire::HipSignature>(*r2);
  auto responder_dh = crypto::DhKeyPair::generate(p.dh_group_);
  if (!responder_dh) {
    why = "cannot generate a key of the exchange's DH group";
    return std::nullopt;
  }
  p.responder_dh_ = std::move(*responder_dh);
  if (p.r1_signed_.empty() || p.i2_signed_.empty() || p.r2_signed_.empty() ||
      p.i2_mac_covered_.empty() || p.r2_mac_covered_.empty()) {
    why = "cannot rebuild the MAC or signature coverage of the captured packets";
    return std::nullopt;
  }
  return p;
}

bool BexPrimitives::run(crypto::Rng& rng) const {
  bool ok = true;
  std::array<std::uint8_t, 64> mac{};

  // Responder, I1: #I for this Initiator (r1_for).
  (void)crypto::digest(rhash_, {secret_, hit_i_.bytes, hit_r_.bytes, ip_i_, ip_r_});

  // Initiator, R1.
  auto key_r = crypto::decode_host_identity(alg_r_, hi_r_);
  ok = ok && key_r && crypto::hit_matches(hit_r_, alg_r_, hi_r_);
  ok = ok && crypto::verify_bytes(*key_r, r1_signed_, r1_signature_).has_value();
  auto solution = crypto::solve_puzzle(rhash_, puzzle_i_, hit_i_, hit_r_, 0, rng);
  auto dh_i = crypto::DhKeyPair::generate(dh_group_);
  if (!ok || !solution || !dh_i) return false;
  auto kij_i = dh_i->derive(responder_dh_->public_value());
  if (!kij_i) return false;
  auto keys_i = session_keys(rhash_, *kij_i, puzzle_i_, solution->j(), hit_i_, hit_r_, hip_cipher_,
                             esp_suite_, true);
  if (!keys_i) return false;
  ok = ok && keys_i->mac_out->compute(i2_mac_covered_, mac).has_value();
  ok = ok && crypto::sign_bytes(*initiator_key_, i2_signed_).has_value();

  // Responder, I2.
  (void)crypto::digest(crypto::Rhash::sha256, {solution_, dh_param_});
  (void)crypto::digest(rhash_, {secret_, hit_i_.bytes, hit_r_.bytes, ip_i_, ip_r_});
  ok = ok && crypto::verify_puzzle(rhash_, puzzle_i_, hit_i_, hit_r_, solution->j(), 0).has_value();
  auto kij_r = responder_dh_->derive(dh_i->public_value());
  if (!ok || !kij_r) return false;
  auto keys_r = session_keys(rhash_, *kij_r, puzzle_i_, solution->j(), hit_i_, hit_r_, hip_cipher_,
                             esp_suite_, false);
  auto key_i = crypto::decode_host_identity(alg_i_, hi_i_);
  if (!keys_r || !key_i) return false;
  ok = ok && crypto::hit_matches(hit_i_, alg_i_, hi_i_);
  ok = ok && keys_r->mac_in->compute(i2_mac_covered_, mac).has_value();
  ok = ok && crypto::verify_bytes(*key_i, i2_signed_, i2_signature_).has_value();
  ok = ok && keys_r->mac_out->compute(r2_mac_covered_, mac).has_value();
  ok = ok && crypto::sign_bytes(*responder_key_, r2_signed_).has_value();

  // Initiator, R2.
  ok = ok && keys_i->mac_in->compute(r2_mac_covered_, mac).has_value();
  ok = ok && crypto::verify_bytes(*key_r, r2_signed_, r2_signature_).has_value();
  return ok;
}

}  // namespace hip::bench
