// One HIP association (RFC 7401 §4.4): the state of the state machine, what
// the base exchange negotiated, the keys, and the named timer slots whose
// minimum is the association's deadline.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "base/hit.h"
#include "base/time.h"
#include "crypto/ct.h"
#include "crypto/dh.h"
#include "crypto/host_id_key.h"
#include "crypto/keymat.h"
#include "crypto/mac.h"
#include "crypto/rhash.h"
#include "engine/actions.h"
#include "engine/state.h"

namespace hip::engine {

struct LocalIdentity;

// What one base exchange produced: negotiated algorithms and all keys.
struct SessionKeys {
  crypto::Rhash rhash = crypto::Rhash::sha256;
  std::uint16_t hip_cipher = 0;
  std::uint16_t esp_suite = 0;
  std::uint8_t dh_group = 0;
  std::uint16_t esp_keymat_index = 0;  // ESP_INFO KEYMAT Index (RFC 7402 §5.1.1)
  std::optional<crypto::Keymat> keymat;  // kept for rekeying from an index
  std::optional<crypto::HmacKey> mac_out;  // our HIP_MAC key (HIP-gl or HIP-lg, §6.5)
  std::optional<crypto::HmacKey> mac_in;   // the peer's
  crypto::SecretBytes encrypt_out;       // HIP encryption keys (ENCRYPTED)
  crypto::SecretBytes encrypt_in;
  crypto::SecretBytes esp_enc_out;       // ESP keys by direction (RFC 7402 §7)
  crypto::SecretBytes esp_auth_out;
  crypto::SecretBytes esp_enc_in;
  crypto::SecretBytes esp_auth_in;
};

// Named timer slots (STYLE.md: one deadline per slot, the minimum wins).
struct TimerSlots {
  base::Time retransmit = base::kNever;  // I1, I2, CLOSE (UPDATE later)
  base::Time state = base::kNever;       // EC, CLOSED 2×MSL, E-FAILED hold, CLOSING give-up
  base::Time ual = base::kNever;         // ESTABLISHED idle check

  base::Time earliest() const { return std::min({retransmit, state, ual}); }
};

// Association::deadline_slot of an association with no deadline queued.
inline constexpr std::size_t kNoDeadlineSlot = static_cast<std::size_t>(-1);

struct Association {
  const LocalIdentity* local = nullptr;
  base::Hit peer_hit;
  Path path;
  State state = State::unassociated;
  base::Time state_since{};
  base::Time last_activity{};
  base::Time established_at{};
  std::uint32_t base_exchanges = 0;

  // The peer's identity, once verified (R1 for an Initiator, I2 for a Responder).
  std::optional<crypto::PublicKey> peer_key;
  // The Responder's HOST_ID TLV exactly as sent in R1: HIP_MAC_2 covers it
  // (§6.4.1), so an Initiator keeps it until R2.
  std::vector<std::uint8_t> responder_host_id_tlv;

  // When the exchange behind the current keys completed, if we initiated it
  // (its R2 arrived); zero when the keys come from the peer's I2. A late I2
  // answering an R1 we sent before then is stale (bex_responder.cc).
  base::Time initiated_exchange_done{};

  // Initiator side of the exchange in progress.
  std::optional<crypto::DhKeyPair> dh;            // our DH key (from R1 processing)
  std::optional<std::uint64_t> peer_r1_counter;   // R1_COUNTER of the R1 we answered
  bool i1_outstanding = false;                    // an I1 awaits its R1 (also in CLOSING/CLOSED)

  std::optional<SessionKeys> keys;
  std::uint32_t spi_in = 0;   // ours: the peer sends to it
  std::uint32_t spi_out = 0;  // the peer's
  bool sa_in_installed = false;
  bool sa_out_installed = false;

  // Retransmission of the last request (I1, I2, CLOSE) with backoff.
  std::vector<std::uint8_t> retransmit_packet;
  int retries = 0;
  base::Duration retransmit_timeout{};
  // R2-SENT: the R2 we sent and a digest of the exchange the I2 it answered
  // belongs to (its SOLUTION and DIFFIE_HELLMAN), so a retransmitted I2 gets
  // the same R2 again, even with other bytes (§6.9 step 4).
  std::vector<std::uint8_t> last_r2;
  std::array<std::uint8_t, 32> last_i2_digest{};

  // CLOSE: our ECHO_REQUEST_SIGNED nonce, and the CLOSING timeout sum.
  std::array<std::uint8_t, 16> close_nonce{};
  bool close_sent = false;
  base::Duration closing_elapsed{};

  TimerSlots timers;
  // Where this association's entry sits in the engine's DeadlineQueue and the
  // deadline it holds (a copy, so that an unchanged deadline is recognised
  // without touching the heap). Only DeadlineQueue writes them.
  std::size_t deadline_slot = kNoDeadlineSlot;
  base::Time queued_deadline = base::kNever;
};

}  // namespace hip::engine
