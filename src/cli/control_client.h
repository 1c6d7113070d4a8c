// hipctl's side of hipd's control socket (daemon/control_protocol.h): one
// request line out, one reply line back, with a deadline, and the failures a
// person can act on spelled out ("hipd is not running ...", "permission
// denied: run as root").
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "base/result.h"

namespace hip::cli {

enum class ControlFailureKind : std::uint8_t {
  not_running,        // no socket, or nobody listening on it
  permission_denied,  // the socket is root-only
  unreachable,        // any other error connecting
  timeout,            // hipd did not answer in time
  bad_reply,          // not one JSON object on a line
  daemon_error,       // hipd answered {"ok":false,"error":...}
};

struct ControlFailure {
  ControlFailureKind kind = ControlFailureKind::unreachable;
  std::string message;  // complete sentence for stderr
};

// The message for a failed connect() to `path` with `err` (an errno value).
ControlFailure describe_connect_error(int err, const std::string& path);

// The process exit code for a failure: 1 when hipd answered with an error or
// garbage, 2 when it could not be reached (not running, no permission).
int exit_code_for(const ControlFailure& failure);

// Sends `request` and returns hipd's reply object. {"ok":false} replies are
// returned as they are: the decoders of control_protocol.h read the error.
base::Result<nlohmann::json, ControlFailure> control_call(
    const std::string& socket_path, const nlohmann::json& request,
    std::chrono::milliseconds timeout = std::chrono::seconds(10));

// Prints `failure` for `command` ("hipctl status: hipd is not running ...")
// on stderr, and with --json also {"ok":false,"error":...} on stdout so that
// a script always gets JSON; returns the exit code.
int report_failure(std::string_view command, const ControlFailure& failure, bool json);

// The options every command that talks to hipd shares: --socket PATH
// (default daemon::kDefaultControlSocket, or $HIPD_CONTROL_SOCKET).
void add_socket_option(CLI::App& command, std::string& socket_path);

}  // namespace hip::cli
