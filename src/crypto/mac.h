// HIP_MAC and HIP_MAC_2 (RFC 7401 §5.2.12-13, §6.4.1), and the RVS_HMAC
// (RFC 8004 §4.2.1) and RELAY_HMAC (RFC 5770 §5.8) built the same way.
//
// The MAC is HMAC-RHASH with the full digest length, over
//   HIP_MAC:    header | every parameter with a lower type than the MAC's
//   HIP_MAC_2:  header | every parameter with a lower type | the Responder's
//               HOST_ID TLV exactly as it came in R1 (padding included)
// with the header's Checksum set to zero and Header Length counting exactly
// those bytes. wire::covered_bytes builds that copy. The key is the sender's
// integrity key: HIP-gl when the sender has the greater HIT, else HIP-lg
// (HipKeys::integrity_for_sender in keymat.h). Received MACs are compared in
// constant time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "base/result.h"
#include "crypto/evp.h"
#include "crypto/rhash.h"
#include "wire/builder.h"
#include "wire/packet.h"
#include "wire/param_type.h"

namespace hip::crypto {

enum class MacError : std::uint8_t {
  missing_mac,      // the packet has no parameter of the MAC's type
  bad_mac_length,   // the MAC parameter is not RHASH_len bytes
  mismatch,         // wrong MAC
  bad_key,          // empty key
  coverage_failed,  // the covered bytes do not fit a HIP packet
  no_buffer,        // the builder has no room for the MAC parameter
  openssl_failure,
};

std::string_view to_string(MacError e);

enum class MacKind : std::uint16_t {
  hip_mac = static_cast<std::uint16_t>(wire::ParamType::hip_mac),
  hip_mac_2 = static_cast<std::uint16_t>(wire::ParamType::hip_mac_2),
  rvs_hmac = static_cast<std::uint16_t>(wire::ParamType::rvs_hmac),
  relay_hmac = static_cast<std::uint16_t>(wire::ParamType::relay_hmac),
};

// A keyed HMAC-RHASH, kept for the life of an association so each packet
// reuses the key schedule instead of setting it up again. Not thread-safe:
// one HmacKey per association and direction.
class HmacKey {
 public:
  static base::Result<HmacKey, MacError> create(Rhash hash, std::span<const std::uint8_t> key);

  Rhash hash() const { return hash_; }
  std::size_t size() const { return rhash_size(hash_); }
  // HMAC of `data` into out[0 .. size()).
  base::Result<void, MacError> compute(std::span<const std::uint8_t> data,
                                       std::span<std::uint8_t> out);

 private:
  HmacKey(Rhash hash, MacCtxPtr ctx) : hash_(hash), ctx_(std::move(ctx)) {}
  Rhash hash_;
  MacCtxPtr ctx_;
};

// Sender: computes the MAC over what `builder` holds so far (which must end
// below the MAC's type) and appends the MAC parameter. `host_id_tlv` is the
// Responder's HOST_ID TLV for HIP_MAC_2 and empty otherwise.
base::Result<void, MacError> add_mac(wire::PacketBuilder& builder, MacKind kind, HmacKey& key,
                                     std::span<const std::uint8_t> host_id_tlv = {});

// Receiver: checks the packet's MAC parameter of `kind`.
base::Result<void, MacError> verify_mac(const wire::PacketView& packet, MacKind kind,
                                        HmacKey& key,
                                        std::span<const std::uint8_t> host_id_tlv = {});

// The MAC value itself, for callers that assemble packets differently: HMAC
// over wire::covered_bytes(packet, kind, ..., host_id_tlv).
base::Result<void, MacError> compute_mac(const wire::PacketView& packet, MacKind kind,
                                         HmacKey& key, std::span<const std::uint8_t> host_id_tlv,
                                         std::span<std::uint8_t> out);

}  // namespace hip::crypto
