// What the engine asks its driver to do. The driver owns the Actions vector,
// drains it after each call and reuses it, so the engine never calls back into
// the driver (no re-entrancy) and steady state needs no allocation for it.
#pragma once

#include <cstdint>
#include <string_view>
#include <variant>
#include <vector>

#include "base/hit.h"
#include "base/ip_address.h"
#include "engine/state.h"

namespace hip::engine {

// Where a packet goes or came from: locators, and UDP ports when the peer is
// reached through UDP encapsulation (RFC 5770; port 10500 by default).
struct Path {
  base::IpAddress local;
  base::IpAddress peer;
  bool udp = false;
  std::uint16_t local_port = 0;
  std::uint16_t peer_port = 0;

  friend bool operator==(const Path&, const Path&) = default;
};

// Send one HIP control packet. For raw IP the checksum is filled in; over UDP
// it is zero (RFC 5770 §5.1) and the driver prepends the 32-bit zero marker.
struct Transmit {
  Path path;
  std::vector<std::uint8_t> packet;
};

enum class Direction : std::uint8_t { inbound, outbound };

// Install (or replace) one ESP SA (RFC 7402). Keys are drawn from KEYMAT in
// the order of RFC 7402 §7; the driver copies them into esp/ and the engine
// wipes its copy when the association goes.
struct InstallSa {
  base::Hit local_hit;
  base::Hit peer_hit;
  Direction direction = Direction::inbound;
  std::uint32_t spi = 0;
  std::uint16_t esp_suite = 0;  // ESP_TRANSFORM suite ID (RFC 7402 §5.1.2)
  std::vector<std::uint8_t> encryption_key;  // incl. a GCM salt where the suite has one
  std::vector<std::uint8_t> authentication_key;
  Path path;
};

struct RemoveSa {
  base::Hit local_hit;
  base::Hit peer_hit;
  Direction direction = Direction::inbound;
  std::uint32_t spi = 0;
};

// Why a state changed, for logs and `hipctl status`.
enum class Reason : std::uint8_t {
  connect_requested,    // `hipctl connect` (or a driver that does not say why)
  data_to_send,         // an application packet for a peer without SAs (§4.4.3)
  unknown_spi_received, // ESP on SAs we do not have: we lost our state (§4.5.4, §6.16)
  close_requested,      // `hipctl close`, daemon shutdown
  i1_received,
  r1_received,
  i2_received,          // a valid I2 (new peer, or a peer that lost its state)
  r2_received,
  data_received,        // ESP or UPDATE in R2-SENT confirms the peer has keys
  ec_expired,
  ual_expired,          // unused for UAL: closing
  close_received,
  close_ack_received,
  closing_gave_up,      // CLOSE retransmitted for UAL + MSL without CLOSE_ACK
  closed_expired,       // 2 x MSL in CLOSED
  retries_exhausted,    // I1/I2 retransmissions used up: E-FAILED
  failed_expired,       // E-FAILED wait over
  simultaneous_open,    // crossing I1/I2 resolved by HIT comparison (§6.7, §6.9)
  peer_has_no_association,  // signed NOTIFY answering our CLOSE (seed design)
};

std::string_view to_string(Reason r);

struct StateChanged {
  base::Hit local_hit;
  base::Hit peer_hit;
  State from = State::unassociated;
  State to = State::unassociated;
  Reason reason = Reason::connect_requested;
};

// A NOTIFY from a peer (never acted upon alone, RFC 7401 §6.13; logged).
struct NotifyReceived {
  base::Hit local_hit;
  base::Hit peer_hit;
  std::uint16_t notify_type = 0;
  bool verified = false;  // its signature checked against a known HOST_ID
};

using Action = std::variant<Transmit, InstallSa, RemoveSa, StateChanged, NotifyReceived>;
using Actions = std::vector<Action>;

}  // namespace hip::engine
