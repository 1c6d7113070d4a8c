// hipd's control protocol, as plain data and JSON: what hipctl asks over the
// control socket and what hipd answers. One JSON object per line each way:
//
//   {"cmd":"status"}                               -> associations + counters
//   {"cmd":"connect","hit":"2001:2x::..","locator":"192.0.2.7"}   (locator optional)
//   {"cmd":"close","hit":"2001:2x::.."}
//   {"cmd":"peers"}                                -> the peer table
//
// Every reply has "ok"; a failure is {"ok":false,"error":"reason"}. Times are
// sent as ages in seconds ("age_s"), since hipd's clock means nothing to a
// client. Decoding is strict about types and never throws: the server decodes
// whatever a local client sends.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/hit.h"
#include "base/ip_address.h"
#include "base/result.h"
#include "base/time.h"
#include "engine/actions.h"
#include "engine/counters.h"
#include "engine/state.h"

namespace hip::daemon {

enum class ControlCommand : std::uint8_t { status, connect, close, peers };
std::string_view to_string(ControlCommand command);

struct ControlRequest {
  ControlCommand command = ControlCommand::status;
  std::optional<base::Hit> hit;            // connect, close
  std::optional<base::IpAddress> locator;  // connect: overrides the peer table

  static ControlRequest of(ControlCommand command,
                           std::optional<base::Hit> hit = std::nullopt,
                           std::optional<base::IpAddress> locator = std::nullopt) {
    return ControlRequest{command, hit, locator};
  }

  friend bool operator==(const ControlRequest&, const ControlRequest&) = default;
};

nlohmann::json encode_request(const ControlRequest& request);
base::Result<ControlRequest, std::string> decode_request(const nlohmann::json& doc);

// One SA's traffic, from the ESP data plane (esp::SaCounters).
struct SaStats {
  std::uint32_t spi = 0;
  std::uint64_t packets = 0;  // passed
  std::uint64_t bytes = 0;    // inner bytes of those
  std::uint64_t drops = 0;    // every reason together
  std::optional<base::Duration> idle;  // since the last packet that passed; none yet: nullopt

  friend bool operator==(const SaStats&, const SaStats&) = default;
};

// One association, as `hipctl status` shows it.
struct AssociationStatus {
  base::Hit local_hit;
  base::Hit peer_hit;
  engine::State state = engine::State::unassociated;
  engine::Path path;
  std::uint16_t esp_transform = 0;  // RFC 7402 §5.1.2 suite ID, 0 before keys exist
  std::uint16_t hip_cipher = 0;     // RFC 7401 §5.2.8
  std::uint8_t dh_group = 0;        // RFC 7401 §5.2.7
  base::Duration in_state{};                  // since the last state change
  std::optional<base::Duration> age;          // since it was first ESTABLISHED
  std::optional<base::Duration> since_rekey;  // since the SAs were last replaced
  base::Duration idle{};                      // since the last HIP or ESP activity
  std::uint32_t base_exchanges = 0;
  SaStats inbound;
  SaStats outbound;

  friend bool operator==(const AssociationStatus&, const AssociationStatus&) = default;
};

// A counter of the driver's own (ESP drops by reason, TUN queue drops...).
struct NamedCount {
  std::string name;
  std::uint64_t value = 0;

  friend bool operator==(const NamedCount&, const NamedCount&) = default;
};

struct StatusReply {
  base::Duration uptime{};
  std::vector<base::Hit> local_hits;
  std::vector<AssociationStatus> associations;
  engine::Counters hip;              // the engine's counters, drops by reason
  std::vector<NamedCount> daemon;    // the driver's counters (JSON keeps them sorted by name)
};

struct ConnectReply {
  base::Hit hit;
  base::IpAddress locator;  // where the I1 went
  bool udp = false;
  engine::State state = engine::State::unassociated;  // after the request

  friend bool operator==(const ConnectReply&, const ConnectReply&) = default;
};

struct CloseReply {
  base::Hit hit;
  engine::State state = engine::State::unassociated;  // after the request (CLOSING)

  friend bool operator==(const CloseReply&, const CloseReply&) = default;
};

struct PeerStatus {
  base::Hit hit;
  std::vector<base::IpAddress> locators;
  bool udp = false;
  std::optional<base::IpAddress> lsi;
  std::string source;                  // "hipd.toml:31", "/etc/hipd/hosts:4"
  std::optional<engine::State> state;  // nullopt: no association

  friend bool operator==(const PeerStatus&, const PeerStatus&) = default;
};

struct PeersReply {
  std::vector<PeerStatus> peers;
};

nlohmann::json encode_error(std::string_view message);
nlohmann::json encode_reply(const StatusReply& reply);
nlohmann::json encode_reply(const ConnectReply& reply);
nlohmann::json encode_reply(const CloseReply& reply);
nlohmann::json encode_reply(const PeersReply& reply);

// The client side. Each fails with the daemon's "error" text when "ok" is
// false, and with a description when the reply is not what it should be.
base::Result<StatusReply, std::string> decode_status_reply(const nlohmann::json& doc);
base::Result<ConnectReply, std::string> decode_connect_reply(const nlohmann::json& doc);
base::Result<CloseReply, std::string> decode_close_reply(const nlohmann::json& doc);
base::Result<PeersReply, std::string> decode_peers_reply(const nlohmann::json& doc);

// State names both ways ("ESTABLISHED"); engine::to_string gives the RFC spelling.
std::optional<engine::State> state_from_name(std::string_view name);

// A JSON line without its newline; invalid UTF-8 (echoed client input) is
// replaced rather than thrown about.
std::string to_line(const nlohmann::json& doc);

}  // namespace hip::daemon
