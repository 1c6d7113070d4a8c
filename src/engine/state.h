// HIP association states: RFC 7401 §4.4.1 plus the CLOSED state of the seed
// design ("CLOSE_ACK sent, resending CLOSE_ACK if necessary"), which RFC 7401
// adopted.
#pragma once

#include <cstdint>
#include <string_view>

namespace hip::engine {

enum class State : std::uint8_t {
  unassociated,
  i1_sent,
  i2_sent,
  r2_sent,
  established,
  closing,
  closed,
  e_failed,
};

std::string_view to_string(State s);  // RFC spelling: "I1-SENT", "CLOSED", ...

}  // namespace hip::engine
