// hipctl connect HIT [--locator ADDR]: asks hipd to start a base exchange
// with HIT (RFC 7401 §4.4.3, an administrative request), at ADDR or at the
// peer table's first locator. Returns once hipd has sent the I1; `hipctl
// status` shows the association coming up.
// Exit codes: 0 started, 1 hipd refused (e.g. no locator known), 2 bad
// arguments or hipd not reachable.
#include <iostream>
#include <memory>
#include <string>

#include "cli/commands.h"
#include "cli/control_client.h"
#include "daemon/config_values.h"
#include "daemon/control_protocol.h"

namespace hip::cli {
namespace {

struct ConnectOptions {
  std::string hit;
  std::string locator;
  std::string socket_path;
};

int run_connect(const ConnectOptions& options, bool json) {
  auto request = daemon::ControlRequest::of(daemon::ControlCommand::connect);
  auto hit = daemon::parse_hit(options.hit);
  if (!hit) {
    std::cerr << "hipctl connect: " << hit.error() << "\n";
    return kExitUsage;
  }
  request.hit = *hit;
  if (!options.locator.empty()) {
    auto locator = daemon::parse_locator(options.locator);
    if (!locator) {
      std::cerr << "hipctl connect: --locator " << locator.error() << "\n";
      return kExitUsage;
    }
    request.locator = *locator;
  }
  auto reply = control_call(options.socket_path, daemon::encode_request(request));
  if (!reply) return report_failure("connect", reply.error(), json);
  auto connected = daemon::decode_connect_reply(*reply);
  if (!connected) {
    return report_failure("connect", {ControlFailureKind::daemon_error, "hipd: " + connected.error()},
                          json);
  }
  if (json) {
    std::cout << reply->dump(2) << "\n";
  } else {
    std::cout << "connecting to " << connected->hit.to_string() << " at "
              << connected->locator.to_string() << (connected->udp ? " (udp)" : "") << ": "
              << engine::to_string(connected->state) << "\n";
  }
  return kExitOk;
}

}  // namespace

void register_connect(CLI::App& app, const GlobalOptions& global, int& exit_code) {
  auto options = std::make_shared<ConnectOptions>();
  CLI::App* cmd = app.add_subcommand("connect", "Start a base exchange with a peer HIT");
  cmd->add_option("HIT", options->hit, "The peer's HIT")->required();
  cmd->add_option("--locator", options->locator, "The peer's IP address (default: the peer table's)");
  add_socket_option(*cmd, options->socket_path);
  cmd->fallthrough();
  cmd->callback([options, &global, &exit_code] { exit_code = run_connect(*options, global.json); });
}

}  // namespace hip::cli
