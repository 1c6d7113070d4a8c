// Shared helpers for the parameter codecs in this folder.
#pragma once

#include "base/result.h"
#include "wire/packet.h"
#include "wire/parse_error.h"

namespace hip::wire::detail {

inline base::Unexpected<ParseError> bad_length(const Param& p) {
  return base::unexpected(ParseError{ParseErrorCode::bad_parameter_length, p.offset, p.type});
}

inline base::Unexpected<ParseError> bad_value(const Param& p) {
  return base::unexpected(ParseError{ParseErrorCode::bad_parameter_value, p.offset, p.type});
}

}  // namespace hip::wire::detail
