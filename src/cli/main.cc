// hipctl: the control and inspection tool of hipstack.
#include <CLI/CLI.hpp>

#include "cli/commands.h"

int main(int argc, char** argv) {
  CLI::App app{"hipctl - control and inspect hipstack, a Host Identity Protocol (HIPv2) stack"};
  app.require_subcommand(1);
  hip::cli::GlobalOptions global;
  app.add_flag("--json", global.json, "Print machine-readable JSON");
  int exit_code = hip::cli::kExitOk;

  // Commands: one register_<verb> call each.
  hip::cli::register_decode(app, global, exit_code);
  hip::cli::register_keygen(app, global, exit_code);
  hip::cli::register_hit(app, global, exit_code);
  hip::cli::register_status(app, global, exit_code);
  hip::cli::register_connect(app, global, exit_code);
  hip::cli::register_close(app, global, exit_code);
  hip::cli::register_peers(app, global, exit_code);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help and --version exit 0; every usage error exits with our code 2.
    return app.exit(e) == 0 ? hip::cli::kExitOk : hip::cli::kExitUsage;
  }
  return exit_code;
}
