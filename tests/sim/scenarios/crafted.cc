#include "sim/scenarios/crafted.h"

#include <array>

#include "base/bytes.h"
#include "crypto/signature_packet.h"
#include "wire/builder.h"
#include "wire/checksum.h"
#include "wire/packet.h"
#include "wire/params/all.h"

namespace hip::sim::test {

namespace {

std::vector<std::uint8_t> finished(wire::PacketBuilder& b, std::vector<std::uint8_t>& buf) {
  auto done = b.finish();
  if (!done) return {};
  buf.resize(done->size());
  return buf;
}

}  // namespace

Datagram hip_datagram(const base::IpAddress& from, const base::IpAddress& to,
                      std::vector<std::uint8_t> packet) {
  wire::set_hip_checksum(packet, from, to);
  Datagram d;
  d.src = from;
  d.dst = to;
  d.payload_type = Payload::hip;
  d.payload = std::move(packet);
  return d;
}

std::vector<std::uint8_t> craft_i1(const base::Hit& sender, const base::Hit& receiver) {
  std::vector<std::uint8_t> buf(wire::kMaxPacketSize);
  wire::PacketBuilder b(buf, wire::PacketType::i1, sender, receiver);
  static constexpr std::uint8_t kGroups[] = {7, 8, 9, 11, 3};  // config.h's default order
  (void)b.add(wire::DhGroupList{wire::U8List(std::span<const std::uint8_t>(kGroups))});
  return finished(b, buf);
}

std::vector<std::uint8_t> craft_unauthenticated(wire::PacketType type, const base::Hit& sender,
                                                const base::Hit& receiver) {
  std::vector<std::uint8_t> buf(wire::kMaxPacketSize);
  wire::PacketBuilder b(buf, type, sender, receiver);
  static constexpr std::array<std::uint8_t, 16> kZeros{};
  switch (type) {
    case wire::PacketType::r2:
      (void)b.add(wire::EspInfo{0, 0, 0, 0x1000});
      break;
    case wire::PacketType::update:
      (void)b.add(wire::Seq{7});
      break;
    case wire::PacketType::close:
      (void)b.add(wire::EchoRequestSigned{kZeros});
      break;
    case wire::PacketType::close_ack:
      (void)b.add(wire::EchoResponseSigned{kZeros});
      break;
    case wire::PacketType::notify:
      (void)b.add(wire::Notification{0, wire::notify::kInvalidSyntax, {}});
      break;
    default:
      break;
  }
  return finished(b, buf);
}

std::vector<std::uint8_t> craft_notify(const crypto::PrivateKey& key, const base::Hit& sender,
                                       const base::Hit& receiver, std::uint16_t type,
                                       std::span<const std::uint8_t> data) {
  std::vector<std::uint8_t> buf(wire::kMaxPacketSize);
  wire::PacketBuilder b(buf, wire::PacketType::notify, sender, receiver);
  (void)b.add(wire::Notification{0, type, data});
  auto signature = crypto::sign_for_hip_signature(b.written(), key);
  if (!signature) return {};
  (void)b.add(wire::HipSignature{static_cast<std::uint16_t>(key.algorithm()), *signature});
  return finished(b, buf);
}

std::optional<Datagram> with_flipped_bit(const Datagram& d, wire::ParamType param) {
  auto parsed = wire::parse_packet(d.payload);
  if (!parsed) return std::nullopt;
  auto p = parsed->find(param);
  if (!p || p->contents.empty()) return std::nullopt;
  Datagram copy = d;
  copy.payload[p->offset + 4 + p->contents.size() - 1] ^= 0x01;
  if (!copy.udp) wire::set_hip_checksum(copy.payload, copy.src, copy.dst);
  return copy;
}

std::vector<std::uint8_t> resigned(std::span<const std::uint8_t> packet,
                                   const crypto::PrivateKey& key) {
  auto parsed = wire::parse_packet(packet);
  if (!parsed) return {};
  auto signature = parsed->find(wire::ParamType::hip_signature);
  if (!signature || signature->offset + signature->total_size != parsed->bytes().size()) return {};
  std::vector<std::uint8_t> out(packet.begin(), packet.begin() + static_cast<std::ptrdiff_t>(signature->offset));
  auto value = crypto::sign_for_hip_signature(out, key);
  if (!value) return {};
  const wire::HipSignature param{static_cast<std::uint16_t>(key.algorithm()), *value};
  const std::size_t at = out.size();
  out.resize(at + wire::param_total_size(param.contents_size()), 0);
  base::put_u16(out, at, static_cast<std::uint16_t>(wire::ParamType::hip_signature));
  base::put_u16(out, at + 2, static_cast<std::uint16_t>(param.contents_size()));
  param.write(std::span(out).subspan(at + 4, param.contents_size()));
  out[1] = static_cast<std::uint8_t>(out.size() / 8 - 1);  // Header Length
  return out;
}

std::vector<std::uint8_t> close_nonce(const Datagram& close) {
  auto parsed = wire::parse_packet(close.payload);
  if (!parsed) return {};
  auto echo = parsed->get<wire::EchoRequestSigned>();
  if (!echo) return {};
  return {echo->data.begin(), echo->data.end()};
}

std::optional<NotificationSeen> notification_of(const Datagram& notify) {
  auto parsed = wire::parse_packet(notify.payload);
  if (!parsed) return std::nullopt;
  auto n = parsed->get<wire::Notification>();
  if (!n) return std::nullopt;
  return NotificationSeen{n->notify_type, {n->data.begin(), n->data.end()}};
}

}  // namespace hip::sim::test
