// hipctl status: hipd's associations (peer, state, locators, SPIs, ESP
// transform, traffic each way, age, last rekey) and its counters, as a table
// or, with --json, hipd's reply as it came (daemon/control_status.cc).
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

int run_status(const std::string& socket_path, bool json) {
  auto reply = control_call(socket_path, daemon::encode_request(daemon::ControlRequest::of(daemon::ControlCommand::status)));
  if (!reply) return report_failure("status", reply.error(), json);
  auto status = daemon::decode_status_reply(*reply);
  if (!status) {
    return report_failure("status", {ControlFailureKind::daemon_error, "hipd: " + status.error()}, json);
  }
  if (json) {
    std::cout << reply->dump(2) << "\n";
  } else {
    std::cout << daemon::render_status(*status);
  }
  return kExitOk;
}

}  // namespace

void register_status(CLI::App& app, const GlobalOptions& global, int& exit_code) {
  auto socket_path = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand("status", "Show hipd's associations and counters");
  add_socket_option(*cmd, *socket_path);
  cmd->fallthrough();
  cmd->callback([socket_path, &global, &exit_code] { exit_code = run_status(*socket_path, global.json); });
}

}  // namespace hip::cli
