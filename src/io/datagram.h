// The shapes in which packets cross io/: caller-owned buffers described by
// (buffer, offset, length) exactly as esp::PacketBuffer describes them, so a
// driver passes them to esp::DataPlane without copying (io/ itself depends on
// nothing but base/).
//
//   received datagram, read at `offset` (raw IPv4 keeps the kernel's header):
//     | headroom | [IPv4 header] | payload ....................... | room |
//     0          offset          payload_offset   +length
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "base/ip_address.h"
#include "io/error.h"

namespace hip::io {

inline constexpr std::uint8_t kProtoEsp = 50;   // RFC 4303
inline constexpr std::uint8_t kProtoHip = 139;  // RFC 7401 §5.1 (Next Header value of HIP)

// Both ends of a datagram. Ports are 0 on raw sockets. A default-constructed
// (all-zero) `local` lets the kernel choose the source.
struct Addressing {
  base::IpAddress local;
  base::IpAddress peer;
  std::uint16_t local_port = 0;
  std::uint16_t peer_port = 0;
  // Receive: the interface it arrived on (0 when unknown). Send: the
  // interface to leave by (0: routing decides); needed for link-local peers.
  std::uint32_t ifindex = 0;

  friend bool operator==(const Addressing&, const Addressing&) = default;
};

enum class RecvStatus : std::uint8_t {
  ok,
  truncated,      // longer than the room after `offset`: drop it
  bad_ip_header,  // raw IPv4: the kernel's header did not parse (never expected)
};

// One receive slot. The caller sets `buffer` and `offset`; a receive call
// sets the rest for each slot it fills.
struct RecvSlot {
  std::span<std::uint8_t> buffer;
  std::size_t offset = 0;

  RecvStatus status = RecvStatus::ok;
  std::size_t payload_offset = 0;   // where the payload starts in `buffer`
  std::size_t length = 0;           // payload bytes
  std::size_t ip_header_bytes = 0;  // raw IPv4: the header skipped (options included)
  Addressing addressing;            // local = destination, peer = source
  std::uint8_t hop_limit = 0;       // TTL / hop limit; 0 when unknown
  std::uint8_t tclass = 0;          // TOS / traffic class

  std::span<std::uint8_t> payload() const { return buffer.subspan(payload_offset, length); }
};

// One datagram to send. `payload` may point into a larger buffer (the ESP
// packet inside its headroom/tailroom buffer): only these bytes are sent.
struct SendItem {
  std::span<const std::uint8_t> payload;
  Addressing addressing;  // local = source (must be ours), peer = destination
  // UDP only: send the RFC 5770 §5.1 32-bit zero marker before `payload`
  // (HIP control packets). A raw socket refuses items with it set (EINVAL).
  bool hip_marker = false;
};

// What a batched send did. Items [0, handled) were either sent or failed on
// their own (bad address, EMSGSIZE, no route, ...); items from `handled` on
// were not tried because the socket buffer was full (EAGAIN): retry them on
// writability, or drop them.
struct SendReport {
  std::size_t handled = 0;
  std::size_t sent = 0;
  std::size_t failed = 0;
  Error last_error;  // the last per-item failure; code 0 when none

  bool blocked(std::size_t total) const noexcept { return handled < total; }
};

// One packet of the TUN device, in a caller-owned buffer: read at `offset`,
// written from `offset` for `length` bytes.
struct PacketSlot {
  std::span<std::uint8_t> buffer;
  std::size_t offset = 0;
  std::size_t length = 0;
  bool truncated = false;  // the read filled all room after `offset`: drop it

  std::span<std::uint8_t> packet() const { return buffer.subspan(offset, length); }
};

}  // namespace hip::io
