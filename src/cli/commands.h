// Each hipctl command registers itself on the CLI11 app; main.cc lists them.
// A command's callback returns the process exit code through `exit_code`.
#pragma once

#include <CLI/CLI.hpp>

namespace hip::cli {

struct GlobalOptions {
  bool json = false;  // --json: machine-readable output on stdout
};

// Exit codes shared by every command.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;  // the command ran and found a problem
inline constexpr int kExitUsage = 2;    // bad arguments, missing file, ...

// Commands (one file each). Add new ones here and in main.cc.
void register_decode(CLI::App& app, const GlobalOptions& global, int& exit_code);
void register_keygen(CLI::App& app, const GlobalOptions& global, int& exit_code);
void register_hit(CLI::App& app, const GlobalOptions& global, int& exit_code);
// Commands that talk to hipd over its control socket (control_client.h).
void register_status(CLI::App& app, const GlobalOptions& global, int& exit_code);
void register_connect(CLI::App& app, const GlobalOptions& global, int& exit_code);
void register_close(CLI::App& app, const GlobalOptions& global, int& exit_code);
void register_peers(CLI::App& app, const GlobalOptions& global, int& exit_code);

}  // namespace hip::cli
