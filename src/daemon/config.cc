// hipd.toml, section by section. The order matters in two places: [network]
// comes before [[peer]] (a UDP peer needs udp_encapsulation), and the hosts
// file is read last so its duplicates point back at the config file.
#include "daemon/config.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <toml++/toml.h>

#include "crypto/cipher.h"
#include "crypto/dh_group.h"
#include "crypto/keymat.h"
#include "daemon/config_reader.h"
#include "daemon/config_files.h"
#include "daemon/config_values.h"

namespace hip::daemon {
namespace {

using detail::ConfigFailure;
using detail::TableReader;

// Sizes of things that are not files of text but bugs or attacks.
constexpr std::size_t kMaxTunNameLength = 15;      // IFNAMSIZ - 1
constexpr std::size_t kMaxSocketPathLength = 107;  // sizeof(sockaddr_un::sun_path) - 1
constexpr std::int64_t kMaxPuzzleK = 32;           // 2^32 hashes: minutes of work already

std::string resolve(const std::string& config_path, const std::string& path) {
  const std::filesystem::path p(path);
  if (p.is_absolute()) return path;
  return (std::filesystem::path(config_path).parent_path() / p).lexically_normal().string();
}

void read_identities(TableReader& root, const LoadOptions& options, DaemonSettings& out) {
  const toml::array* list = root.table_array("identity");
  if (list == nullptr || list->empty()) {
    throw ConfigFailure{{root.file(), 0, 0,
                         "no [[identity]]: hipd needs at least one host key, e.g. [[identity]] "
                         "key_file = \"/etc/hipd/host.key\" (hipctl keygen makes one)"}};
  }
  int index = 0;
  for (const toml::node& node : *list) {
    TableReader t(*node.as_table(), "identity[" + std::to_string(index++) + "]", root.file());
    std::string key_file;
    const toml::node* at = t.read_string("key_file", key_file);
    if (at == nullptr) t.fail(node, "[[identity]] needs key_file = \"...\"");
    if (key_file.empty()) t.fail(*at, t.qualified("key_file") + " is empty");
    key_file = resolve(root.file(), key_file);
    if (options.check_key_files) {
      struct stat st {};
      if (stat(key_file.c_str(), &st) != 0) {
        const int err = errno;
        t.fail(*at, "identity key file " + key_file + ": " +
                        (err == ENOENT ? std::string("not found") : std::string(std::strerror(err))));
      }
    }
    for (const IdentitySpec& seen : out.identities) {
      if (seen.key_file == key_file) {
        t.fail(*at, "identity key file " + key_file + " is already listed at " + seen.where.describe());
      }
    }
    const auto& begin = at->source().begin;
    out.identities.push_back(
        {key_file, {root.file(), static_cast<int>(begin.line), static_cast<int>(begin.column)}});
    t.finish();
  }
}

void read_daemon(TableReader& root, DaemonSettings& out, SourceLocation& hosts_file_at) {
  const toml::table* table = root.table("daemon");
  if (table == nullptr) return;
  TableReader t(*table, "daemon", root.file());
  if (const toml::node* at = t.read_string("control_socket", out.control_socket)) {
    if (out.control_socket.empty() || out.control_socket.front() != '/') {
      t.fail(*at, "daemon.control_socket must be an absolute path");
    }
    if (out.control_socket.size() > kMaxSocketPathLength) {
      t.fail(*at, "daemon.control_socket is longer than the " +
                      std::to_string(kMaxSocketPathLength) + " bytes a UNIX socket path can have");
    }
  }
  std::string level;
  if (const toml::node* at = t.read_string("log_level", level)) {
    auto parsed = log_level_from_name(level);
    if (!parsed) {
      t.fail(*at, "daemon.log_level \"" + level +
                      "\" is not one of trace, debug, info, warn, error, critical, off");
    }
    out.log_level = *parsed;
  }
  if (const toml::node* at = t.read_string("hosts_file", out.hosts_file)) {
    if (out.hosts_file.empty()) t.fail(*at, "daemon.hosts_file is empty (leave it out for none)");
    out.hosts_file = resolve(root.file(), out.hosts_file);
    hosts_file_at = {root.file(), static_cast<int>(at->source().begin.line),
                     static_cast<int>(at->source().begin.column)};
  }
  t.finish();
}

void read_network(TableReader& root, DaemonSettings& out) {
  const toml::table* table = root.table("network");
  if (table == nullptr) return;
  TableReader t(*table, "network", root.file());
  if (const toml::array* list = t.array("locators")) {
    for (const toml::node& item : *list) {
      if (!item.is_string()) {
        t.fail(item, "network.locators: each locator must be a string, not " +
                         std::string(detail::describe_type(item)));
      }
      auto locator = parse_locator(item.as_string()->get());
      if (!locator) t.fail(item, "network.locators: " + locator.error());
      for (const base::IpAddress& seen : out.locators) {
        if (seen == *locator) t.fail(item, "network.locators lists " + seen.to_string() + " twice");
      }
      out.locators.push_back(*locator);
    }
  }
  if (const toml::node* at = t.read_string("tun_device", out.tun_device)) {
    const bool bad_char = out.tun_device.find_first_of("/ \t:") != std::string::npos;
    if (out.tun_device.empty() || out.tun_device.size() > kMaxTunNameLength || bad_char ||
        out.tun_device == "." || out.tun_device == "..") {
      t.fail(*at, "network.tun_device \"" + out.tun_device +
                      "\" is not a valid interface name (1-15 characters, no '/', ':' or spaces)");
    }
  }
  t.read_bool("udp_encapsulation", out.udp_encapsulation);
  t.read_int("udp_port", out.udp_port, std::uint16_t{1}, std::uint16_t{65535});
  t.finish();
}

// One preference list of [algorithms]: names or RFC numbers, each supported
// by hipstack, no repeats, at least one.
template <class Id>
std::vector<Id> read_algorithm_list(TableReader& t, std::string_view key, std::string_view family,
                                    std::optional<Id> (*from_name)(std::string_view),
                                    bool (*supported)(Id), std::string names,
                                    std::vector<Id> fallback) {
  const toml::array* list = t.array(key);
  if (list == nullptr) return fallback;
  const std::string where = t.qualified(key);
  if (list->empty()) {
    t.fail(*t.raw().get(key), where + " must list at least one " + std::string(family));
  }
  std::vector<Id> out;
  for (const toml::node& item : *list) {
    std::optional<Id> id;
    std::string shown;
    if (item.is_integer()) {
      const std::int64_t v = item.as_integer()->get();
      shown = std::to_string(v);
      if (v >= 0 && v <= std::numeric_limits<Id>::max()) id = static_cast<Id>(v);
    } else if (item.is_string()) {
      shown = "\"" + item.as_string()->get() + "\"";
      id = from_name(item.as_string()->get());
      if (!id) t.fail(item, where + ": unknown " + std::string(family) + " " + shown + " (known: " + names + ")");
    } else {
      t.fail(item, where + ": each entry must be a name or a number, not " +
                       std::string(detail::describe_type(item)));
    }
    if (!id || !supported(*id)) {
      t.fail(item, where + ": " + std::string(family) + " " + shown +
                       " is not supported by hipstack (supported: " + names + ")");
    }
    for (Id seen : out) {
      if (seen == *id) t.fail(item, where + " lists " + shown + " twice");
    }
    out.push_back(*id);
  }
  return out;
}

bool dh_supported(std::uint8_t id) { return crypto::find_dh_group(id) != nullptr; }
bool hip_cipher_supported(std::uint16_t id) { return crypto::find_hip_cipher(id) != nullptr; }
bool esp_supported(std::uint16_t id) { return crypto::esp_key_sizes(id).has_value(); }

void read_algorithms(TableReader& root, engine::Policy& policy) {
  const toml::table* table = root.table("algorithms");
  if (table == nullptr) return;
  TableReader t(*table, "algorithms", root.file());
  policy.dh_groups = read_algorithm_list<std::uint8_t>(t, "dh_groups", "DH group", dh_group_from_name,
                                                       dh_supported, dh_group_names(), policy.dh_groups);
  policy.hip_ciphers =
      read_algorithm_list<std::uint16_t>(t, "hip_ciphers", "HIP cipher", hip_cipher_from_name,
                                         hip_cipher_supported, hip_cipher_names(), policy.hip_ciphers);
  policy.esp_suites = read_algorithm_list<std::uint16_t>(
      t, "esp_transforms", "ESP transform", esp_transform_from_name, esp_supported,
      esp_transform_names(), policy.esp_suites);
  t.finish();
}

void read_puzzle(TableReader& root, engine::Policy& policy) {
  const toml::table* table = root.table("puzzle");
  if (table == nullptr) return;
  TableReader t(*table, "puzzle", root.file());
  const auto max_k = static_cast<std::uint8_t>(kMaxPuzzleK);
  t.read_int("difficulty", policy.puzzle_k, std::uint8_t{0}, max_k);
  t.read_int("difficulty_under_load", policy.puzzle_k_under_load, std::uint8_t{0}, max_k);
  t.read_int("load_threshold", policy.i1_load_threshold, std::uint32_t{1}, std::uint32_t{1'000'000});
  t.read_int("lifetime_exponent", policy.puzzle_lifetime, std::uint8_t{1}, std::uint8_t{63});
  t.read_int("max_difficulty_solved", policy.max_puzzle_k, std::uint8_t{0}, max_k);
  t.finish();
}

void read_timers(TableReader& root, engine::Timers& timers) {
  const toml::table* table = root.table("timers");
  if (table == nullptr) return;
  TableReader t(*table, "timers", root.file());
  t.read_duration("ual", timers.ual);
  t.read_duration("msl", timers.msl);
  t.read_duration("ec", timers.ec);
  t.read_duration("e_failed_hold", timers.e_failed_hold);
  t.read_duration("r1_rotation", timers.r1_rotation);
  t.read_duration("backoff_cap", timers.backoff_cap);
  // One first timeout and retry count for every exchange, then overrides.
  base::Duration first{};
  if (t.read_duration("retransmit_timeout", first)) {
    timers.i1_timeout = timers.i2_timeout = timers.update_timeout = timers.close_timeout = first;
  }
  int retries = 0;
  if (t.read_int("retransmit_retries", retries, 0, 20)) {
    timers.i1_retries_max = timers.i2_retries_max = timers.update_retries_max = retries;
  }
  t.read_duration("i1_timeout", timers.i1_timeout);
  t.read_int("i1_retries", timers.i1_retries_max, 0, 20);
  t.read_duration("i2_timeout", timers.i2_timeout);
  t.read_int("i2_retries", timers.i2_retries_max, 0, 20);
  t.read_duration("update_timeout", timers.update_timeout);
  t.read_int("update_retries", timers.update_retries_max, 0, 20);
  t.read_duration("close_timeout", timers.close_timeout);
  t.finish();
}

void read_notify(TableReader& root, engine::Config& config) {
  const toml::table* table = root.table("notify");
  if (table == nullptr) return;
  TableReader t(*table, "notify", root.file());
  t.read_bool("unknown_association", config.policy.notify_unknown_association);
  t.read_bool("errors", config.policy.notify_errors);
  engine::RateLimits& r = config.rate_limits;
  t.read_number("per_source_rate", r.notify_per_source_per_second, 0, 1e6);
  t.read_number("per_source_burst", r.notify_per_source_burst, 1, 1e6);
  t.read_number("global_rate", r.notify_global_per_second, 0, 1e6);
  t.read_number("global_burst", r.notify_global_burst, 1, 1e6);
  t.finish();
}

void read_peers(TableReader& root, PeerTable& table) {
  const toml::array* list = root.table_array("peer");
  if (list == nullptr) return;
  int index = 0;
  for (const toml::node& node : *list) {
    TableReader t(*node.as_table(), "peer[" + std::to_string(index++) + "]", root.file());
    std::string hit_text;
    const toml::node* hit_at = t.read_string("hit", hit_text);
    if (hit_at == nullptr) t.fail(node, "[[peer]] needs hit = \"...\"");
    auto hit = parse_hit(hit_text);
    if (!hit) t.fail(*hit_at, t.qualified("hit") + ": " + hit.error());
    PeerEntry entry;
    entry.hit = *hit;
    const toml::array* locators = t.array("locators");
    if (locators == nullptr || locators->empty()) {
      t.fail(locators == nullptr ? node : *t.raw().get("locators"),
             "[[peer]] " + hit_text + " needs locators = [\"address\", ...]");
    }
    for (const toml::node& item : *locators) {
      if (!item.is_string()) {
        t.fail(item, t.qualified("locators") + ": each locator must be a string, not " +
                         std::string(detail::describe_type(item)));
      }
      auto locator = parse_locator(item.as_string()->get());
      if (!locator) t.fail(item, t.qualified("locators") + ": " + locator.error());
      entry.locators.push_back(*locator);
    }
    t.read_bool("udp", entry.udp);
    t.finish();
    const auto& begin = node.source().begin;
    entry.origin = {root.file(), static_cast<int>(begin.line), static_cast<int>(begin.column)};
    if (const PeerEntry* first = table.add(std::move(entry))) {
      t.fail(*hit_at, "peer " + hit_text + " is already listed at " + first->origin.describe());
    }
  }
}

Config build(const toml::table& document, const std::string& path, const LoadOptions& options) {
  Config config;
  config.path = path;
  TableReader root(document, "", path);
  // Register every section first so that an unknown one is reported before
  // anything inside the known ones.
  for (std::string_view section : {"identity", "daemon", "network", "algorithms", "puzzle",
                                   "timers", "notify", "peer"}) {
    root.take(section);
  }
  root.finish();
  read_identities(root, options, config.daemon);
  SourceLocation hosts_file_at;
  read_daemon(root, config.daemon, hosts_file_at);
  read_network(root, config.daemon);
  read_algorithms(root, config.engine.policy);
  read_puzzle(root, config.engine.policy);
  read_timers(root, config.engine.timers);
  read_notify(root, config.engine);
  read_peers(root, config.peers);
  if (!config.daemon.hosts_file.empty()) {
    auto text = read_config_text(config.daemon.hosts_file);
    if (!text) {
      throw ConfigFailure{{path, hosts_file_at.line, hosts_file_at.column,
                           "hosts file " + config.daemon.hosts_file + ": " + text.error()}};
    }
    auto hosts = parse_hosts(*text, config.daemon.hosts_file, config.peers);
    if (!hosts) throw ConfigFailure{hosts.error()};
  }
  for (const PeerEntry& peer : config.peers.entries()) {
    if (peer.udp && !config.daemon.udp_encapsulation) {
      throw ConfigFailure{{peer.origin.file, peer.origin.line, peer.origin.column,
                           "peer " + peer.hit.to_string() +
                               " wants UDP encapsulation but network.udp_encapsulation is off"}};
    }
  }
  return config;
}

}  // namespace

base::Result<Config, ConfigError> parse_config(std::string_view text, const std::string& path,
                                               LoadOptions options) {
  try {
    const toml::table document = toml::parse(text, path);
    return build(document, path, options);
  } catch (const toml::parse_error& e) {
    const auto& begin = e.source().begin;
    return base::unexpected(ConfigError{path, static_cast<int>(begin.line),
                                        static_cast<int>(begin.column), std::string(e.description())});
  } catch (const ConfigFailure& f) {
    return base::unexpected(f.error);
  } catch (const std::exception& e) {
    return base::unexpected(ConfigError{path, 0, 0, e.what()});
  }
}

base::Result<Config, ConfigError> load_config(const std::string& path, LoadOptions options) {
  auto text = read_config_text(path);
  if (!text) return base::unexpected(ConfigError{path, 0, 0, text.error()});
  return parse_config(*text, path, options);
}

base::Result<PeerTable, ConfigError> reload_peers(const std::string& path, LoadOptions options) {
  auto config = load_config(path, options);
  if (!config) return base::unexpected(config.error());
  return std::move(config->peers);
}

}  // namespace hip::daemon
