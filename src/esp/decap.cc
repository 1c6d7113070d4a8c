#include "esp/decap.h"

#include "base/bytes.h"

namespace hip::esp {

namespace {

DecapResult drop(Sa& sa, Status why, std::uint64_t seq = 0) {
  ++sa.counters().traffic.drops[static_cast<std::size_t>(why)];
  DecapResult r;
  r.status = why;
  r.spi = sa.spi();
  r.sequence = seq;
  return r;
}

// RFC 4303 §2.4: Pad Length must fit the body, and the Padding bytes are
// 1, 2, 3, ... (the receiver SHOULD check; we do).
bool padding_ok(const std::uint8_t* body, std::size_t body_bytes, std::size_t pad) {
  if (pad + 2 > body_bytes) return false;
  const std::uint8_t* padding = body + body_bytes - 2 - pad;
  for (std::size_t i = 0; i < pad; ++i) {
    if (padding[i] != static_cast<std::uint8_t>(i + 1)) return false;
  }
  return true;
}

}  // namespace

bool peek_spi(const PacketBuffer& pkt, std::uint32_t& spi) noexcept {
  if (pkt.length < 4 || pkt.offset + pkt.length > pkt.buffer.size()) return false;
  spi = base::get_u32(pkt.buffer, pkt.offset);
  return true;
}

DecapResult decapsulate_on(Sa& sa, const PacketBuffer& pkt, const beet::OuterHints& hints,
                           Time now) noexcept {
  const TransformSpec& spec = sa.spec();
  const std::size_t front = kEspHeaderBytes + spec.iv_bytes;
  // Smallest packet: header, IV, Pad Length + Next Header, ICV.
  if (pkt.offset + pkt.length > pkt.buffer.size() || pkt.length < front + 2 + spec.icv_bytes) {
    return drop(sa, Status::truncated);
  }
  const std::size_t body = pkt.length - front - spec.icv_bytes;
  // Only CBC needs whole blocks to decrypt. For stream-like transforms the
  // 4-byte alignment is a sender rule (§2.4) that we do not enforce.
  if (spec.cipher == CipherKind::aes_cbc && body % spec.block_bytes != 0) {
    return drop(sa, Status::bad_length);
  }
  std::span<std::uint8_t> esp = pkt.buffer.subspan(pkt.offset, pkt.length);

  // Anti-replay before the ICV, so replays cost no crypto (§3.4.3).
  const std::uint64_t seq = sa.window().infer(base::get_u32(esp, 4), sa.esn());
  switch (sa.window().check(seq)) {
    case ReplayWindow::Verdict::fresh: break;
    case ReplayWindow::Verdict::replayed: return drop(sa, Status::replayed, seq);
    case ReplayWindow::Verdict::too_old: return drop(sa, Status::too_old, seq);
  }
  switch (sa.cipher().open(esp, seq, sa.esn())) {
    case OpenStatus::ok: break;
    case OpenStatus::bad_icv: return drop(sa, Status::bad_icv, seq);
    case OpenStatus::crypto_error: return drop(sa, Status::crypto_error, seq);
  }
  // Authentic: the window moves even if the contents turn out malformed, so
  // that the same packet is not processed twice.
  sa.window().commit(seq);

  const std::uint8_t* body_ptr = esp.data() + front;
  const std::uint8_t next_header = body_ptr[body - 1];
  const std::size_t pad = body_ptr[body - 2];
  if (!padding_ok(body_ptr, body, pad)) return drop(sa, Status::bad_padding, seq);
  if (next_header == beet::kProtoNone) return drop(sa, Status::dummy_packet, seq);

  const std::size_t payload_offset = pkt.offset + front;
  const std::size_t payload_bytes = body - pad - 2;
  const auto inner = beet::rebuild_inbound(pkt.buffer, payload_offset, payload_bytes, next_header,
                                           sa, hints);
  if (!inner) return drop(sa, inner.error(), seq);

  SaCounters& c = sa.counters();
  DecapResult r;
  r.spi = sa.spi();
  r.offset = inner->offset;
  r.length = inner->length;
  r.sequence = seq;
  r.first_on_sa = !c.used;
  r.rekey_due = sa.take_rekey_signal(sa.window().highest());
  ++c.traffic.packets;
  c.traffic.bytes += inner->length;
  c.last_used = now;
  c.used = true;
  return r;
}

}  // namespace hip::esp
