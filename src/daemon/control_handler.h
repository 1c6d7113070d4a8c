// What hipd does for each control request: an interface the driver
// implements over its engine, data plane and peer table, so the protocol and
// the server are tested with a fake. Calls come from the driver's own loop
// thread (ControlServer::on_ready), one at a time, so the implementation may
// call the engine directly and drain the Actions it produces before
// returning. A sketch of the driver's implementation:
//
//   StatusReply status() override {
//     StatusReply r;
//     r.uptime = now() - started_;
//     r.local_hits = engine_.local_hits();
//     for (const auto& info : engine_.snapshot()) {
//       AssociationStatus a = association_status(info, now());
//       a.inbound = sa_stats(info.spi_inbound, counters_of_inbound_sa(info), now());
//       a.outbound = sa_stats(info.spi_outbound, counters_of_outbound_sa(info), now());
//       a.since_rekey = rekey_age(info.peer_hit);   // its own record of SA replacements
//       r.associations.push_back(a);
//     }
//     r.hip = engine_.counters();
//     append_esp_counters("esp_in", data_plane_.inbound_counters(), r.daemon);
//     append_esp_counters("esp_out", data_plane_.outbound_counters(), r.daemon);
//     return r;
//   }
//   Result<ConnectReply, std::string> connect(hit, locator) override {
//     // locator given, else the peer table's first locator; no locator: error
//     // "no locator known for HIT (add it to the peer table or pass --locator)"
//     engine_.connect(hit, path, now(), actions_); drain(actions_);
//     return ConnectReply{hit, path.peer, path.udp, state_of(hit)};
//   }
//   Result<CloseReply, std::string> close(hit) override {
//     // no association with hit: error "no association with HIT"
//     engine_.close(hit, now(), actions_); drain(actions_);
//     return CloseReply{hit, state_of(hit)};
//   }
//   PeersReply peers() override { return peers_reply(peer_table_, engine_.snapshot()); }
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "base/hit.h"
#include "base/ip_address.h"
#include "base/result.h"
#include "daemon/control_protocol.h"

namespace hip::daemon {

class ControlHandler {
 public:
  virtual ~ControlHandler() = default;

  virtual StatusReply status() = 0;
  virtual PeersReply peers() = 0;
  // Start a base exchange (RFC 7401 §4.4.3 "administrative request"). An
  // error text is sent to the client as {"ok":false,"error":...}.
  virtual base::Result<ConnectReply, std::string> connect(
      const base::Hit& peer, const std::optional<base::IpAddress>& locator) = 0;
  // Close the association (RFC 7401 §5.3.8 CLOSE).
  virtual base::Result<CloseReply, std::string> close(const base::Hit& peer) = 0;
};

// One decoded request answered by `handler`.
nlohmann::json handle_request(const ControlRequest& request, ControlHandler& handler);

// One request line answered, as the server does it. `fatal` is set when the
// line was not JSON at all, after which the server closes the connection.
struct LineReply {
  std::string line;  // without the newline
  bool fatal = false;
};
LineReply handle_request_line(std::string_view line, ControlHandler& handler);

}  // namespace hip::daemon
