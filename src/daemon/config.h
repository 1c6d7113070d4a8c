// hipd's configuration: a TOML file (etc/hipd.toml.example shows every key)
// plus an optional hosts file of peers. It maps onto engine::Config (timers,
// algorithm preferences, puzzle, NOTIFY policy) and a daemon section (keys,
// locators, TUN device, control socket, UDP encapsulation, log level), and
// builds the peer table.
//
// A wrong file is refused, never half-used: unknown keys (typos), wrong
// types, bad durations, unparsable or misplaced addresses, unsupported
// algorithms, a missing key file and duplicate peers are each a ConfigError
// naming the file, line and column. Errors are values here; toml++'s
// exceptions stop at this boundary.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/ip_address.h"
#include "base/result.h"
#include "daemon/config_values.h"
#include "daemon/peer_table.h"
#include "engine/config.h"
#include "engine/engine.h"

namespace hip::daemon {

inline constexpr std::string_view kDefaultConfigPath = "/etc/hipd/hipd.toml";
inline constexpr std::string_view kDefaultControlSocket = "/run/hipd/control.sock";
inline constexpr std::string_view kDefaultTunDevice = "hip0";

struct ConfigError {
  std::string file;
  int line = 0;    // 0 when the error is about the file as a whole
  int column = 0;  // 0 when unknown
  std::string message;

  // "file:line:column: message", the form compilers use, so editors jump to it.
  std::string describe() const;
};

struct IdentitySpec {
  std::string key_file;  // absolute, or made absolute against the config file's folder
  SourceLocation where;  // the config line naming it
};

struct DaemonSettings {
  std::vector<IdentitySpec> identities;     // at least one
  std::vector<base::IpAddress> locators;    // local locators; empty: every address of the host
  std::string tun_device{kDefaultTunDevice};
  std::string control_socket{kDefaultControlSocket};
  bool udp_encapsulation = false;           // also listen on and allow UDP (RFC 5770)
  std::uint16_t udp_port = kHipUdpPort;
  LogLevel log_level = LogLevel::info;
  std::string hosts_file;                   // "" when none
};

struct Config {
  std::string path;  // the file it was read from
  engine::Config engine;
  DaemonSettings daemon;
  PeerTable peers;
};

struct LoadOptions {
  // Refuse a config whose key files do not exist. Off only to check a
  // config meant for another machine (e.g. the shipped example).
  bool check_key_files = true;
};

base::Result<Config, ConfigError> load_config(const std::string& path, LoadOptions options = {});
// The same from text already read; `path` names it in errors and anchors
// relative paths (key files, hosts file).
base::Result<Config, ConfigError> parse_config(std::string_view text, const std::string& path,
                                               LoadOptions options = {});

// A hosts file: one peer a line, `HIT locator [locator...] [udp]`, '#' starts
// a comment. Entries are added to `table`; a HIT already there is an error.
base::Result<void, ConfigError> parse_hosts(std::string_view text, const std::string& path,
                                            PeerTable& table);
base::Result<void, ConfigError> load_hosts(const std::string& path, PeerTable& table);

// SIGHUP: re-reads the config file (checked whole, as at start-up) and the
// hosts file it names, and returns the new peer table. On error the caller
// keeps its current table; other settings changed in the file wait for a
// restart (the caller may log that).
base::Result<PeerTable, ConfigError> reload_peers(const std::string& path,
                                                  LoadOptions options = {});

// The identities of `settings` loaded (crypto::load_host_key refuses files
// group or others may read) and ready for the engine. An error names the
// config line of the key file.
base::Result<std::vector<engine::LocalIdentity>, ConfigError> load_identities(
    const DaemonSettings& settings);

}  // namespace hip::daemon
