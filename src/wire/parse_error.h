// Why a HIP packet or parameter was rejected. Every error names the byte offset
// (within the HIP packet) where the problem was found; `detail` carries the
// parameter type where one is involved.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace hip::wire {

enum class ParseErrorCode : std::uint8_t {
  truncated_header,          // fewer than 40 bytes
  bad_header_length,         // Header Length below the 40-byte minimum
  length_mismatch,           // Header Length claims more bytes than the datagram has
  unsupported_version,       // neither 1 nor 2
  unknown_packet_type,       // RFC 7401 §5.3: drop unknown types
  truncated_parameter,       // TLV header or contents run past the end
  out_of_order,              // RFC 7401 §5.2.1: types must not decrease
  unknown_critical_parameter,// critical bit set, type unknown (§5.2.1)
  bad_parameter_length,      // a known parameter's Length is invalid for its layout
  bad_parameter_value,       // a field inside a known parameter is inconsistent
  bad_checksum,              // §5.1.1
  missing_parameter,         // a parameter the caller requires is absent
  no_buffer,                 // builder: caller's buffer too small
};

std::string_view to_string(ParseErrorCode code);

struct ParseError {
  ParseErrorCode code{};
  std::size_t offset = 0;    // byte offset inside the HIP packet
  std::uint16_t detail = 0;  // parameter type, where relevant

  friend bool operator==(const ParseError&, const ParseError&) = default;
};

}  // namespace hip::wire
