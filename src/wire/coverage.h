// The bytes a HIP_MAC, HIP_MAC_2, HIP_SIGNATURE or HIP_SIGNATURE_2 covers
// (RFC 7401 §6.4.1, §6.4.2): the header plus every parameter whose type is
// below the protecting parameter's type, with Header Length rewritten to that
// size and the Checksum zeroed. HIP_MAC_2 also covers a copy of the
// Responder's HOST_ID TLV appended at the end (`appended_tlv`). Further
// zeroing (HIP_SIGNATURE_2 clears the receiver HIT and parts of PUZZLE) is the
// caller's job, on the returned copy.
#pragma once

#include <cstdint>
#include <span>

#include "base/result.h"
#include "wire/packet.h"

namespace hip::wire {

base::Result<std::span<std::uint8_t>, ParseError> covered_bytes(
    const PacketView& packet, std::uint16_t limit_type, std::span<std::uint8_t> out,
    std::span<const std::uint8_t> appended_tlv = {});

}  // namespace hip::wire
