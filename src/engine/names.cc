#include "engine/actions.h"
#include "engine/state.h"

namespace hip::engine {

std::string_view to_string(State s) {
  switch (s) {
    case State::unassociated: return "UNASSOCIATED";
    case State::i1_sent: return "I1-SENT";
    case State::i2_sent: return "I2-SENT";
    case State::r2_sent: return "R2-SENT";
    case State::established: return "ESTABLISHED";
    case State::closing: return "CLOSING";
    case State::closed: return "CLOSED";
    case State::e_failed: return "E-FAILED";
  }
  return "?";
}

std::string_view to_string(Reason r) {
  switch (r) {
    case Reason::connect_requested: return "connect requested";
    case Reason::data_to_send: return "data to send";
    case Reason::unknown_spi_received: return "unknown SPI received";
    case Reason::close_requested: return "close requested";
    case Reason::i1_received: return "I1 received";
    case Reason::r1_received: return "R1 received";
    case Reason::i2_received: return "valid I2 received";
    case Reason::r2_received: return "valid R2 received";
    case Reason::data_received: return "data received";
    case Reason::ec_expired: return "exchange complete timeout";
    case Reason::ual_expired: return "unused for UAL";
    case Reason::close_received: return "CLOSE received";
    case Reason::close_ack_received: return "CLOSE_ACK received";
    case Reason::closing_gave_up: return "no CLOSE_ACK within UAL+MSL";
    case Reason::closed_expired: return "2 x MSL in CLOSED";
    case Reason::retries_exhausted: return "retransmissions exhausted";
    case Reason::failed_expired: return "E-FAILED wait over";
    case Reason::simultaneous_open: return "simultaneous open resolved";
    case Reason::peer_has_no_association: return "peer has no association";
  }
  return "?";
}

}  // namespace hip::engine

#include "engine/counters.h"

namespace hip::engine {

std::string_view to_string(Drop d) {
  switch (d) {
    case Drop::malformed: return "malformed";
    case Drop::bad_checksum: return "bad_checksum";
    case Drop::unsupported_version: return "unsupported_version";
    case Drop::unknown_critical: return "unknown_critical_parameter";
    case Drop::not_our_hit: return "not_our_hit";
    case Drop::unsupported_hit_suite: return "unsupported_hit_suite";
    case Drop::no_association: return "no_association";
    case Drop::wrong_state: return "wrong_state";
    case Drop::bad_signature: return "bad_signature";
    case Drop::bad_mac: return "bad_mac";
    case Drop::bad_puzzle: return "bad_puzzle";
    case Drop::bad_host_id: return "bad_host_id";
    case Drop::bad_dh: return "bad_dh";
    case Drop::downgrade: return "downgrade";
    case Drop::no_common_algorithm: return "no_common_algorithm";
    case Drop::bad_parameters: return "bad_parameters";
    case Drop::echo_mismatch: return "echo_mismatch";
    case Drop::simultaneous_lost: return "simultaneous_lost";
    case Drop::rate_limited: return "rate_limited";
    case Drop::internal: return "internal";
    case Drop::count_: break;
  }
  return "?";
}

}  // namespace hip::engine
