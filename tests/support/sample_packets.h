// One well-formed HIP packet of every type, built with wire::PacketBuilder,
// that between them carry every parameter wire/params/ defines (dummy but
// plausible contents with valid lengths, types in ascending order). Used by
// the codec round-trip test, the inspector's tests, the tshark cross-check,
// the fuzz seed corpus and `make demo`.
//
// The Initiator sends I1, I2, UPDATE and CLOSE; the Responder R1, R2, NOTIFY
// and CLOSE_ACK. A ninth packet, a HIPv1 R1, carries the two HIPv1-only
// parameters (R1_COUNTER 128, HIP_TRANSFORM 577).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/hit.h"
#include "base/ip_address.h"
#include "wire/packet_type.h"

namespace hip::test {

struct SamplePacket {
  std::string name;                 // "i1", "close_ack", "r1_v1"
  wire::PacketType type = wire::PacketType::i1;
  std::uint8_t version = wire::kVersion2;
  base::IpAddress src;
  base::IpAddress dst;
  std::vector<std::uint8_t> bytes;  // exactly the HIP packet
};

enum class ChecksumMode : std::uint8_t {
  ip,    // correct for src/dst (HIP over IP protocol 139, RFC 7401 §5.1.1)
  zero,  // 0, as HIP over UDP requires (RFC 5770 §5.1)
};

// The HITs the samples use (ORCHIDv2; the Initiator's is suite 2 ECDSA, the
// Responder's suite 1 RSA).
base::Hit sample_initiator_hit();
base::Hit sample_responder_hit();

// Documentation addresses: 192.0.2.1 / 198.51.100.1 and 2001:db8::1 / 2001:db8::2.
base::IpAddress sample_initiator_v4();
base::IpAddress sample_responder_v4();
base::IpAddress sample_initiator_v6();
base::IpAddress sample_responder_v6();

// All nine packets, addressed between `initiator` and `responder` (same family).
std::vector<SamplePacket> build_sample_packets(const base::IpAddress& initiator,
                                               const base::IpAddress& responder,
                                               ChecksumMode checksum = ChecksumMode::ip);

}  // namespace hip::test
