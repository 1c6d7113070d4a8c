// libFuzzer target: ESP decapsulation of arbitrary bytes with live SAs (fixed
// keys, one inbound SA per transform, ESN on and off, one with LSIs), so no
// input may crash, leak or trip a sanitizer. The first byte picks a mode:
//   0-127   the rest is an ESP packet off the wire (SPI picked from a fixed
//           list by byte 1 when the input is short on SPIs),
//   128-191 the rest is an ESP body (payload, padding, Pad Length, Next
//           Header) sealed with the SA's own keys, so that the checks after
//           the ICV (padding, Next Header, BEET rebuild, IPv4 options) see
//           arbitrary authentic contents,
//   192-255 the rest is an inner packet from the TUN device (encapsulation).
// Properties checked besides "no crash": a result's span lies inside the
// buffer, and a sealed body that decapsulates yields a packet whose length
// matches its rebuilt header.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <vector>

#include "base/bytes.h"
#include "crypto/rng.h"
#include "esp/data_plane.h"

namespace {

using namespace hip;

struct Fixture {
  struct Entry {
    std::uint32_t spi;
    std::uint16_t suite;
    std::size_t aes_key;
    bool esn;
    bool lsis;
  };
  static constexpr Entry kEntries[] = {
      {0x101, 1, 16, true, false},  {0x107, 7, 0, true, true},    {0x108, 8, 16, false, false},
      {0x109, 9, 32, true, true},   {0x10c, 12, 16, true, false}, {0x10d, 13, 32, false, true},
      {0x20d, 13, 16, true, false},
  };

  crypto::SeededRng rng{42};
  esp::DataPlane dp{rng};
  std::vector<std::unique_ptr<esp::Sa>> sealers;  // outbound twins with the same keys
  std::vector<std::uint8_t> key = std::vector<std::uint8_t>(64, 0x5a);

