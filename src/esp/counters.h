// Why a packet was dropped, and the counters kept per SA and per data plane.
// Every drop is counted by reason; nothing is dropped silently.
#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "base/time.h"

namespace hip::esp {

// Injected time (the data plane never reads a clock on the packet path), the
// same type the engine uses.
using Time = base::Time;

// The outcome of one packet. `ok` is the only non-drop.
enum class Status : std::uint8_t {
  ok,
  // Decapsulation (network input).
  unknown_spi,        // no inbound SA: reported to the engine (RFC 7402 §6.2, state loss)
  truncated,          // shorter than header + IV + minimal trailer + ICV
  bad_length,         // body not aligned to the cipher block (RFC 4303 §2.4)
  replayed,           // already received (RFC 4303 §3.4.3)
  too_old,            // left of the anti-replay window, or sequence number 0
  bad_icv,            // integrity check failed (RFC 4303 §3.4.4)
  bad_padding,        // Pad Length too long or Padding not 1, 2, 3, ... (RFC 4303 §2.4)
  dummy_packet,       // Next Header 59: discarded by rule (RFC 4303 §2.6)
  bad_inner,          // next header / inner family not deliverable (e.g. 94 without LSIs)
  // Encapsulation (TUN input).
  no_sa,              // no outbound SA for the inner addresses
  malformed_inner,    // inner IP packet unparsable, fragmented IPv4, or lengths inconsistent
  inner_mismatch,     // inner addresses are not the SA's HITs/LSIs (RFC 7402 B.1.5 step 1)
  sequence_exhausted, // the counter would cycle: a new SA is needed (RFC 4303 §3.3.3)
  // Caller errors (buffer layout), counted too.
  no_headroom,
  no_tailroom,
  crypto_error,       // OpenSSL failed (not expected; counted, never a crash)
};
inline constexpr std::size_t kStatusCount = static_cast<std::size_t>(Status::crypto_error) + 1;

std::string_view status_name(Status s);

struct DirectionCounters {
  std::uint64_t packets = 0;  // packets that passed
  std::uint64_t bytes = 0;    // inner (plaintext IP) bytes of those packets
  std::array<std::uint64_t, kStatusCount> drops{};

  std::uint64_t dropped(Status s) const { return drops[static_cast<std::size_t>(s)]; }
  std::uint64_t total_drops() const {
    std::uint64_t n = 0;
    for (auto d : drops) n += d;
    return n;
  }
};

struct SaCounters {
  DirectionCounters traffic;
  Time last_used{};       // last packet that passed
  bool used = false;      // any packet passed yet
};

}  // namespace hip::esp
