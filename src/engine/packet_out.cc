#include "engine/packet_out.h"

#include "base/bytes.h"
#include "crypto/host_id.h"
#include "crypto/signature_packet.h"
#include "engine/engine.h"
#include "wire/checksum.h"
#include "wire/params/identity.h"

namespace hip::engine {

std::vector<std::uint8_t> host_id_tlv(const LocalIdentity& identity) {
  const wire::HostId param = crypto::host_id_param(identity.host_identity, identity.domain);
  std::vector<std::uint8_t> tlv(wire::param_total_size(param.contents_size()), 0);
  base::put_u16(tlv, 0, static_cast<std::uint16_t>(wire::ParamType::host_id));
  base::put_u16(tlv, 2, static_cast<std::uint16_t>(param.contents_size()));
  param.write(std::span(tlv).subspan(4, param.contents_size()));
  return tlv;
}

void finish_checksum(std::span<std::uint8_t> packet, const Path& path) {
  if (path.udp) {
    base::put_u16(packet, 4, 0);
  } else {
    wire::set_hip_checksum(packet, path.local, path.peer);
  }
}

bool add_mac_and_signature(wire::PacketBuilder& builder, crypto::HmacKey* mac,
                           const crypto::PrivateKey& key) {
  if (mac != nullptr && !crypto::add_mac(builder, crypto::MacKind::hip_mac, *mac)) return false;
  auto signature = crypto::sign_for_hip_signature(builder.written(), key);
  if (!signature) return false;
  return static_cast<bool>(
      builder.add(wire::HipSignature{static_cast<std::uint16_t>(key.algorithm()), *signature}));
}

bool finish_packet(wire::PacketBuilder& builder, std::vector<std::uint8_t>& buffer,
                   const Path& path) {
  auto done = builder.finish();
  if (!done) return false;
  buffer.resize(done->size());
  finish_checksum(buffer, path);
  return true;
}

}  // namespace hip::engine
