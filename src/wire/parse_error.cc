#include "wire/parse_error.h"

namespace hip::wire {

std::string_view to_string(ParseErrorCode code) {
  switch (code) {
    case ParseErrorCode::truncated_header: return "truncated header";
    case ParseErrorCode::bad_header_length: return "bad header length";
    case ParseErrorCode::length_mismatch: return "length mismatch";
    case ParseErrorCode::unsupported_version: return "unsupported version";
    case ParseErrorCode::unknown_packet_type: return "unknown packet type";
    case ParseErrorCode::truncated_parameter: return "truncated parameter";
    case ParseErrorCode::out_of_order: return "out-of-order parameter";
    case ParseErrorCode::unknown_critical_parameter: return "unknown critical parameter";
    case ParseErrorCode::bad_parameter_length: return "bad parameter length";
    case ParseErrorCode::bad_parameter_value: return "bad parameter value";
    case ParseErrorCode::bad_checksum: return "bad checksum";
    case ParseErrorCode::missing_parameter: return "missing parameter";
    case ParseErrorCode::no_buffer: return "buffer too small";
  }
  return "unknown error";
}

}  // namespace hip::wire
