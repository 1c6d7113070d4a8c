// NOTIFY (RFC 7401 §5.3.6, §6.13): received ones are reported, never acted on
// alone; sent ones answer errors and, as the seed design wants, a CLOSE for an
// association we do not have.
//
//   NOTIFY { NOTIFICATION, HIP_SIGNATURE }
//
// Answers to unauthenticated packets are rate-limited per source and for the
// host (each costs a signature), and never larger than the packet that
// provoked them (no amplification).
#include "crypto/signature.h"
#include "crypto/signature_packet.h"
#include "engine/engine_impl.h"
#include "engine/packet_out.h"
#include "wire/checksum.h"
#include "wire/params/all.h"

namespace hip::engine {

void Engine::Impl::on_notify(const Incoming& in, Association* a, base::Time now, Actions& out) {
  counters.notify_received++;
  const bool verified = a != nullptr && a->peer_key &&
                        crypto::verify_hip_signature(in.packet, *a->peer_key).has_value();
  bool any = false;
  for (const wire::Param& p : in.packet) {
    if (p.type != static_cast<std::uint16_t>(wire::ParamType::notification)) continue;
    auto n = wire::Notification::parse(p);
    if (!n) continue;
    any = true;
    out.push_back(NotifyReceived{in.local.hit, in.peer_hit, n->notify_type, verified});
    // The one NOTIFY we act on: the peer, authenticated by its signature,
    // says it has no association for the CLOSE we keep sending, and echoes
    // that CLOSE's nonce (so it is fresh). Waiting for UAL + MSL would only
    // repeat the same answer.
    if (verified && a->state == State::closing && a->close_sent &&
        n->notify_type == kNotifyUnknownAssociation &&
        crypto::equal_ct(n->data, a->close_nonce)) {
      set_state(*a, State::unassociated, Reason::peer_has_no_association, now, out);
      erase(*a, out);
      return;
    }
  }
  if (!any) counters.drop(Drop::bad_parameters);
}

namespace {

// NOTIFY { NOTIFICATION, HIP_SIGNATURE } from `local` to `peer` along `path`.
std::optional<std::vector<std::uint8_t>> build_notify(const LocalIdentity& local,
                                                      const base::Hit& peer, const Path& path,
                                                      std::uint16_t type,
                                                      std::span<const std::uint8_t> data) {
  auto buf = packet_buffer();
  wire::PacketBuilder b(buf, wire::PacketType::notify, local.hit, peer);
  if (!b.add(wire::Notification{0, type, data}) || !seal(b, buf, nullptr, local.key, path)) {
    return std::nullopt;
  }
  return buf;
}

}  // namespace

void Engine::Impl::notify_unknown_association(const Incoming& in, base::Time now, Actions& out) {
  if (!config.policy.notify_unknown_association) {
    counters.drop(Drop::no_association);
    return;
  }
  // The CLOSE's nonce goes back as the notification data, so its sender can
  // tell this answer belongs to its CLOSE.
  auto echo = in.packet.get<wire::EchoRequestSigned>();
  if (!echo) {
    counters.drop(Drop::bad_parameters);
    return;
  }
  const std::size_t answer_size =
      wire::kHeaderSize + wire::param_total_size(4 + echo->data.size()) +
      wire::param_total_size(2 + crypto::signature_size(in.local.key.public_key()));
  if (answer_size > in.packet.bytes().size()) {
    counters.drop(Drop::no_association);  // would amplify
    return;
  }
  if (!notify_limiter.allow(in.path.peer, now)) {
    counters.drop(Drop::rate_limited);
    return;
  }
  counters.drop(Drop::no_association);  // the CLOSE itself is still dropped
  if (auto notify = build_notify(in.local, in.peer_hit, in.path, kNotifyUnknownAssociation,
                                 echo->data)) {
    counters.notify_sent++;
    transmit(in.path, std::move(*notify), out);
  }
}

// §5.2.1: a packet with a critical parameter we do not know stops being
// processed; we say which type (NOTIFY UNSUPPORTED_CRITICAL_PARAMETER_TYPE,
// data = the 2-byte type). The packet is not authenticated, so the same
// rate limit and size rule as for unknown associations apply.
void Engine::Impl::notify_unsupported_critical(const Received& in, std::uint16_t type,
                                               base::Time now, Actions& out) {
  auto header = wire::parse_header(in.packet);
  if (!header || header->version != wire::kVersion2 || !config.policy.notify_errors) return;
  auto index = identity_index(header->receiver);
  if (!index || header->sender.is_null() || identity_index(header->sender)) return;
  const auto packet = in.packet.first(header->packet_size());
  if (in.path.udp ? header->checksum != 0
                  : !wire::hip_checksum_ok(packet, in.path.peer, in.path.local)) {
    return;
  }
  const LocalIdentity& local = identities[*index];
  const std::size_t answer_size =
      wire::kHeaderSize + wire::param_total_size(4 + 2) +
      wire::param_total_size(2 + crypto::signature_size(local.key.public_key()));
  if (answer_size > header->packet_size() || !notify_limiter.allow(in.path.peer, now)) return;
  const std::uint8_t data[2] = {static_cast<std::uint8_t>(type >> 8), static_cast<std::uint8_t>(type)};
  if (auto notify = build_notify(local, header->sender, in.path,
                                 wire::notify::kUnsupportedCriticalParameterType, data)) {
    counters.notify_sent++;
    transmit(in.path, std::move(*notify), out);
  }
}

void Engine::Impl::notify_error(const Incoming& in, std::uint16_t type,
                                std::span<const std::uint8_t> data, base::Time now,
                                Actions& out) {
  // Only called once the sender has solved our puzzle (§5.2.19: do not
  // notify a host that has not), and still rate-limited.
  if (!config.policy.notify_errors || !notify_limiter.allow(in.path.peer, now)) return;
  if (auto notify = build_notify(in.local, in.peer_hit, in.path, type, data)) {
    counters.notify_sent++;
    transmit(in.path, std::move(*notify), out);
  }
}

}  // namespace hip::engine
