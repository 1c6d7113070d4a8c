// The receive-side counterpart of tso_split.h: consecutive TCP segments of
// one flow, decrypted from ESP, are handed to hip0 as one super-packet (a
// virtio_net_hdr with GSO TCPV6 and a partial checksum), like a NIC's GRO.
// One write and one pass through the kernel's IPv6/TCP input then carry up
// to 64 KB instead of one MSS.
//
// Segments join a run only when Linux's GRO would merge them
// (tcp_gro_receive): IPv6 without extension headers, the same addresses,
// traffic class, flow label, hop limit, ports, ACK number, window and TCP
// options; sequence numbers contiguous; every segment but the last exactly
// as long as the first, which sets gso_size; flags ACK only, PSH allowed on
// the last. Each segment's own checksum (over the HIT pseudo header, RFC 7401
// §4.5.1) is verified first: the kernel does not check a partial checksum,
// so a segment that fails is left for the kernel to drop alone, as it would
// without coalescing.
//
// IPv4 (LSI) traffic is written segment by segment.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "io/datagram.h"
#include "io/tso_split.h"

namespace hip::io {

struct CoalescePlan {
  std::size_t count = 1;          // packets in the run (1: write as it is)
  std::size_t header_bytes = 0;   // IPv6 + TCP headers of each segment
  std::size_t segment_payload = 0;
  std::size_t total_payload = 0;
};

// The longest run at the start of `packets` (at most `max_count` packets and
// 64 KB). Reads only.
CoalescePlan plan_coalesce(std::span<const PacketSlot> packets, std::size_t max_count) noexcept;

// For a plan with count > 1: rewrites the first packet's headers for the
// merged packet (payload length, PSH of the last segment, the partial
// checksum of the merged length) and returns its virtio_net_hdr. The merged
// packet is the first packet followed by the payloads (header_bytes on) of
// the others.
VnetHeader merge_first_headers(const CoalescePlan& plan, std::span<const PacketSlot> packets) noexcept;

}  // namespace hip::io
