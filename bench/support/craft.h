// Packets made by hand for the benchmarks: I1s from spoofed or known sources,
// and UPDATEs that fail their HIP_MAC check. Raw IP, checksum filled in.
#pragma once

#include <cstdint>
#include <vector>

#include "base/hit.h"
#include "base/ip_address.h"
#include "crypto/rng.h"

namespace hip::bench {

// A HIT shaped like an ECDSA one (ORCHIDv2 prefix 2001:20::/28, OGA ID 2)
// with random hash bits: nobody holds its key.
base::Hit random_hit(crypto::Rng& rng);
// A random address in 2001:db8:ffff::/48 (RFC 3849 documentation space).
base::IpAddress random_address(crypto::Rng& rng);

// I1 { DH_GROUP_LIST 7, 8, 9, 11, 3 } (RFC 7401 §5.3.1) from `sender` at
// `from` to `receiver` at `to`.
std::vector<std::uint8_t> craft_i1(const base::Hit& sender, const base::Hit& receiver,
                                   const base::IpAddress& from, const base::IpAddress& to);

// UPDATE { SEQ, HIP_MAC, HIP_SIGNATURE } (RFC 7401 §5.3.5) whose MAC
// (`mac_size` bytes, RHASH_len) and signature are zeros: the receiver finds
// the association, computes the HMAC, and drops it.
std::vector<std::uint8_t> craft_update_bad_mac(const base::Hit& sender, const base::Hit& receiver,
                                               const base::IpAddress& from,
                                               const base::IpAddress& to, std::size_t mac_size,
                                               std::uint16_t sig_algorithm, std::size_t sig_size);

}  // namespace hip::bench
