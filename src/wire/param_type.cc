#include "wire/param_type.h"

#include <array>

namespace hip::wire {
namespace {

struct Entry {
  std::uint16_t type;
  std::string_view name;
  bool in_v1;
  bool in_v2;
};

// Names per RFC; HIPv1 spells the MAC parameters HMAC/HMAC_2 and the locator
// parameter LOCATOR, which the inspector does not distinguish.
constexpr std::array kEntries = {
    Entry{65, "ESP_INFO", true, true},
    Entry{128, "R1_COUNTER", true, false},
    Entry{129, "R1_COUNTER", false, true},
    Entry{193, "LOCATOR_SET", true, true},
    Entry{257, "PUZZLE", true, true},
    Entry{321, "SOLUTION", true, true},
    Entry{385, "SEQ", true, true},
    Entry{449, "ACK", true, true},
    Entry{511, "DH_GROUP_LIST", false, true},
    Entry{513, "DIFFIE_HELLMAN", true, true},
    Entry{577, "HIP_TRANSFORM", true, false},
    Entry{579, "HIP_CIPHER", false, true},
    Entry{608, "NAT_TRAVERSAL_MODE", true, true},
    Entry{610, "TRANSACTION_PACING", true, true},
    Entry{641, "ENCRYPTED", true, true},
    Entry{705, "HOST_ID", true, true},
    Entry{715, "HIT_SUITE_LIST", false, true},
    Entry{768, "CERT", true, true},
    Entry{832, "NOTIFICATION", true, true},
    Entry{897, "ECHO_REQUEST_SIGNED", true, true},
    Entry{930, "REG_INFO", true, true},
    Entry{932, "REG_REQUEST", true, true},
    Entry{934, "REG_RESPONSE", true, true},
    Entry{936, "REG_FAILED", true, true},
    Entry{950, "REG_FROM", true, true},
    Entry{961, "ECHO_RESPONSE_SIGNED", true, true},
    Entry{2049, "TRANSPORT_FORMAT_LIST", false, true},
    Entry{4095, "ESP_TRANSFORM", true, true},
    Entry{61505, "HIP_MAC", true, true},
    Entry{61569, "HIP_MAC_2", true, true},
    Entry{61633, "HIP_SIGNATURE_2", true, true},
    Entry{61697, "HIP_SIGNATURE", true, true},
    Entry{63425, "ECHO_RESPONSE_UNSIGNED", true, true},
    Entry{63661, "ECHO_REQUEST_UNSIGNED", true, true},
    Entry{63998, "RELAY_FROM", true, true},
    Entry{64002, "RELAY_TO", true, true},
    Entry{65498, "FROM", true, true},
    Entry{65500, "RVS_HMAC", true, true},
    Entry{65502, "VIA_RVS", true, true},
    Entry{65520, "RELAY_HMAC", true, true},
};

const Entry* find(std::uint16_t type, std::uint8_t version) {
  for (const Entry& e : kEntries) {
    if (e.type == type) {
      bool present = version == 1 ? e.in_v1 : e.in_v2;
      return present ? &e : nullptr;
    }
  }
  return nullptr;
}

}  // namespace

bool is_known_param(std::uint16_t type, std::uint8_t version) {
  return find(type, version) != nullptr;
}

std::string_view param_name(std::uint16_t type, std::uint8_t version) {
  const Entry* e = find(type, version);
  return e ? e->name : std::string_view("UNKNOWN");
}

}  // namespace hip::wire
