// Every HIP parameter type hipstack knows, with the RFC that defines it.
// The least significant bit of a type is the critical bit (RFC 7401 §5.2.1).
#pragma once

#include <cstdint>
#include <string_view>

namespace hip::wire {

enum class ParamType : std::uint16_t {
  esp_info = 65,                  // RFC 7402 §5.1.1
  r1_counter_v1 = 128,            // RFC 5201 §5.2.3 (HIPv1 only)
  r1_counter = 129,               // RFC 7401 §5.2.3
  locator_set = 193,              // RFC 8046 §4 (LOCATOR in RFC 5206/5770)
  puzzle = 257,                   // RFC 7401 §5.2.4
  solution = 321,                 // RFC 7401 §5.2.5
  seq = 385,                      // RFC 7401 §5.2.16
  ack = 449,                      // RFC 7401 §5.2.17
  dh_group_list = 511,            // RFC 7401 §5.2.6
  diffie_hellman = 513,           // RFC 7401 §5.2.7
  hip_transform_v1 = 577,         // RFC 5201 §5.2.7 (HIPv1 only)
  hip_cipher = 579,               // RFC 7401 §5.2.8
  nat_traversal_mode = 608,       // RFC 5770 §5.4
  transaction_pacing = 610,       // RFC 5770 §5.5
  encrypted = 641,                // RFC 7401 §5.2.18
  host_id = 705,                  // RFC 7401 §5.2.9
  hit_suite_list = 715,           // RFC 7401 §5.2.10
  cert = 768,                     // RFC 8002 §2
  notification = 832,            // RFC 7401 §5.2.19
  echo_request_signed = 897,      // RFC 7401 §5.2.20
  reg_info = 930,                 // RFC 8003 §4.1
  reg_request = 932,              // RFC 8003 §4.2
  reg_response = 934,             // RFC 8003 §4.3
  reg_failed = 936,               // RFC 8003 §4.4
  reg_from = 950,                 // RFC 5770 §5.6
  echo_response_signed = 961,     // RFC 7401 §5.2.22
  transport_format_list = 2049,   // RFC 7401 §5.2.11
  esp_transform = 4095,           // RFC 7402 §5.1.2
  hip_mac = 61505,                // RFC 7401 §5.2.12
  hip_mac_2 = 61569,              // RFC 7401 §5.2.13
  hip_signature_2 = 61633,        // RFC 7401 §5.2.15
  hip_signature = 61697,          // RFC 7401 §5.2.14
  echo_response_unsigned = 63425, // RFC 7401 §5.2.23
  echo_request_unsigned = 63661,  // RFC 7401 §5.2.21
  relay_from = 63998,             // RFC 5770 §5.6
  relay_to = 64002,               // RFC 5770 §5.6
  from = 65498,                   // RFC 8004 §4.2.2
  rvs_hmac = 65500,               // RFC 8004 §4.2.1
  via_rvs = 65502,                // RFC 8004 §4.2.3
  relay_hmac = 65520,             // RFC 5770 §5.8
};

constexpr bool is_critical(std::uint16_t type) { return (type & 1) != 0; }

// True when `type` is defined for this HIP version (1 or 2).
bool is_known_param(std::uint16_t type, std::uint8_t version);

// RFC name ("DIFFIE_HELLMAN"), or "UNKNOWN" when not known for the version.
std::string_view param_name(std::uint16_t type, std::uint8_t version);

}  // namespace hip::wire
