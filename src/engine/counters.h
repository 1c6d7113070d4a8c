// Engine-wide counters: what arrived, what was sent, and every drop by reason
// ("nothing is silently lost").
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace hip::engine {

enum class Drop : std::uint8_t {
  malformed,            // wire::parse_packet refused it
  bad_checksum,
  unsupported_version,  // HIPv1 or other
  unknown_critical,     // answered with NOTIFY where allowed
  not_our_hit,          // receiver HIT is none of ours
  unsupported_hit_suite,
  no_association,       // e.g. R2, UPDATE or CLOSE_ACK with no state
  wrong_state,          // "receive ANYOTHER": no rule for this packet in this state
  bad_signature,
  bad_mac,
  bad_puzzle,           // wrong #I, stale generation, or #J does not solve it
  bad_host_id,          // undecodable, or the HIT does not match it
  bad_dh,               // unsupported group or invalid public value
  downgrade,            // DH group choice contradicts the signed lists (§4.1.7)
  no_common_algorithm,  // no HIP cipher / ESP transform / transport we accept
  bad_parameters,       // a required parameter missing or malformed
  echo_mismatch,        // CLOSE_ACK that does not echo our CLOSE
  simultaneous_lost,    // I1/I2 dropped by the HIT comparison (§6.7, §6.9)
  rate_limited,
  internal,             // our own failure (e.g. OpenSSL), logged
  count_
};

std::string_view to_string(Drop d);

struct Counters {
  std::uint64_t received = 0;
  std::uint64_t sent = 0;
  std::uint64_t r1_sent = 0;
  std::uint64_t notify_sent = 0;
  std::uint64_t notify_received = 0;
  std::uint64_t base_exchanges_completed = 0;
  std::uint64_t retransmissions = 0;
  std::uint64_t unknown_spi = 0;
  std::array<std::uint64_t, static_cast<std::size_t>(Drop::count_)> dropped{};

  std::uint64_t dropped_total() const {
    std::uint64_t n = 0;
    for (auto d : dropped) n += d;
    return n;
  }
  void drop(Drop d) { ++dropped[static_cast<std::size_t>(d)]; }
  std::uint64_t drops(Drop d) const { return dropped[static_cast<std::size_t>(d)]; }
};

}  // namespace hip::engine
