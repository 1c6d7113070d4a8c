// Closing an association, as the seed design specifies and RFC 7401 §6.14-6.15
// adopted:
//
//   CLOSE { ECHO_REQUEST_SIGNED, HIP_MAC, HIP_SIGNATURE }          -->  CLOSING
//   <-- CLOSE_ACK { ECHO_RESPONSE_SIGNED, HIP_MAC, HIP_SIGNATURE }   (peer: CLOSED)
//
// CLOSING retransmits CLOSE until a matching CLOSE_ACK or UAL + MSL have
// passed. CLOSED answers a repeated CLOSE with CLOSE_ACK again (the first may
// have been lost), accepts the CLOSE_ACK to a CLOSE we sent earlier (crossing
// CLOSEs), and forgets the association after 2 × MSL. State is kept until
// UNASSOCIATED; data to send meanwhile starts a new exchange with I1.
#include "crypto/signature_packet.h"
#include "engine/engine_impl.h"
#include "engine/packet_out.h"
#include "wire/params/all.h"

namespace hip::engine {

void Engine::Impl::start_close(Association& a, Reason why, base::Time now, Actions& out) {
  switch (a.state) {
    case State::i2_sent:
    case State::r2_sent:
    case State::established:
      break;
    case State::closing:
    case State::closed:
      return;  // already closing
    case State::unassociated:
    case State::i1_sent:
    case State::e_failed:
      // Nothing authenticated to close: just forget the attempt.
      set_state(a, State::unassociated, why, now, out);
      erase(a, out);
      return;
  }
  remove_sas(a, out);  // CLOSING: "no data can be sent" (§4.4.2)
  rng.fill(a.close_nonce);
  a.close_sent = true;
  a.closing_elapsed = base::Duration::zero();
  a.i1_outstanding = false;
  a.retries = 0;
  a.timers = TimerSlots{};
  send_close(a, out);
  arm_retransmit(a, config.timers.close_timeout, now);
  set_state(a, State::closing, why, now, out);
}

void Engine::Impl::send_close(Association& a, Actions& out) {
  auto buf = packet_buffer();
  wire::PacketBuilder b(buf, wire::PacketType::close, a.local->hit, a.peer_hit);
  if (!b.add(wire::EchoRequestSigned{a.close_nonce}) ||
      !seal(b, buf, &*a.keys->mac_out, a.local->key, a.path)) {
    counters.drop(Drop::internal);
    return;
  }
  a.retransmit_packet = buf;
  transmit(a.path, std::move(buf), out);
}

namespace {

// CLOSE and CLOSE_ACK carry both a HIP_MAC and a HIP_SIGNATURE, and both are
// verified (§6.14, §6.15; the seed: "The receiver peer MUST validate both").
std::optional<Drop> authenticate(const wire::PacketView& packet, Association& a) {
  if (!crypto::verify_mac(packet, crypto::MacKind::hip_mac, *a.keys->mac_in)) return Drop::bad_mac;
  if (!crypto::verify_hip_signature(packet, *a.peer_key)) return Drop::bad_signature;
  return std::nullopt;
}

bool has_authenticated_state(const Association* a) {
  return a != nullptr && a->keys && a->peer_key &&
         (a->state == State::i2_sent || a->state == State::r2_sent ||
          a->state == State::established || a->state == State::closing ||
          a->state == State::closed);
}

}  // namespace

void Engine::Impl::on_close(const Incoming& in, Association* a, base::Time now, Actions& out) {
  if (!has_authenticated_state(a)) {
    // A CLOSE we cannot verify: the seed's UNKNOWN ASSOCIATION answer.
    notify_unknown_association(in, now, out);
    return;
  }
  if (auto failure = authenticate(in.packet, *a)) {
    counters.drop(*failure);
    return;
  }
  auto echo = in.packet.get<wire::EchoRequestSigned>();
  if (!echo) {
    counters.drop(Drop::bad_parameters);
    return;
  }
  auto buf = packet_buffer();
  wire::PacketBuilder b(buf, wire::PacketType::close_ack, a->local->hit, a->peer_hit);
  if (!b.add(wire::EchoResponseSigned{echo->data}) ||
      !seal(b, buf, &*a->keys->mac_out, a->local->key, a->path)) {
    counters.drop(Drop::internal);
    return;
  }
  transmit(a->path, std::move(buf), out);
  touch(*a, now);
  if (a->state == State::closed) return;  // a repeated CLOSE: answered again, stay
  // Crossing CLOSEs land here from CLOSING: we keep our nonce so that the
  // peer's CLOSE_ACK to our CLOSE is still accepted in CLOSED.
  remove_sas(*a, out);
  a->timers.retransmit = base::kNever;
  a->retransmit_packet.clear();
  a->timers.ual = base::kNever;
  a->timers.state = now + 2 * config.timers.msl;
  set_state(*a, State::closed, Reason::close_received, now, out);
}

void Engine::Impl::on_close_ack(const Incoming& in, Association* a, base::Time now,
                                Actions& out) {
  if (a == nullptr) {
    counters.drop(Drop::no_association);
    return;
  }
  if ((a->state != State::closing && a->state != State::closed) || !a->close_sent ||
      !has_authenticated_state(a)) {
    counters.drop(Drop::wrong_state);
    return;
  }
  auto echo = in.packet.get<wire::EchoResponseSigned>();
  if (!echo || !crypto::equal_ct(echo->data, a->close_nonce)) {
    counters.drop(Drop::echo_mismatch);  // not the answer to our CLOSE
    return;
  }
  if (auto failure = authenticate(in.packet, *a)) {
    counters.drop(*failure);
    return;
  }
  set_state(*a, State::unassociated, Reason::close_ack_received, now, out);
  erase(*a, out);
}

}  // namespace hip::engine
