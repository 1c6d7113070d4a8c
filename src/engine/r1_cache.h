// Pre-computed, pre-signed R1s (RFC 7401 §4.1.1, Appendix A), so that
// answering an I1 costs a copy and a hash, and the Responder keeps no state
// until a valid I2.
//
// A generation holds a secret S, an R1_COUNTER value, a puzzle difficulty #K
// and, for each DH group we offer, a DH key pair and an R1 signed with
// HIP_SIGNATURE_2. That signature leaves the Receiver's HIT and the PUZZLE's
// #I and Opaque zeroed (§5.2.15), so one signed R1 serves every Initiator: we
// fill in its HIT and #I = RHASH(S | HIT-I | HIT-R | IP-I | IP-R) (App. A).
// Generations rotate periodically (new S, R1_COUNTER + 1, new DH keys); the
// previous one stays valid for I2s answering R1s sent just before.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "base/result.h"
#include "base/time.h"
#include "crypto/dh.h"
#include "crypto/digest.h"
#include "crypto/rhash.h"
#include "crypto/rng.h"
#include "engine/actions.h"
#include "engine/config.h"

namespace hip::engine {

struct LocalIdentity;

class R1Cache {
 public:
  struct Offer {
    std::uint8_t dh_group = 0;
    crypto::DhKeyPair dh;
    std::vector<std::uint8_t> r1;    // signed, Receiver's HIT and #I zero
    std::size_t puzzle_i_offset = 0; // where #I goes in r1
  };
  struct Generation {
    std::uint64_t counter = 0;
    std::array<std::uint8_t, 32> secret{};
    std::uint8_t k = 0;
    std::vector<Offer> offers;  // in our preference order

    const Offer* find(std::uint8_t dh_group) const;
  };

  // Builds the first generation; fails only if no DH group or signature works.
  static base::Result<R1Cache, std::string_view> create(const LocalIdentity& identity,
                                                        const Policy& policy, crypto::Rng& rng,
                                                        std::uint8_t k, base::Time now);

  // Starts a new generation (new secret, counter + 1, new DH keys, new #K).
  base::Result<void, std::string_view> rotate(std::uint8_t k, crypto::Rng& rng, base::Time now);
  base::Time rotated_at() const { return rotated_at_; }

  // The R1 for an I1 offering `initiator_groups`, addressed along `path`
  // (checksum included for raw IP, zero over UDP), with `opaque` in the
  // PUZZLE's Opaque field, which the I2 echoes (§5.2.4; unsigned, like #I).
  std::vector<std::uint8_t> r1_for(const base::Hit& initiator,
                                   std::span<const std::uint8_t> initiator_groups,
                                   const Path& path, std::uint16_t opaque = 0) const;

  // The generation an I2's R1_COUNTER names: the current one or the one before.
  const Generation* generation(std::uint64_t counter) const;
  const Generation& current() const { return current_; }
  // #I for this Initiator, this generation and these addresses.
  crypto::Digest puzzle_i(const Generation& g, const base::Hit& initiator,
                          const Path& path) const;

  crypto::Rhash rhash() const { return rhash_; }
  // Our HOST_ID TLV exactly as every R1 carries it (HIP_MAC_2 covers it).
  std::span<const std::uint8_t> host_id_tlv() const { return host_id_tlv_; }

 private:
  R1Cache(const LocalIdentity& identity, const Policy& policy, crypto::Rhash rhash)
      : identity_(&identity), policy_(&policy), rhash_(rhash) {}
  base::Result<Generation, std::string_view> build(std::uint64_t counter, std::uint8_t k,
                                                   crypto::Rng& rng) const;
  std::uint8_t choose_group(std::span<const std::uint8_t> initiator_groups) const;

  const LocalIdentity* identity_;
  const Policy* policy_;
  crypto::Rhash rhash_;
  std::vector<std::uint8_t> host_id_tlv_;
  Generation current_;
  std::optional<Generation> previous_;
  base::Time rotated_at_{};
};

}  // namespace hip::engine
