// Everything about the engine a host's operator may choose: timers, algorithm
// preferences, puzzle difficulty and the NOTIFY policy. Defaults follow RFC
// 7401 where it gives numbers (MSL = 2 min, §4.4.4) and conservative choices
// where it leaves them to the implementation (UAL, retry counts).
#pragma once

#include <chrono>
#include <cstdint>
#include <vector>

#include "base/time.h"

namespace hip::engine {

using namespace std::chrono_literals;

// hipstack's own NOTIFY error type for "the received CLOSE referred to an
// association that does not exist" (the seed design's UNKNOWN ASSOCIATION).
// RFC 7401 gave 44 to RESPONDER_BUSY_PLEASE_RETRY, so we take a number from the
// "Reserved for Private Use" range 8192-16383 of RFC 7401 §9, which no RFC
// will ever assign: 8192 + 44.
inline constexpr std::uint16_t kNotifyUnknownAssociation = 8236;

struct Timers {
  // Retransmission: the first timeout, doubled on every retry up to the cap.
  base::Duration i1_timeout = 1s;
  int i1_retries_max = 5;
  base::Duration i2_timeout = 1s;
  int i2_retries_max = 5;
  base::Duration update_timeout = 1s;
  int update_retries_max = 5;
  base::Duration close_timeout = 1s;
  base::Duration backoff_cap = 8s;

  // Unused Association Lifetime: no HIP or ESP packet sent or received for
  // this long starts closing (§4.4.4 leaves the value to implementations).
  base::Duration ual = 15min;
  // Maximum Segment Lifetime (§4.4.4: "MSL is 2 minutes"). CLOSED lasts 2×MSL
  // (the seed design); CLOSING gives up after UAL + MSL of retransmissions.
  base::Duration msl = 2min;
  // R2-SENT moves to ESTABLISHED after EC without other news (§4.4.3: "n × I2
  // retransmission timer, where n is about I2_RETRIES_MAX").
  base::Duration ec = 5s;
  // E-FAILED lasts this long before returning to UNASSOCIATED (§4.4.3 leaves
  // the wait to the implementation).
  base::Duration e_failed_hold = 5s;
  // How often the puzzle secret (and with it the R1s and R1_COUNTER) rotates
  // (App. A: "regenerates periodically"; §6.5 suggests a few minutes).
  base::Duration r1_rotation = 5min;
};

struct RateLimits {
  // NOTIFY answers to unauthenticated packets (a CLOSE for an unknown
  // association, an unsupported critical parameter): per source address and
  // for the whole host, as token buckets.
  double notify_per_source_per_second = 1;
  double notify_per_source_burst = 2;
  double notify_global_per_second = 20;
  double notify_global_burst = 40;
};

struct Policy {
  // Preference order, most preferred first.
  std::vector<std::uint8_t> dh_groups = {7, 8, 9, 11, 3};  // P-256, P-384, P-521, MODP-2048, MODP-1536
  std::vector<std::uint16_t> hip_ciphers = {4, 2};          // AES-256-CBC, AES-128-CBC
  std::vector<std::uint16_t> esp_suites = {13, 9, 8};       // AES-GCM-16, AES-256/128-CBC+SHA-256
  // Puzzle difficulty for I1s in normal times and under load (§4.1.2).
  std::uint8_t puzzle_k = 0;
  std::uint8_t puzzle_k_under_load = 10;
  std::uint8_t puzzle_lifetime = 37;  // 2^(37-32) = 32 s
  // I1s per second above which the puzzle gets harder, and the hardest
  // puzzle we solve as Initiator (each K doubles the expected work).
  std::uint32_t i1_load_threshold = 200;
  std::uint8_t max_puzzle_k = 24;
  // Answer a CLOSE for an unknown association with NOTIFY kNotifyUnknownAssociation.
  bool notify_unknown_association = true;
  // Answer protocol errors with the NOTIFY types of RFC 7401 §5.2.19.
  bool notify_errors = true;
};

struct Config {
  Timers timers;
  RateLimits rate_limits;
  Policy policy;
};

}  // namespace hip::engine
