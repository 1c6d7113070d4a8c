// hipctl peers: hipd's peer table (HIT, LSI, locators, UDP, association
// state, and the config line each entry came from).
// Exit codes: 0 done, 1 hipd answered with an error, 2 hipd not reachable.
#include <iostream>
#include <memory>
#include <string>

#include "cli/commands.h"
#include "cli/control_client.h"
#include "daemon/control_protocol.h"
#include "daemon/control_text.h"

namespace hip::cli {
namespace {

int run_peers(const std::string& socket_path, bool json) {
  auto reply = control_call(socket_path, daemon::encode_request(daemon::ControlRequest::of(daemon::ControlCommand::peers)));
  if (!reply) return report_failure("peers", reply.error(), json);
  auto peers = daemon::decode_peers_reply(*reply);
  if (!peers) {
    return report_failure("peers", {ControlFailureKind::daemon_error, "hipd: " + peers.error()}, json);
  }
  if (json) {
    std::cout << reply->dump(2) << "\n";
  } else {
    std::cout << daemon::render_peers(*peers);
  }
  return kExitOk;
}

}  // namespace

void register_peers(CLI::App& app, const GlobalOptions& global, int& exit_code) {
  auto socket_path = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand("peers", "Show hipd's peer table");
  add_socket_option(*cmd, *socket_path);
  cmd->fallthrough();
  cmd->callback([socket_path, &global, &exit_code] { exit_code = run_peers(*socket_path, global.json); });
}

}  // namespace hip::cli
