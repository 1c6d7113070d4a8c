#include "esp/encap.h"

#include "base/bytes.h"

namespace hip::esp {

namespace {

EncapResult drop(Sa& sa, Status why) {
  ++sa.counters().traffic.drops[static_cast<std::size_t>(why)];
  EncapResult r;
  r.status = why;
  r.spi = sa.spi();
  return r;
}

}  // namespace

EncapResult encapsulate_on(Sa& sa, const PacketBuffer& pkt, const beet::InnerPacket& inner,
                           Time now) noexcept {
  // RFC 7402 B.1.5 step 1: the inner addresses must be exactly the SA's.
  if (!beet::addresses_match(inner, sa)) return drop(sa, Status::inner_mismatch);

  const TransformSpec& spec = sa.spec();
  const std::size_t payload_offset = pkt.offset + inner.header_bytes;
  const std::size_t payload_bytes = inner.total_bytes - inner.header_bytes;
  // RFC 4303 §2.4: Payload + Padding + Pad Length + Next Header aligned to the
  // block size (4 at least). Minimal padding: we do not hide lengths (no TFC,
  // RFC 7402 §5.1.2 leaves it to future work).
  const std::size_t unpadded = payload_bytes + 2;
  const std::size_t pad = (spec.block_bytes - unpadded % spec.block_bytes) % spec.block_bytes;
  const std::size_t body = unpadded + pad;
  const std::size_t front = kEspHeaderBytes + spec.iv_bytes;
  if (payload_offset < front) return drop(sa, Status::no_headroom);
  const std::size_t esp_offset = payload_offset - front;
  const std::size_t esp_bytes = front + body + spec.icv_bytes;
  if (esp_offset + esp_bytes > pkt.buffer.size()) return drop(sa, Status::no_tailroom);

  std::span<std::uint8_t> esp = pkt.buffer.subspan(esp_offset, esp_bytes);
  const std::uint8_t next_header = inner.protocol;
  if (inner.v4) {
    // RFC 7401 §4.5.1: on the wire the checksum is over the HITs.
    if (!beet::convert_checksum(pkt.buffer.subspan(payload_offset, payload_bytes), next_header, sa,
                                /*outbound=*/true)) {
      return drop(sa, Status::malformed_inner);
    }
  }
  const std::uint64_t seq = sa.next_sequence();
  if (seq == 0) return drop(sa, Status::sequence_exhausted);

  // The inner header's bytes are no longer needed: `inner` was read before.
  base::put_u32(esp, 0, sa.spi());
  base::put_u32(esp, 4, static_cast<std::uint32_t>(seq));  // low 32 bits (RFC 4303 §2.2)
  std::uint8_t* trailer = esp.data() + front + payload_bytes;
  for (std::size_t i = 0; i < pad; ++i) trailer[i] = static_cast<std::uint8_t>(i + 1);  // §2.4
  trailer[pad] = static_cast<std::uint8_t>(pad);
  trailer[pad + 1] = next_header;
  if (!sa.cipher().seal(esp, seq, sa.esn())) return drop(sa, Status::crypto_error);

  SaCounters& c = sa.counters();
  ++c.traffic.packets;
  c.traffic.bytes += inner.total_bytes;
  c.last_used = now;
  c.used = true;
  EncapResult r;
  r.spi = sa.spi();
  r.offset = esp_offset;
  r.length = esp_bytes;
  r.outer = sa.outer();
  r.rekey_due = sa.take_rekey_signal(seq);
  return r;
}

}  // namespace hip::esp
