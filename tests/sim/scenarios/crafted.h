// Packets made by test code rather than by an engine, and tampered copies of
// real ones:
//
//   - unauthenticated packets (I1, or an R2/UPDATE/CLOSE_ACK/NOTIFY with
//     dummy contents) for the "Receive ANYOTHER: drop" rows, where the engine
//     must drop the packet because of its state before it looks any further;
//   - a NOTIFY signed with a host's own key (the scenario knows the keys);
//   - a real packet with one bit of one parameter flipped and the checksum
//     fixed, so that it passes the checksum and must fail its MAC or signature.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "base/hit.h"
#include "crypto/host_id_key.h"
#include "sim/datagram.h"
#include "wire/packet_type.h"
#include "wire/param_type.h"

namespace hip::sim::test {

// A datagram carrying `packet` from `from` to `to` over raw IP, with the HIP
// checksum computed for those addresses.
Datagram hip_datagram(const base::IpAddress& from, const base::IpAddress& to,
                      std::vector<std::uint8_t> packet);

// I1 { DH_GROUP_LIST } as an engine with the default policy sends it.
std::vector<std::uint8_t> craft_i1(const base::Hit& sender, const base::Hit& receiver);

// A packet of `type` that no engine would accept from anybody: an R2 with
// ESP_INFO but no MAC, an UPDATE with only SEQ, a CLOSE_ACK echoing 16 zero
// bytes, a CLOSE with a nonce but no MAC and no signature. Only the state
// machine's "drop in this state" rules may look at it.
std::vector<std::uint8_t> craft_unauthenticated(wire::PacketType type, const base::Hit& sender,
                                                const base::Hit& receiver);

// NOTIFY { NOTIFICATION(type, data), HIP_SIGNATURE } signed with `key`.
std::vector<std::uint8_t> craft_notify(const crypto::PrivateKey& key, const base::Hit& sender,
                                       const base::Hit& receiver, std::uint16_t type,
                                       std::span<const std::uint8_t> data);

// A copy of `d` (a HIP packet) with the lowest bit of the last content byte
// of its first `param` flipped and the checksum fixed for d's addresses;
// nullopt when the packet has no such parameter.
std::optional<Datagram> with_flipped_bit(const Datagram& d, wire::ParamType param);

// `packet` with its HIP_SIGNATURE made again with `key` (ECDSA signatures are
// randomised, so the bytes differ while the packet stays authentic): what an
// implementation that rebuilds each retransmission sends. Empty when the
// packet has no HIP_SIGNATURE or nothing follows it may be lost.
std::vector<std::uint8_t> resigned(std::span<const std::uint8_t> packet,
                                   const crypto::PrivateKey& key);

// The ECHO_REQUEST_SIGNED nonce of a CLOSE (empty when there is none).
std::vector<std::uint8_t> close_nonce(const Datagram& close);

// The NOTIFICATION type and data of a NOTIFY, if it has one.
struct NotificationSeen {
  std::uint16_t type = 0;
  std::vector<std::uint8_t> data;
};
std::optional<NotificationSeen> notification_of(const Datagram& notify);

}  // namespace hip::sim::test
