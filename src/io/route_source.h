// Which of our addresses the kernel would send from to reach `peer`: the
// source of the route to it (RFC 6724 source selection, done by the kernel).
// hipd needs it before the first packet to a peer, because a HIP packet's
// checksum covers a pseudo-header with both addresses (RFC 7401 §5.1.1), so
// the source must be known when the engine builds the I1.
//
// Works by connect()ing a UDP socket (no packet is sent) and reading its
// local address. Acts in the network namespace of the calling thread.
#pragma once

#include "base/ip_address.h"
#include "io/error.h"

namespace hip::io {

Result<base::IpAddress> route_source(const base::IpAddress& peer) noexcept;

}  // namespace hip::io