  Fixture() {
    for (const Entry& e : kEntries) {
      const auto spec = esp::find_transform(e.suite, e.aes_key);
      esp::SaConfig c;
      c.spi = e.spi;
      c.suite = e.suite;
      c.enc_key = std::span<const std::uint8_t>(key).first(spec->enc_keymat_bytes());
      c.auth_key = std::span<const std::uint8_t>(key).first(spec->auth_keymat_bytes());
      c.own_hit = *base::Hit::parse("2001:21::1");
      c.peer_hit = *base::Hit::parse("2001:21::2");
      c.peer_hit.bytes[14] = static_cast<std::uint8_t>(e.spi >> 8);  // one HIT pair per SA
      c.peer_hit.bytes[15] = static_cast<std::uint8_t>(e.spi);
      if (e.lsis) {
        // A distinct LSI pair per SA (the outbound LSI index is unique).
        c.own_lsi = base::IpAddress::parse(e.spi == 0x107 ? "1.0.0.1" : e.spi == 0x109 ? "1.0.0.3" : "1.0.0.5");
        c.peer_lsi = base::IpAddress::parse("1.0.0.2");
        c.deliver = e.spi == 0x109 ? esp::InnerDelivery::lsi : esp::InnerDelivery::hit;
      }
      c.esn = e.esn;
      c.direction = esp::Direction::inbound;
      if (!dp.sas().install(c)) __builtin_trap();
      c.direction = esp::Direction::outbound;
      if (!dp.sas().install(c)) __builtin_trap();
      auto twin = esp::Sa::create(c, rng);
      if (!twin) __builtin_trap();
      sealers.push_back(std::move(*twin));
    }
  }
};

Fixture& fixture() {
  static Fixture f;
  return f;
}

void check_span(std::size_t offset, std::size_t length, std::size_t size) {
  if (offset > size || length > size - offset) __builtin_trap();
}

void from_wire(Fixture& f, const std::uint8_t* data, std::size_t size) {
  std::vector<std::uint8_t> buf(esp::kEspHeadroom + size + esp::kEspTailroom);
  std::memcpy(buf.data() + esp::kEspHeadroom, data, size);
  if (size >= 5 && data[0] == 0xff) {
    // Point the SPI at a live SA so the per-SA checks run.
    const auto& e = Fixture::kEntries[data[1] % std::size(Fixture::kEntries)];
    base::put_u32(std::span<std::uint8_t>(buf).subspan(esp::kEspHeadroom), 0, e.spi);
  }
  const esp::DecapResult r = f.dp.decapsulate({buf, esp::kEspHeadroom, size}, {}, esp::Time{});
  if (r.status == esp::Status::ok) check_span(r.offset, r.length, buf.size());
}

void sealed_body(Fixture& f, const std::uint8_t* data, std::size_t size) {
  if (size < 1) return;
  const std::size_t which = data[0] % f.sealers.size();
  esp::Sa& sealer = *f.sealers[which];
  esp::Sa* inbound = f.dp.sas().find_inbound(sealer.spi());
  const esp::TransformSpec& spec = sealer.spec();
  std::size_t body = size - 1;
  if (spec.cipher == esp::CipherKind::aes_cbc) body -= body % 16;
  if (body < 2) return;
  const std::size_t front = esp::kEspHeaderBytes + spec.iv_bytes;
  const std::size_t esp_bytes = front + body + spec.icv_bytes;
  std::vector<std::uint8_t> buf(esp::kEspHeadroom + esp_bytes);
  std::span<std::uint8_t> esp = std::span<std::uint8_t>(buf).subspan(esp::kEspHeadroom);
  const std::uint64_t seq = inbound->window().highest() + 1;
  base::put_u32(esp, 0, sealer.spi());
  base::put_u32(esp, 4, static_cast<std::uint32_t>(seq));
  std::memcpy(esp.data() + front, data + 1, body);
  if (!sealer.cipher().seal(esp, seq, sealer.esn())) __builtin_trap();
  const esp::DecapResult r =
      f.dp.decapsulate({buf, esp::kEspHeadroom, esp_bytes}, {.hop_limit = data[0]}, esp::Time{});
  if (r.status == esp::Status::bad_icv || r.status == esp::Status::replayed) __builtin_trap();
  if (r.status != esp::Status::ok) return;
  check_span(r.offset, r.length, buf.size());
  const std::uint8_t* inner = buf.data() + r.offset;
  const std::size_t stated = (inner[0] >> 4) == 6 ? 40 + base::get_u16(buf, r.offset + 4)
                                                  : base::get_u16(buf, r.offset + 2);
  if (stated != r.length) __builtin_trap();
}

void from_tun(Fixture& f, const std::uint8_t* data, std::size_t size) {
  std::vector<std::uint8_t> buf(esp::kEspHeadroom + size + esp::kEspTailroom);
  std::memcpy(buf.data() + esp::kEspHeadroom, data, size);
  // Make the inner addresses those of an SA often enough to reach the crypto.
  if (size >= 40 && (data[0] >> 4) == 6 && data[1] == 0xaa) {
    const auto& e = Fixture::kEntries[data[2] % std::size(Fixture::kEntries)];
    const auto* sa = f.dp.sas().find_inbound(e.spi);
    std::memcpy(buf.data() + esp::kEspHeadroom + 8, sa->own_hit().bytes.data(), 16);
    std::memcpy(buf.data() + esp::kEspHeadroom + 24, sa->peer_hit().bytes.data(), 16);
  }
  const esp::EncapResult r = f.dp.encapsulate({buf, esp::kEspHeadroom, size}, esp::Time{});
  if (r.status == esp::Status::ok) check_span(r.offset, r.length, buf.size());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  Fixture& f = fixture();
  if (data[0] < 128) {
    from_wire(f, data + 1, size - 1);
  } else if (data[0] < 192) {
    sealed_body(f, data + 1, size - 1);
  } else {
    from_tun(f, data + 1, size - 1);
  }
  return 0;
}
