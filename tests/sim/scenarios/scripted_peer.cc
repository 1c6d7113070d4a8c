#include "sim/scenarios/scripted_peer.h"

#include <stdexcept>

#include "crypto/cipher.h"
#include "crypto/dh.h"
#include "crypto/host_id.h"
#include "crypto/keymat.h"
#include "crypto/puzzle.h"
#include "crypto/rhash.h"
#include "crypto/signature_packet.h"
#include "sim/scenarios/crafted.h"
#include "sim/seeded_key.h"
#include "sim/simulator.h"
#include "wire/builder.h"
#include "wire/packet.h"
#include "wire/params/all.h"

namespace hip::sim::test {

namespace {

constexpr std::uint32_t kScriptedSpi = 0x5c1e0001;  // our inbound SPI (unused: no ESP here)
constexpr std::uint16_t kEspFormat = 4095;           // TRANSPORT_FORMAT_LIST: ESP (§5.2.11)

// Signs what `b` holds so far with HIP_SIGNATURE (or _2) and appends it.
bool add_signature(wire::PacketBuilder& b, const crypto::PrivateKey& key, bool second) {
  auto signature = second ? crypto::sign_for_hip_signature_2(b.written(), key)
                          : crypto::sign_for_hip_signature(b.written(), key);
  if (!signature) return false;
  const auto alg = static_cast<std::uint16_t>(key.algorithm());
  return second ? static_cast<bool>(b.add(wire::HipSignature2{alg, *signature}))
                : static_cast<bool>(b.add(wire::HipSignature{alg, *signature}));
}

std::vector<std::uint8_t> finish(wire::PacketBuilder& b, std::vector<std::uint8_t>& buf) {
  auto done = b.finish();
  if (!done) return {};
  buf.resize(done->size());
  return buf;
}

}  // namespace

ScriptedPeer::ScriptedPeer(Simulator& sim, std::string name, base::IpAddress address)
    : Node(sim, std::move(name)) {
  if (!sim.network().attach(*this, address)) throw std::runtime_error("address taken");
  crypto::SeededRng key_rng(sim.derive_seed("identity " + this->name()));
  auto key = derive_private_key(crypto::KeyKind::ecdsa_p256, key_rng);
  if (!key) throw std::runtime_error("scripted peer: " + key.error());
  auto id = engine::LocalIdentity::from_key(std::move(*key));
  if (!id) throw std::runtime_error("scripted peer: no identity");
  identity_ = std::move(*id);
  rng_ = std::make_unique<crypto::SeededRng>(sim.derive_seed("scripted " + this->name()));
}

ScriptedPeer::~ScriptedPeer() = default;

std::size_t ScriptedPeer::received_count(wire::PacketType type) const {
  std::size_t n = 0;
  for (const auto& d : received_) {
    if (auto h = wire::parse_header(d.payload); h && h->type == type) ++n;
  }
  return n;
}

void ScriptedPeer::send_packet(const base::IpAddress& to, std::vector<std::uint8_t> packet) {
  send(hip_datagram(address(), to, std::move(packet)));
}

void ScriptedPeer::start_base_exchange(const base::Hit& responder, const base::IpAddress& at) {
  responder_ = responder;
  responder_address_ = at;
  send_packet(at, craft_i1(hit(), responder));
}

void ScriptedPeer::on_datagram(const Datagram& d) {
  if (d.payload_type != Payload::hip) return;
  received_.push_back(d);
  auto h = wire::parse_header(d.payload);
  if (!h) return;
  switch (h->type) {
    case wire::PacketType::i1: answer_i1(d); break;
    case wire::PacketType::r1: on_r1(d); break;
    case wire::PacketType::r2: on_r2(d); break;
    default: break;
  }
}

void ScriptedPeer::on_r1(const Datagram& d) {
  if (!i2_.empty()) return;  // one exchange per scripted peer
  auto r1 = wire::parse_packet(d.payload);
  if (!r1 || r1->header().sender != responder_) return;
  auto counter = r1->get<wire::R1Counter>();
  auto puzzle = r1->get<wire::Puzzle>();
  auto dh = r1->get<wire::DiffieHellman>();
  auto ciphers = r1->get<wire::HipCipher>();
  auto suites = r1->get<wire::EspTransform>();
  auto rhash = crypto::rhash_for_hit_suite(responder_.oga_id());
  if (!counter || !puzzle || !dh || !ciphers || !suites || !rhash) return;

  // The Responder's first HIP cipher and ESP suite that crypto/ can key.
  std::optional<std::uint16_t> cipher, suite;
  for (std::uint16_t c : ciphers->ciphers) {
    if (!cipher && crypto::find_hip_cipher(c) != nullptr) cipher = c;
  }
  for (std::uint16_t s : suites->suites) {
    if (!suite && crypto::esp_key_sizes(s)) suite = s;
  }
  if (!cipher || !suite) return;

  auto solution = crypto::solve_puzzle(*rhash, puzzle->random_i, hit(), responder_, puzzle->k, *rng_);
  auto dh_key = crypto::DhKeyPair::generate(dh->group_id);
  if (!solution || !dh_key) return;
  auto kij = dh_key->derive(dh->public_value);
  if (!kij) return;
  auto keymat = crypto::Keymat::derive(*rhash, kij->span(), puzzle->random_i, solution->j(), hit(),
                                       responder_);
  if (!keymat) return;
  auto hip_keys = crypto::draw_hip_keys(*keymat, crypto::find_hip_cipher(*cipher)->id);
  if (!hip_keys) return;
  const auto esp_index = static_cast<std::uint16_t>(keymat->index());
  auto mac = crypto::HmacKey::create(*rhash, hip_keys->integrity_for_sender(hit(), responder_).span());
  if (!mac) return;
  mac_out_ = std::move(*mac);

  std::vector<std::uint8_t> buf(wire::kMaxPacketSize);
  wire::PacketBuilder b(buf, wire::PacketType::i2, hit(), responder_);
  const std::uint16_t one_cipher[] = {*cipher};
  const std::uint16_t one_suite[] = {*suite};
  const std::uint16_t formats[] = {kEspFormat};
  bool ok = static_cast<bool>(b.add(wire::EspInfo{0, esp_index, 0, kScriptedSpi}));
  ok = ok && b.add(*counter);
  ok = ok && b.add(wire::Solution{puzzle->k, 0, puzzle->opaque, puzzle->random_i, solution->j()});
  ok = ok && b.add(wire::DiffieHellman{dh->group_id, dh_key->public_value()});
  ok = ok && b.add(wire::HipCipher{wire::U16List(std::span<const std::uint16_t>(one_cipher))});
  ok = ok && b.add(crypto::host_id_param(identity_->host_identity, identity_->domain));
  ok = ok && b.add(wire::TransportFormatList{wire::U16List(std::span<const std::uint16_t>(formats))});
  ok = ok && b.add(wire::EspTransform{0, wire::U16List(std::span<const std::uint16_t>(one_suite))});
  ok = ok && crypto::add_mac(b, crypto::MacKind::hip_mac, *mac_out_);
  ok = ok && add_signature(b, identity_->key, false);
  if (!ok) return;
  i2_ = finish(b, buf);
  send_packet(d.src, i2_);
}

void ScriptedPeer::on_r2(const Datagram& d) {
  auto r2 = wire::parse_packet(d.payload);
  if (!r2) return;
  if (auto info = r2->get<wire::EspInfo>()) peer_spi_ = info->new_spi;
}

bool ScriptedPeer::send_update(std::uint32_t update_id) {
  if (!mac_out_) return false;
  std::vector<std::uint8_t> buf(wire::kMaxPacketSize);
  wire::PacketBuilder b(buf, wire::PacketType::update, hit(), responder_);
  bool ok = static_cast<bool>(b.add(wire::Seq{update_id}));
  ok = ok && crypto::add_mac(b, crypto::MacKind::hip_mac, *mac_out_);
  ok = ok && add_signature(b, identity_->key, false);
  if (!ok) return false;
  send_packet(responder_address_, finish(b, buf));
  return true;
}

void ScriptedPeer::answer_i1(const Datagram& d) {
  if (!r1_hit_suites_) return;
  auto i1 = wire::parse_header(d.payload);
  if (!i1) return;
  std::vector<std::uint8_t> buf(wire::kMaxPacketSize);
  wire::PacketBuilder b(buf, wire::PacketType::r1, hit(), i1->sender);
  const std::array<std::uint8_t, 32> random_i{};
  bool ok = static_cast<bool>(b.add(wire::R1Counter{0, 1}));
  ok = ok && b.add(wire::Puzzle{0, 37, 0, random_i});
  ok = ok && b.add(crypto::host_id_param(identity_->host_identity, identity_->domain));
  ok = ok && b.add(wire::HitSuiteList{wire::U8List(std::span<const std::uint8_t>(*r1_hit_suites_))});
  ok = ok && add_signature(b, identity_->key, true);
  if (!ok) return;
  send_packet(d.src, finish(b, buf));
}

}  // namespace hip::sim::test
