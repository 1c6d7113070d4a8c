// hipd: the hipstack daemon. Reads its configuration, brings up hip0 and the
// sockets, and runs the HIP engine and the ESP data plane until SIGTERM.
//
//   hipd [--config FILE] [--log-level LEVEL] [--check]
//
// Exit codes: 0 clean stop (or --check passed), 1 could not start or run,
// 2 configuration refused.
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <string>

#include "daemon/config.h"
#include "daemon/driver.h"
#include "daemon/event_log.h"
#include "io/signal_fd.h"

namespace {

int run(const std::string& config_path, const std::string& log_level, bool check_only) {
  // Before anything could start a thread (io/signal_fd.h).
  auto signals = hip::io::SignalFd::create_for_daemon();
  if (!signals) {
    std::fprintf(stderr, "hipd: signalfd: %s\n", signals.error().message().c_str());
    return 1;
  }
  auto config = hip::daemon::load_config(config_path);
  if (!config) {
    std::fprintf(stderr, "hipd: %s\n", config.error().describe().c_str());
    return 2;
  }
  hip::daemon::LogLevel level = config->daemon.log_level;
  if (!log_level.empty()) {
    auto parsed = hip::daemon::log_level_from_name(log_level);
    if (!parsed) {
      std::fprintf(stderr, "hipd: --log-level %s: not one of trace, debug, info, warn, error, "
                           "critical, off\n", log_level.c_str());
      return 2;
    }
    level = *parsed;
  }
  hip::daemon::setup_logging(level);
  auto identities = hip::daemon::load_identities(config->daemon);
  if (!identities) {
    std::fprintf(stderr, "hipd: %s\n", identities.error().describe().c_str());
    return 2;
  }
  if (check_only) {
    std::printf("%s: OK, %zu identit%s, %zu peer%s\n", config->path.c_str(), identities->size(),
                identities->size() == 1 ? "y" : "ies", config->peers.size(),
                config->peers.size() == 1 ? "" : "s");
    return 0;
  }
  auto driver =
      hip::daemon::Driver::start(std::move(*config), std::move(*identities), *signals);
  if (!driver) {
    spdlog::critical("cannot start: {}", driver.error());
    return 1;
  }
  return (*driver)->run();
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"hipd - the hipstack Host Identity Protocol (HIPv2, RFC 7401) daemon"};
  std::string config_path{hip::daemon::kDefaultConfigPath};
  std::string log_level;
  bool check_only = false;
  app.add_option("-c,--config", config_path, "Configuration file (TOML)")->capture_default_str();
  app.add_option("--log-level", log_level,
                 "Override the configured log level (trace, debug, info, warn, error)");
  app.add_flag("--check", check_only, "Check the configuration and key files, then exit");
  CLI11_PARSE(app, argc, argv);
  return run(config_path, log_level, check_only);
}
