// Algorithm negotiation of the base exchange (RFC 7401 §4.1.3, §4.1.7,
// §5.2.6-5.2.11; RFC 7402 §5.1.2): what we offer, filtered down to what
// hipstack implements, and the choice rules on each side.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "engine/config.h"
#include "wire/params/list.h"

namespace hip::engine {

// Our offers in preference order, computed once from the policy.
struct Offers {
  std::vector<std::uint8_t> dh_groups;
  std::vector<std::uint16_t> hip_ciphers;
  std::vector<std::uint16_t> esp_suites;
  std::vector<std::uint8_t> hit_suites;         // HIT_SUITE_LIST bytes (suite << 4)
  std::vector<std::uint16_t> transport_formats; // 4095 = ESP, the only one defined

  static Offers from(const Policy& policy);
};

// Responder (§4.1.3): the first group of our own list that the Initiator also
// listed; with no overlap, our most preferred group.
std::uint8_t responder_dh_choice(std::span<const std::uint8_t> ours,
                                 std::span<const std::uint8_t> initiator_list);

// Initiator (§4.1.7, downgrade protection): the group the Responder chose
// must be the one its own signed list and our I1 list imply; true when it is.
bool dh_choice_is_consistent(std::uint8_t chosen, const wire::U8List& responder_list,
                             std::span<const std::uint8_t> our_i1_list);

// Initiator: the first entry of the Responder's list (its preference) that we
// accept.
template <class T, class L>
std::optional<T> first_acceptable(const L& responder_list, std::span<const T> ours) {
  for (T candidate : responder_list) {
    for (T mine : ours) {
      if (mine == candidate) return candidate;
    }
  }
  return std::nullopt;
}

template <class T>
bool contains(std::span<const T> list, T value) {
  for (T v : list) {
    if (v == value) return true;
  }
  return false;
}

}  // namespace hip::engine
