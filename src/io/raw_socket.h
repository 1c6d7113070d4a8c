// Raw IPv4 or IPv6 sockets for one IP protocol: 139 for HIP control packets
// (RFC 7401 §5.1), 50 for ESP (RFC 4303). Needs CAP_NET_RAW.
//
// Receive (batched): each slot gets the payload (the HIP or ESP packet), its
// source and destination, the TTL/hop limit and TOS/traffic class.
//   IPv4: the kernel puts the IP header in front; it is parsed and skipped
//     (payload_offset = offset + ip_header_bytes), nothing is copied; the
//     arrival interface comes from IP_PKTINFO.
//   IPv6: no header; the destination, hop limit and traffic class come from
//     IPV6_PKTINFO / IPV6_HOPLIMIT / IPV6_TCLASS (RFC 3542).
// Send (batched): the kernel writes the IP header; the source is the item's
// local address (IP_PKTINFO / IPV6_PKTINFO), so it must be one of ours.
// The kernel computes no HIP checksum: the engine fills it in.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "base/ip_address.h"
#include "io/datagram.h"
#include "io/datagram_socket.h"
#include "io/error.h"
#include "io/sys.h"

namespace hip::io {

struct RawSocketConfig {
  base::IpAddress::Family family = base::IpAddress::Family::v6;
  std::uint8_t protocol = kProtoHip;
  SocketBuffers buffers;
  std::size_t max_batch = kDefaultBatch;
};

class RawSocket {
 public:
  static Result<RawSocket> open(const RawSocketConfig& config, Sys& sys = linux_sys());

  int fd() const noexcept { return socket_.fd(); }
  base::IpAddress::Family family() const noexcept { return family_; }
  std::uint8_t protocol() const noexcept { return protocol_; }

  // Receives up to min(slots.size(), max_batch) datagrams without blocking;
  // returns how many slots were filled (0: none waiting). Check each slot's
  // status before use.
  Result<std::size_t> receive_batch(std::span<RecvSlot> slots) noexcept;
  // Items whose addresses are of the other family fail with EAFNOSUPPORT.
  SendReport send_batch(std::span<const SendItem> items) noexcept {
    return socket_.send(items, /*allow_marker=*/false);
  }

  // For tests and diagnostics.
  DatagramSocket& socket() noexcept { return socket_; }

 private:
  RawSocket(DatagramSocket s, base::IpAddress::Family family, std::uint8_t protocol)
      : socket_(std::move(s)), family_(family), protocol_(protocol) {}

  DatagramSocket socket_;
  base::IpAddress::Family family_;
  std::uint8_t protocol_;
};

// The IPv4 step of receive_batch, on its own for tests: parses the header at
// slot.payload_offset and moves the slot past it, taking the addresses,
// TTL and TOS from the header. Sets status bad_ip_header when it does not
// parse.
void strip_ipv4_header(RecvSlot& slot) noexcept;

}  // namespace hip::io
