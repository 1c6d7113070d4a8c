// BEET-mode header handling (RFC 7402 §3.2, Appendix B.1.4-B.1.7): the inner
// IP header is stripped before ESP and rebuilt from the SA after it.
//
// Outbound: the IPv6 (HITs) or IPv4 (LSIs) header from the TUN device is
// checked against the SA and dropped; its protocol becomes the ESP Next
// Header. IPv6 extension headers stay in the payload. IPv4 options are
// discarded (B.1.5 step 4, RECOMMENDED), so hipstack never sends Next Header
// 94; IPv4 fragments are refused, as BEET cannot carry the fragment fields.
//
// Inbound: a new header with the SA's inner addresses, hop limit/TTL and
// traffic class from the outer header when the caller knows them (B.1.4),
// else the SA's default. Next Header 94 (IPv4 options pseudo header, B.1.7) is
// accepted and the options restored.
//
// Transport checksums (RFC 7401 §4.5.1): TCP and UDP checksums of HIP traffic
// are computed over an IPv6 pseudo header with the HITs, whatever the inner
// family. For IPv6 inner packets the sender already did so: nothing to change.
// LSIs are local names (each host picks its own LSI for the peer), so the
// wire can only carry the HIT-based checksum: outbound IPv4 packets have their
// TCP/UDP checksum moved from the LSI pseudo header to the HIT one, inbound
// packets delivered as IPv4 the other way, by incremental update (RFC 1624);
// the length and protocol words are equal in both pseudo headers. A UDP
// checksum of 0 (none, IPv4 only) is computed in full on the way out, since
// IPv6 requires one (RFC 8200 §8.1). ICMPv4 has no pseudo header.
//
// Which family an inbound packet gets (the wire does not say):
//   Next Header 94 or 1 (ICMP)  -> IPv4 with LSIs (dropped if the SA has none)
//   Next Header 58 (ICMPv6)     -> IPv6 with HITs
//   anything else               -> the SA's InnerDelivery (HITs by default)
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "base/result.h"
#include "esp/counters.h"
#include "esp/sa.h"

namespace hip::esp::beet {

inline constexpr std::uint8_t kProtoIcmp = 1;
inline constexpr std::uint8_t kProtoTcp = 6;
inline constexpr std::uint8_t kProtoUdp = 17;
inline constexpr std::uint8_t kProtoIcmpv6 = 58;
inline constexpr std::uint8_t kProtoNone = 59;          // RFC 4303 §2.6 dummy packet
inline constexpr std::uint8_t kProtoBeetPh = 94;        // RFC 7402 B.1.7
inline constexpr std::size_t kIpv6HeaderBytes = 40;
inline constexpr std::size_t kIpv4HeaderBytes = 20;

// The fields of an inner packet read from the TUN device.
struct InnerPacket {
  bool v4 = false;
  std::size_t header_bytes = 0;  // what is stripped (IPv4 options included)
  std::size_t total_bytes = 0;   // the packet length its header states
  std::uint8_t protocol = 0;     // IPv6 Next Header / IPv4 Protocol
  std::uint8_t hop_limit = 0;
  std::uint8_t tclass = 0;       // IPv6 Traffic Class / IPv4 TOS
  const std::uint8_t* src = nullptr;  // 16 or 4 bytes inside the packet
  const std::uint8_t* dst = nullptr;
};

// Parses an IPv6 or IPv4 packet; Status::malformed_inner if it is neither,
// its lengths do not fit `packet`, or it is an IPv4 fragment.
base::Result<InnerPacket, Status> parse_inner(std::span<const std::uint8_t> packet) noexcept;

// True when the inner addresses are the SA's (HITs for IPv6, LSIs for IPv4).
bool addresses_match(const InnerPacket& inner, const Sa& sa) noexcept;

// Moves the TCP/UDP checksum of `segment` (protocol `proto`) from the LSI
// pseudo header to the HIT one (outbound) or back (inbound). Other protocols
// are left alone. False when the segment is too short to hold its checksum.
bool convert_checksum(std::span<std::uint8_t> segment, std::uint8_t proto, const Sa& sa,
                      bool outbound) noexcept;

enum class Family : std::uint8_t { v6, v4 };
// The inner family for an inbound packet with ESP Next Header `next_header`.
base::Result<Family, Status> inbound_family(const Sa& sa, std::uint8_t next_header) noexcept;

struct OuterHints {
  std::uint8_t hop_limit = 0;  // 0: unknown, use the SA's default
  std::uint8_t tclass = 0;
};

struct InnerSpan {
  std::size_t offset = 0;
  std::size_t length = 0;
};

// Rebuilds the inner header in front of `payload_offset` in `buf` for a
// decrypted payload of `payload_bytes` whose ESP Next Header is `next_header`,
// and returns where the inner packet lies, or a drop status. The space before
// the payload is the consumed ESP header and IV, plus the caller's headroom
// (no_headroom if that is too little).
base::Result<InnerSpan, Status> rebuild_inbound(std::span<std::uint8_t> buf,
                                                std::size_t payload_offset,
                                                std::size_t payload_bytes,
                                                std::uint8_t next_header, const Sa& sa,
                                                const OuterHints& hints) noexcept;

}  // namespace hip::esp::beet
