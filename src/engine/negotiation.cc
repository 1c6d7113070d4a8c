#include "engine/negotiation.h"

#include "crypto/cipher.h"
#include "crypto/dh_group.h"
#include "crypto/hit.h"
#include "crypto/keymat.h"
#include "crypto/rhash.h"

namespace hip::engine {

Offers Offers::from(const Policy& policy) {
  Offers o;
  for (std::uint8_t g : policy.dh_groups) {
    if (crypto::find_dh_group(g) != nullptr) o.dh_groups.push_back(g);
  }
  for (std::uint16_t c : policy.hip_ciphers) {
    if (crypto::find_hip_cipher(c) != nullptr) o.hip_ciphers.push_back(c);
  }
  for (std::uint16_t s : policy.esp_suites) {
    if (crypto::esp_key_sizes(s).has_value()) o.esp_suites.push_back(s);
  }
  // Every HIT suite whose RHASH we implement (the Initiator's suite must be
  // one of them, §5.2.10): ECDSA/SHA-384 first, then RSA/SHA-256, ECDSA_LOW.
  for (auto suite : {crypto::HitSuite::ecdsa_sha384, crypto::HitSuite::rsa_dsa_sha256,
                     crypto::HitSuite::ecdsa_low_sha1}) {
    if (crypto::rhash_for_hit_suite(static_cast<std::uint8_t>(suite))) {
      o.hit_suites.push_back(crypto::hit_suite_list_byte(suite));
    }
  }
  o.transport_formats = {4095};
  return o;
}

std::uint8_t responder_dh_choice(std::span<const std::uint8_t> ours,
                                 std::span<const std::uint8_t> initiator_list) {
  for (std::uint8_t g : ours) {
    if (contains(initiator_list, g)) return g;
  }
  return ours.empty() ? 0 : ours.front();
}

bool dh_choice_is_consistent(std::uint8_t chosen, const wire::U8List& responder_list,
                             std::span<const std::uint8_t> our_i1_list) {
  for (std::uint8_t g : responder_list) {
    if (contains(our_i1_list, g)) return g == chosen;
  }
  // No overlap: the Responder may pick any group (§4.1.3); the Initiator
  // still has to support it, which the caller checks.
  return true;
}

}  // namespace hip::engine
