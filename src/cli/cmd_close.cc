// hipctl close HIT: asks hipd to close its association with HIT (RFC 7401
// §5.3.8 CLOSE; the state goes to CLOSING until the CLOSE_ACK).
// Exit codes: 0 closing, 1 hipd refused (e.g. no such association), 2 bad
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

int run_close(const std::string& hit_text, const std::string& socket_path, bool json) {
  auto hit = daemon::parse_hit(hit_text);
  if (!hit) {
    std::cerr << "hipctl close: " << hit.error() << "\n";
    return kExitUsage;
  }
  auto reply = control_call(socket_path,
                            daemon::encode_request(daemon::ControlRequest::of(daemon::ControlCommand::close, *hit)));
  if (!reply) return report_failure("close", reply.error(), json);
  auto closed = daemon::decode_close_reply(*reply);
  if (!closed) {
    return report_failure("close", {ControlFailureKind::daemon_error, "hipd: " + closed.error()}, json);
  }
  if (json) {
    std::cout << reply->dump(2) << "\n";
  } else {
    std::cout << "closing the association with " << closed->hit.to_string() << ": "
              << engine::to_string(closed->state) << "\n";
  }
  return kExitOk;
}

}  // namespace

void register_close(CLI::App& app, const GlobalOptions& global, int& exit_code) {
  struct Options {
    std::string hit;
    std::string socket_path;
  };
  auto options = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand("close", "Close the association with a peer HIT");
  cmd->add_option("HIT", options->hit, "The peer's HIT")->required();
  add_socket_option(*cmd, options->socket_path);
  cmd->fallthrough();
  cmd->callback([options, &global, &exit_code] {
    exit_code = run_close(options->hit, options->socket_path, global.json);
  });
}

}  // namespace hip::cli
