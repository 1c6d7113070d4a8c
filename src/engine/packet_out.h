// Small helpers for building the packets the engine sends: our HOST_ID TLV,
// MAC + signature at the end of a packet, and the checksum for its path.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "crypto/host_id_key.h"
#include "crypto/mac.h"
#include "engine/actions.h"
#include "wire/builder.h"

namespace hip::engine {

struct LocalIdentity;

// A buffer for one HIP packet (never larger than RFC 7401's 2048 bytes).
inline std::vector<std::uint8_t> packet_buffer() {
  return std::vector<std::uint8_t>(wire::kMaxPacketSize);
}

// Our HOST_ID parameter as a whole TLV (type, length, contents, padding).
std::vector<std::uint8_t> host_id_tlv(const LocalIdentity& identity);

// Raw IP: the HIP checksum over this path's pseudo-header. UDP: zero (RFC
// 5770 §5.1).
void finish_checksum(std::span<std::uint8_t> packet, const Path& path);

// Appends HIP_MAC (when `mac` is given) and HIP_SIGNATURE. False if the MAC,
// the signature or space failed.
bool add_mac_and_signature(wire::PacketBuilder& builder, crypto::HmacKey* mac,
                           const crypto::PrivateKey& key);
// Finishes the packet, trims `buffer` (the builder's) to it and fills the
// checksum for `path`.
bool finish_packet(wire::PacketBuilder& builder, std::vector<std::uint8_t>& buffer,
                   const Path& path);
// Both, for packets that end with their signature.
inline bool seal(wire::PacketBuilder& builder, std::vector<std::uint8_t>& buffer,
                 crypto::HmacKey* mac, const crypto::PrivateKey& key, const Path& path) {
  return add_mac_and_signature(builder, mac, key) && finish_packet(builder, buffer, path);
}

}  // namespace hip::engine
