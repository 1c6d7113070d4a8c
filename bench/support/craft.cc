#include "support/craft.h"

#include <array>

#include "wire/builder.h"
#include "wire/checksum.h"
#include "wire/params/all.h"

namespace hip::bench {

base::Hit random_hit(crypto::Rng& rng) {
  base::Hit h;
  rng.fill(h.bytes);
  h.bytes[0] = 0x20;
  h.bytes[1] = 0x01;
  h.bytes[2] = 0x00;
  h.bytes[3] = 0x22;  // 2001:002/28, then OGA ID 2 (ECDSA/SHA-384)
  return h;
}

base::IpAddress random_address(crypto::Rng& rng) {
  std::array<std::uint8_t, 16> b{};
  rng.fill(b);
  b[0] = 0x20;
  b[1] = 0x01;
  b[2] = 0x0d;
  b[3] = 0xb8;
  b[4] = 0xff;
  b[5] = 0xff;
  return base::IpAddress::v6(b);
}

namespace {

std::vector<std::uint8_t> finish(wire::PacketBuilder& b, std::vector<std::uint8_t>& buf,
                                 const base::IpAddress& from, const base::IpAddress& to) {
  auto done = b.finish();
  buf.resize(done ? done->size() : 0);
  wire::set_hip_checksum(buf, from, to);
  return buf;
}

}  // namespace

std::vector<std::uint8_t> craft_i1(const base::Hit& sender, const base::Hit& receiver,
                                   const base::IpAddress& from, const base::IpAddress& to) {
  static constexpr std::uint8_t kGroups[] = {7, 8, 9, 11, 3};
  std::vector<std::uint8_t> buf(wire::kMaxPacketSize);
  wire::PacketBuilder b(buf, wire::PacketType::i1, sender, receiver);
  (void)b.add(wire::DhGroupList{wire::U8List(std::span<const std::uint8_t>(kGroups))});
  return finish(b, buf, from, to);
}

std::vector<std::uint8_t> craft_update_bad_mac(const base::Hit& sender, const base::Hit& receiver,
                                               const base::IpAddress& from,
                                               const base::IpAddress& to, std::size_t mac_size,
                                               std::uint16_t sig_algorithm, std::size_t sig_size) {
  std::vector<std::uint8_t> buf(wire::kMaxPacketSize);
  wire::PacketBuilder b(buf, wire::PacketType::update, sender, receiver);
  (void)b.add(wire::Seq{1});
  const std::vector<std::uint8_t> mac(mac_size, 0);
  (void)b.add_raw(static_cast<std::uint16_t>(wire::ParamType::hip_mac), mac);
  std::vector<std::uint8_t> sig(2 + sig_size, 0);
  sig[0] = static_cast<std::uint8_t>(sig_algorithm >> 8);
  sig[1] = static_cast<std::uint8_t>(sig_algorithm);
  (void)b.add_raw(static_cast<std::uint16_t>(wire::ParamType::hip_signature), sig);
  return finish(b, buf, from, to);
}

}  // namespace hip::bench
