#include "support/identities.h"

#include <cstdio>
#include <cstdlib>
#include <limits>

namespace hip::bench {

crypto::PrivateKey new_key(crypto::KeyKind kind) {
  auto key = crypto::generate_private_key(kind);
  if (!key) {
    std::fprintf(stderr, "bench: cannot generate a %s key\n", std::string(crypto::to_string(kind)).c_str());
    std::abort();
  }
  return std::move(*key);
}

crypto::PrivateKey share_key(const crypto::PrivateKey& key) {
  EVP_PKEY_up_ref(key.get());
  return crypto::PrivateKey(key.kind(), crypto::PkeyPtr(key.get()));
}

std::vector<engine::LocalIdentity> identity_of(const crypto::PrivateKey& key) {
  auto id = engine::LocalIdentity::from_key(share_key(key));
  if (!id) {
    std::fprintf(stderr, "bench: cannot make an identity of a %s key\n",
                 std::string(crypto::to_string(key.kind())).c_str());
    std::abort();
  }
  std::vector<engine::LocalIdentity> ids;
  ids.push_back(std::move(*id));
  return ids;
}

engine::Config initiator_config() {
  engine::Config c;
  c.policy.dh_groups = {7};
  return c;
}

engine::Config responder_config(bool pin_puzzle) {
  engine::Config c;
  if (pin_puzzle) c.policy.i1_load_threshold = std::numeric_limits<std::uint32_t>::max();
  return c;
}

base::IpAddress responder_address() { return *base::IpAddress::parse("2001:db8::1"); }

base::IpAddress initiator_address(std::uint32_t i) {
  std::array<std::uint8_t, 16> b = {0x20, 0x01, 0x0d, 0xb8, 0x00, 0x01};
  b[12] = static_cast<std::uint8_t>(i >> 24);
  b[13] = static_cast<std::uint8_t>(i >> 16);
  b[14] = static_cast<std::uint8_t>(i >> 8);
  b[15] = static_cast<std::uint8_t>(i);
  return base::IpAddress::v6(b);
}

}  // namespace hip::bench
