// UPDATE (RFC 7401 §6.11-6.12). This release handles the parts the state
// machine needs: an authenticated UPDATE confirms the peer has our keys
// (R2-SENT -> ESTABLISHED, §4.4.3 Table 5), and each SEQ is acknowledged.
// Rekeying (ESP_INFO with DIFFIE_HELLMAN, RFC 7402 §6.8-6.10) and mobility
// (LOCATOR_SET, RFC 8046) hook in here later; until then an UPDATE asking for
// them is acknowledged but not acted upon.
//
//   UPDATE { [SEQ], [ACK], HIP_MAC, HIP_SIGNATURE }   -->
//   <-- UPDATE { ACK, HIP_MAC, HIP_SIGNATURE }
#include "crypto/signature_packet.h"
#include "engine/engine_impl.h"
#include "engine/packet_out.h"
#include "wire/params/all.h"

namespace hip::engine {

void Engine::Impl::on_update(const Incoming& in, Association* a, base::Time now, Actions& out) {
  if (a == nullptr) {
    counters.drop(Drop::no_association);
    return;
  }
  if ((a->state != State::r2_sent && a->state != State::established) || !a->keys || !a->peer_key) {
    counters.drop(Drop::wrong_state);
    return;
  }
  if (!crypto::verify_mac(in.packet, crypto::MacKind::hip_mac, *a->keys->mac_in)) {
    counters.drop(Drop::bad_mac);
    return;
  }
  if (!crypto::verify_hip_signature(in.packet, *a->peer_key)) {
    counters.drop(Drop::bad_signature);
    return;
  }
  auto seq = in.packet.get_optional<wire::Seq>();
  auto ack = in.packet.get_optional<wire::Ack>();
  if (!seq || !ack || (!*seq && !*ack)) {
    counters.drop(Drop::bad_parameters);  // §5.3.5: at least one of SEQ and ACK
    return;
  }
  touch(*a, now);
  if (a->state == State::r2_sent) {
    a->timers.state = base::kNever;
    a->timers.ual = now + config.timers.ual;
    set_state(*a, State::established, Reason::data_received, now, out);
  }
  if (!*seq) return;
  const std::uint32_t id[] = {(*seq)->update_id};
  auto buf = packet_buffer();
  wire::PacketBuilder b(buf, wire::PacketType::update, a->local->hit, a->peer_hit);
  if (!b.add(wire::Ack{wire::U32List(std::span<const std::uint32_t>(id))}) ||
      !seal(b, buf, &*a->keys->mac_out, a->local->key, a->path)) {
    counters.drop(Drop::internal);
    return;
  }
  transmit(a->path, std::move(buf), out);
}

}  // namespace hip::engine
