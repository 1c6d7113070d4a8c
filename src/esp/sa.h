// One ESP security association in BEET mode (RFC 7402 §3.2, Appendix B.1.1):
// a direction, an SPI, a transform with its keys, the inner addresses (HITs,
// and LSIs if any) and the outer addressing (locators and encapsulation).
//
// SaConfig is exactly what the engine's "install SA" action carries; the data
// plane copies what it needs and keeps no key bytes outside the OpenSSL
// contexts.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string_view>

#include "base/hit.h"
#include "base/ip_address.h"
#include "base/result.h"
#include "crypto/rng.h"
#include "esp/counters.h"
#include "esp/replay_window.h"
#include "esp/sa_cipher.h"
#include "esp/transform.h"

namespace hip::esp {

enum class Direction : std::uint8_t { inbound, outbound };

// How ESP leaves and enters the host. The data plane produces and consumes the
// ESP packet (SPI..ICV) only; the caller's socket adds the outer header:
//  - raw_esp: a raw socket of IP protocol 50 (RFC 4303).
//  - udp: a UDP socket; the datagram payload is the ESP packet, which begins
//    with a non-zero SPI (RFC 3948 §2.1), on port 10500 as RFC 5770 §5.1 uses.
enum class Encapsulation : std::uint8_t { raw_esp, udp };

inline constexpr std::uint16_t kHipUdpPort = 10500;  // RFC 5770 §5.1

struct OuterAddressing {
  base::IpAddress local;   // our locator (source when sending)
  base::IpAddress remote;  // the peer's locator
  Encapsulation encapsulation = Encapsulation::raw_esp;
  std::uint16_t local_port = 0;   // UDP only
  std::uint16_t remote_port = 0;  // UDP only
};

// Inner family of packets rebuilt from an inbound SA when the SA has LSIs:
// the wire does not say (RFC 7402 B.1.6 rebuilds the header from the SA), so
// the engine says which one local applications use. See beet.h for the rules
// that override this per packet (ICMP, ICMPv6, IPv4 options).
enum class InnerDelivery : std::uint8_t { hit, lsi };

struct SaConfig {
  Direction direction = Direction::inbound;
  std::uint32_t spi = 0;
  std::uint16_t suite = 0;                   // RFC 7402 §5.1.2 Suite ID
  std::span<const std::uint8_t> enc_key;     // cipher key (+ 4-byte salt for GCM, RFC 4106 §8.1)
  std::span<const std::uint8_t> auth_key;    // HMAC key (empty for GCM)
  base::Hit own_hit;
  base::Hit peer_hit;
  std::optional<base::IpAddress> own_lsi;    // IPv4 (RFC 7401 §3 LSI), both or neither
  std::optional<base::IpAddress> peer_lsi;
  OuterAddressing outer;
  bool esn = true;                           // RFC 7402 §3.3.6: HIP uses 64-bit sequence numbers
  // Sequence number at which the engine is asked to rekey; 0 = the default
  // (kDefaultRekeyAfter / kDefaultRekeyAfterEsn).
  std::uint64_t rekey_after = 0;
  InnerDelivery deliver = InnerDelivery::hit;  // inbound with LSIs only
  std::uint8_t default_hop_limit = 64;         // inner hop limit/TTL when the caller gives none
};

// RFC 4303 §3.3.3: the counter must not cycle; the engine gets the signal this
// far ahead (2^20 packets for 32-bit numbers, 2^32 for ESN).
inline constexpr std::uint64_t kDefaultRekeyAfter = (std::uint64_t{1} << 32) - (1u << 20);
inline constexpr std::uint64_t kDefaultRekeyAfterEsn = ~std::uint64_t{0} - 0xffffffffull;

enum class SaError : std::uint8_t {
  bad_spi,            // 0 or 1-255 (RFC 4303 §2.1)
  unsupported_suite,  // not in transform.h
  bad_key,            // key sizes do not fit the suite
  bad_lsi,            // LSIs must both be IPv4, or both absent
  spi_in_use,         // an inbound SA with this SPI exists
  pair_in_use,        // an outbound SA for this HIT pair exists (use replace_outbound)
  not_found,
  crypto_init,        // OpenSSL refused the key
};
std::string_view sa_error_name(SaError e);

class Sa {
 public:
  static base::Result<std::unique_ptr<Sa>, SaError> create(const SaConfig& config,
                                                           crypto::Rng& rng);

  Direction direction() const { return direction_; }
  std::uint32_t spi() const { return spi_; }
  const TransformSpec& spec() const { return cipher_->spec(); }
  const base::Hit& own_hit() const { return own_hit_; }
  const base::Hit& peer_hit() const { return peer_hit_; }
  bool has_lsis() const { return has_lsis_; }
  const std::array<std::uint8_t, 4>& own_lsi() const { return own_lsi_; }
  const std::array<std::uint8_t, 4>& peer_lsi() const { return peer_lsi_; }
  const OuterAddressing& outer() const { return outer_; }
  bool esn() const { return esn_; }
  InnerDelivery deliver() const { return deliver_; }
  std::uint8_t default_hop_limit() const { return default_hop_limit_; }
  std::uint64_t rekey_after() const { return rekey_after_; }

  // Outbound: the sequence number of the next packet, or 0 when the counter
  // is exhausted (2^32-1 sent without ESN, 2^64-1 with).
  std::uint64_t next_sequence() noexcept;
  std::uint64_t last_sequence() const { return seq_; }  // outbound: last sent
  // Test and simulator hook: continue numbering after `seq` (e.g. near 2^32).
  void set_last_sequence(std::uint64_t seq) { seq_ = seq; }

  // True once when the sequence number (sent, or highest received) first
  // reaches rekey_after(): the caller hands this to the engine.
  bool take_rekey_signal(std::uint64_t seq) noexcept;
  bool rekey_signalled() const { return rekey_signalled_; }

  SaCipher& cipher() { return *cipher_; }
  ReplayWindow& window() { return window_; }
  const ReplayWindow& window() const { return window_; }
  SaCounters& counters() { return counters_; }
  const SaCounters& counters() const { return counters_; }

 private:
  Sa() = default;

  Direction direction_ = Direction::inbound;
  std::uint32_t spi_ = 0;
  base::Hit own_hit_;
  base::Hit peer_hit_;
  bool has_lsis_ = false;
  std::array<std::uint8_t, 4> own_lsi_{};
  std::array<std::uint8_t, 4> peer_lsi_{};
  OuterAddressing outer_;
  bool esn_ = true;
  InnerDelivery deliver_ = InnerDelivery::hit;
  std::uint8_t default_hop_limit_ = 64;
  std::uint64_t rekey_after_ = 0;
  bool rekey_signalled_ = false;
  std::uint64_t seq_ = 0;  // outbound: last used; 0 before the first packet
  std::unique_ptr<SaCipher> cipher_;
  ReplayWindow window_;
  SaCounters counters_;
};

}  // namespace hip::esp
