// hipd.toml: a complete good file mapped onto engine::Config and the daemon
// settings, and every class of mistake refused with file, line and column.
// Expected positions are computed from the test's own text (locate()), not
// taken from the parser.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <string_view>

#include "daemon/config.h"
#include "daemon/temp_dir.h"

namespace hip::daemon {
namespace {

using namespace std::chrono_literals;

struct Position {
  int line = 0;
  int column = 0;
};

// 1-based line and column of the first `needle` in `text`.
Position locate(std::string_view text, std::string_view needle) {
  const std::size_t at = text.find(needle);
  EXPECT_NE(at, std::string_view::npos) << needle;
  Position p{1, 1};
  for (std::size_t i = 0; i < at; ++i) {
    if (text[i] == '\n') {
      ++p.line;
      p.column = 1;
    } else {
      ++p.column;
    }
  }
  return p;
}

constexpr std::string_view kIdentity = "[[identity]]\nkey_file = \"host.key\"\n";

const std::string kPeerHit = "2001:22:51b8:2f4c:9a2b:6d1e:3c70:41f5";
const std::string kOtherHit = "2001:21:7d10:aa4e:2c4b:1f9e:88b3:c2d0";

class ConfigTest : public ::testing::Test {
 protected:
  void SetUp() override { dir_.write("host.key", "not checked by the parser"); }

  base::Result<Config, ConfigError> load(std::string_view text) {
    path_ = dir_.write("hipd.toml", text);
    return load_config(path_);
  }

  // The error for `text`; the test fails when the config is accepted.
  ConfigError error_of(std::string_view text) {
    auto result = load(text);
    EXPECT_FALSE(result.has_value()) << "accepted:\n" << text;
    return result.has_value() ? ConfigError{} : result.error();
  }

  // The error points at `needle` in `text` and its message contains `words`.
  void expect_error_at(std::string_view text, std::string_view needle, std::string_view words) {
    const ConfigError e = error_of(text);
    const Position p = locate(text, needle);
    EXPECT_EQ(e.file, path_);
    EXPECT_EQ(e.line, p.line) << e.describe();
    EXPECT_EQ(e.column, p.column) << e.describe();
    EXPECT_NE(e.message.find(words), std::string::npos) << e.describe();
    // describe() is what hipd prints: "file:line:column: message".
    EXPECT_EQ(e.describe().rfind(path_ + ":" + std::to_string(p.line) + ":" +
                                     std::to_string(p.column) + ": ",
                                 0),
              0u)
        << e.describe();
  }

  test::TempDir dir_;
  std::string path_;
};

TEST_F(ConfigTest, MinimalConfigTakesEveryDefault) {
  auto config = load(kIdentity);
  ASSERT_TRUE(config) << config.error().describe();
  const engine::Config defaults;
  EXPECT_EQ(config->engine.timers.ual, defaults.timers.ual);
  EXPECT_EQ(config->engine.policy.dh_groups, defaults.policy.dh_groups);
  EXPECT_EQ(config->engine.policy.notify_unknown_association, true);
  ASSERT_EQ(config->daemon.identities.size(), 1u);
  EXPECT_EQ(config->daemon.identities[0].key_file, dir_.file("host.key"));  // relative to the config
  EXPECT_EQ(config->daemon.identities[0].where.line, 2);
  EXPECT_EQ(config->daemon.tun_device, "hip0");
  EXPECT_EQ(config->daemon.control_socket, "/run/hipd/control.sock");
  EXPECT_EQ(config->daemon.udp_port, 10500);
  EXPECT_FALSE(config->daemon.udp_encapsulation);
  EXPECT_EQ(config->daemon.log_level, LogLevel::info);
  EXPECT_TRUE(config->daemon.locators.empty());
  EXPECT_TRUE(config->peers.empty());
}

TEST_F(ConfigTest, EveryKeyMapsOntoEngineAndDaemonSettings) {
  dir_.write("second.key", "x");
  const std::string text = std::string(kIdentity) + R"(
[[identity]]
key_file = "second.key"

[daemon]
control_socket = "/tmp/hipd-test/ctl.sock"
log_level = "debug"

[network]
locators = ["192.0.2.1", "2001:db8::1", "::ffff:198.51.100.1"]
tun_device = "hiptest0"
udp_encapsulation = true
udp_port = 20500

[algorithms]
dh_groups = ["P-384", 7, "modp2048"]
hip_ciphers = ["aes-128-cbc", 4]
esp_transforms = ["aes-256-cbc-sha256", "AES-128-GCM", 8]

[puzzle]
difficulty = 3
difficulty_under_load = 12
load_threshold = 50
lifetime_exponent = 36
max_difficulty_solved = 20

[timers]
ual = "1h30m"
msl = "30s"
ec = "2s"
e_failed_hold = "10s"
r1_rotation = "1m"
backoff_cap = "4s"
retransmit_timeout = "500ms"
retransmit_retries = 3
i2_timeout = "2s"
close_timeout = "750ms"
update_retries = 7

[notify]
unknown_association = false
errors = false
per_source_rate = 0.5
per_source_burst = 3
global_rate = 10
global_burst = 15

[[peer]]
hit = ")" + kPeerHit + R"("
locators = ["203.0.113.9", "2001:db8::9"]
udp = true
)";
  auto config = load(text);
  ASSERT_TRUE(config) << config.error().describe();
  const DaemonSettings& d = config->daemon;
  ASSERT_EQ(d.identities.size(), 2u);
  EXPECT_EQ(d.identities[1].key_file, dir_.file("second.key"));
  EXPECT_EQ(d.control_socket, "/tmp/hipd-test/ctl.sock");
  EXPECT_EQ(d.log_level, LogLevel::debug);
  ASSERT_EQ(d.locators.size(), 3u);
  EXPECT_EQ(d.locators[0].to_string(), "192.0.2.1");
  EXPECT_EQ(d.locators[1].to_string(), "2001:db8::1");
  EXPECT_TRUE(d.locators[2].is_v4());  // IPv4-mapped text is an IPv4 locator
  EXPECT_EQ(d.locators[2].to_string(), "198.51.100.1");
  EXPECT_EQ(d.tun_device, "hiptest0");
  EXPECT_TRUE(d.udp_encapsulation);
  EXPECT_EQ(d.udp_port, 20500);

  const engine::Policy& p = config->engine.policy;
  // RFC 7401 §5.2.7: P-384 = 8, P-256 = 7, 2048-bit MODP = 11.
  EXPECT_EQ(p.dh_groups, (std::vector<std::uint8_t>{8, 7, 11}));
  // RFC 7401 §5.2.8: AES-128-CBC = 2, AES-256-CBC = 4.
  EXPECT_EQ(p.hip_ciphers, (std::vector<std::uint16_t>{2, 4}));
  // RFC 7402 §5.1.2: AES-256-CBC/HMAC-SHA-256 = 9, AES-GCM 16-octet ICV = 13, AES-128-CBC/SHA-256 = 8.
  EXPECT_EQ(p.esp_suites, (std::vector<std::uint16_t>{9, 13, 8}));
  EXPECT_EQ(p.puzzle_k, 3);
  EXPECT_EQ(p.puzzle_k_under_load, 12);
  EXPECT_EQ(p.i1_load_threshold, 50u);
  EXPECT_EQ(p.puzzle_lifetime, 36);
  EXPECT_EQ(p.max_puzzle_k, 20);
  EXPECT_FALSE(p.notify_unknown_association);
  EXPECT_FALSE(p.notify_errors);

  const engine::Timers& t = config->engine.timers;
  EXPECT_EQ(t.ual, 90min);
  EXPECT_EQ(t.msl, 30s);
  EXPECT_EQ(t.ec, 2s);
  EXPECT_EQ(t.e_failed_hold, 10s);
  EXPECT_EQ(t.r1_rotation, 1min);
  EXPECT_EQ(t.backoff_cap, 4s);
  EXPECT_EQ(t.i1_timeout, 500ms);     // from retransmit_timeout
  EXPECT_EQ(t.update_timeout, 500ms);
  EXPECT_EQ(t.i2_timeout, 2s);        // overridden
  EXPECT_EQ(t.close_timeout, 750ms);  // overridden
  EXPECT_EQ(t.i1_retries_max, 3);
  EXPECT_EQ(t.i2_retries_max, 3);
  EXPECT_EQ(t.update_retries_max, 7);

  const engine::RateLimits& r = config->engine.rate_limits;
  EXPECT_DOUBLE_EQ(r.notify_per_source_per_second, 0.5);
  EXPECT_DOUBLE_EQ(r.notify_per_source_burst, 3);
  EXPECT_DOUBLE_EQ(r.notify_global_per_second, 10);
  EXPECT_DOUBLE_EQ(r.notify_global_burst, 15);

  ASSERT_EQ(config->peers.size(), 1u);
  const PeerEntry& peer = config->peers.entries()[0];
  EXPECT_EQ(peer.hit.to_string(), kPeerHit);
  ASSERT_EQ(peer.locators.size(), 2u);
  EXPECT_EQ(peer.locators[0].to_string(), "203.0.113.9");
  EXPECT_TRUE(peer.udp);
  EXPECT_EQ(peer.origin.file, path_);
  EXPECT_EQ(peer.origin.line, locate(text, "[[peer]]").line);
}

TEST_F(ConfigTest, ExampleFileParsesAndShowsTheDefaults) {
  const std::string example = std::string(HIP_SOURCE_DIR) + "/etc/hipd.toml.example";
  LoadOptions options;
  options.check_key_files = false;  // /etc/hipd/host.key is not on the test machine
  auto config = load_config(example, options);
  ASSERT_TRUE(config) << config.error().describe();
  // The example says each key shows its default: keep it honest.
  const engine::Config defaults;
  const engine::Timers& t = config->engine.timers;
  EXPECT_EQ(t.ual, defaults.timers.ual);
  EXPECT_EQ(t.msl, defaults.timers.msl);
  EXPECT_EQ(t.ec, defaults.timers.ec);
  EXPECT_EQ(t.e_failed_hold, defaults.timers.e_failed_hold);
  EXPECT_EQ(t.r1_rotation, defaults.timers.r1_rotation);
  EXPECT_EQ(t.backoff_cap, defaults.timers.backoff_cap);
  EXPECT_EQ(t.i1_timeout, defaults.timers.i1_timeout);
  EXPECT_EQ(t.i1_retries_max, defaults.timers.i1_retries_max);
  const engine::Policy& p = config->engine.policy;
  EXPECT_EQ(p.dh_groups, defaults.policy.dh_groups);
  EXPECT_EQ(p.hip_ciphers, defaults.policy.hip_ciphers);
  EXPECT_EQ(p.esp_suites, defaults.policy.esp_suites);
  EXPECT_EQ(p.puzzle_k, defaults.policy.puzzle_k);
  EXPECT_EQ(p.puzzle_k_under_load, defaults.policy.puzzle_k_under_load);
  EXPECT_EQ(p.i1_load_threshold, defaults.policy.i1_load_threshold);
  EXPECT_EQ(p.puzzle_lifetime, defaults.policy.puzzle_lifetime);
  EXPECT_EQ(p.max_puzzle_k, defaults.policy.max_puzzle_k);
  EXPECT_EQ(p.notify_unknown_association, defaults.policy.notify_unknown_association);
  EXPECT_EQ(p.notify_errors, defaults.policy.notify_errors);
  const engine::RateLimits& r = config->engine.rate_limits;
  EXPECT_DOUBLE_EQ(r.notify_per_source_per_second, defaults.rate_limits.notify_per_source_per_second);
  EXPECT_DOUBLE_EQ(r.notify_global_burst, defaults.rate_limits.notify_global_burst);
  const DaemonSettings settings;
  EXPECT_EQ(config->daemon.control_socket, settings.control_socket);
  EXPECT_EQ(config->daemon.tun_device, settings.tun_device);
  EXPECT_EQ(config->daemon.udp_port, settings.udp_port);
  ASSERT_EQ(config->daemon.identities.size(), 1u);
  EXPECT_EQ(config->daemon.identities[0].key_file, "/etc/hipd/host.key");
  EXPECT_EQ(config->peers.size(), 1u);

  // With the key check on, the missing key is reported at its line.
  auto checked = load_config(example);
  ASSERT_FALSE(checked);
  EXPECT_NE(checked.error().message.find("not found"), std::string::npos);
  EXPECT_GT(checked.error().line, 0);
}

// --- one test per class of mistake ---

TEST_F(ConfigTest, TomlSyntaxErrorGivesLineAndColumn) {
  const std::string text = std::string(kIdentity) + "[timers\nual = \"1s\"\n";
  const ConfigError e = error_of(text);
  EXPECT_EQ(e.file, path_);
  EXPECT_EQ(e.line, 3);  // the unterminated table header
  EXPECT_GT(e.column, 0);
  EXPECT_FALSE(e.message.empty());
}

TEST_F(ConfigTest, UnknownKeyIsAnError) {
  const std::string text = std::string(kIdentity) + "[timers]\nual = \"1m\"\nual_timeout = \"1s\"\n";
  expect_error_at(text, "ual_timeout", "unknown key 'ual_timeout' in [timers]");
  EXPECT_NE(error_of(text).message.find("known: "), std::string::npos);  // lists the right ones
}

TEST_F(ConfigTest, UnknownSectionIsAnError) {
  const std::string text = std::string(kIdentity) + "[timer]\nual = \"1m\"\n";
  expect_error_at(text, "timer]", "unknown key 'timer' at the top level");
}

TEST_F(ConfigTest, UnknownKeyInsideAPeerIsAnError) {
  const std::string text = std::string(kIdentity) + "[[peer]]\nhit = \"" + kPeerHit +
                           "\"\nlocators = [\"192.0.2.1\"]\nudp_encap = true\n";
  expect_error_at(text, "udp_encap", "unknown key 'udp_encap'");
}

TEST_F(ConfigTest, WrongTypesAreErrors) {
  std::string text = std::string(kIdentity) + "[network]\nudp_encapsulation = \"yes\"\n";
  expect_error_at(text, "\"yes\"", "network.udp_encapsulation must be true or false, not a string");
  text = std::string(kIdentity) + "[network]\nudp_port = \"10500\"\n";
  expect_error_at(text, "\"10500\"", "must be an integer");
  text = std::string(kIdentity) + "[network]\nlocators = \"192.0.2.1\"\n";
  expect_error_at(text, "\"192.0.2.1\"", "must be an array");
  text = "daemon = 3\n" + std::string(kIdentity);  // top-level keys come before any table
  expect_error_at(text, "3", "[daemon] must be a table");
}

TEST_F(ConfigTest, OutOfRangeNumbersAreErrors) {
  std::string text = std::string(kIdentity) + "[puzzle]\ndifficulty = 99\n";
  expect_error_at(text, "99", "must lie between 0 and 32");
  text = std::string(kIdentity) + "[network]\nudp_port = 0\n";
  expect_error_at(text, "0\n", "must lie between 1 and 65535");
  text = std::string(kIdentity) + "[timers]\nretransmit_retries = -1\n";
  expect_error_at(text, "-1", "must lie between 0 and 20");
}

TEST_F(ConfigTest, BadDurationsAreErrors) {
  std::string text = std::string(kIdentity) + "[timers]\nual = \"15 minutes\"\n";
  expect_error_at(text, "\"15 minutes\"", "timers.ual: bad duration");
  text = std::string(kIdentity) + "[timers]\nmsl = \"120\"\n";
  expect_error_at(text, "\"120\"", "missing or unknown unit");
  text = std::string(kIdentity) + "[timers]\nec = 5\n";
  expect_error_at(text, "5", "must be a duration string");
  text = std::string(kIdentity) + "[timers]\nec = \"0s\"\n";
  expect_error_at(text, "\"0s\"", "longer than 0s");
}

TEST_F(ConfigTest, UnparsableHitIsAnError) {
  std::string text = std::string(kIdentity) + "[[peer]]\nhit = \"2001:db8::1\"\nlocators = [\"192.0.2.1\"]\n";
  expect_error_at(text, "\"2001:db8::1\"", "outside the ORCHIDv2 prefix");
  text = std::string(kIdentity) + "[[peer]]\nhit = \"not-a-hit\"\nlocators = [\"192.0.2.1\"]\n";
  expect_error_at(text, "\"not-a-hit\"", "is not a HIT");
}

TEST_F(ConfigTest, AddressesThatCannotBeLocatorsAreErrors) {
  std::string text = std::string(kIdentity) + "[[peer]]\nhit = \"" + kPeerHit +
                     "\"\nlocators = [\"192.0.2.1\", \"" + kOtherHit + "\"]\n";
  expect_error_at(text, "\"" + kOtherHit, "is a HIT (ORCHIDv2 2001:20::/28), not a locator");
  text = std::string(kIdentity) + "[network]\nlocators = [\"1.2.3.4\"]\n";
  expect_error_at(text, "\"1.2.3.4\"", "is an LSI");
  text = std::string(kIdentity) + "[network]\nlocators = [\"0.0.0.0\"]\n";
  expect_error_at(text, "\"0.0.0.0\"", "unspecified");
  text = std::string(kIdentity) + "[network]\nlocators = [\"ff02::1\"]\n";
  expect_error_at(text, "\"ff02::1\"", "multicast");
  text = std::string(kIdentity) + "[network]\nlocators = [\"192.0.2.300\"]\n";
  expect_error_at(text, "\"192.0.2.300\"", "not an IPv4 or IPv6 address");
  text = std::string(kIdentity) + "[network]\nlocators = [\"192.0.2.1\", \"192.0.2.1\"]\n";
  expect_error_at(text, "\"192.0.2.1\"]", "twice");
}

TEST_F(ConfigTest, MissingKeyFileIsAnError) {
  const std::string text = "[[identity]]\nkey_file = \"/nonexistent/hipd/host.key\"\n";
  expect_error_at(text, "\"/nonexistent", "identity key file /nonexistent/hipd/host.key: not found");
}

TEST_F(ConfigTest, NoIdentityIsAnError) {
  const ConfigError e = error_of("[daemon]\nlog_level = \"info\"\n");
  EXPECT_EQ(e.file, path_);
  EXPECT_EQ(e.line, 0);
  EXPECT_NE(e.message.find("[[identity]]"), std::string::npos) << e.describe();
}

TEST_F(ConfigTest, DuplicatePeersAreErrors) {
  const std::string text = std::string(kIdentity) + "[[peer]]\nhit = \"" + kPeerHit +
                           "\"\nlocators = [\"192.0.2.1\"]\n\n[[peer]]\nhit = \"" + kPeerHit +
                           "\"\nlocators = [\"192.0.2.2\"]\n";
  const ConfigError e = error_of(text);
  const std::size_t second_hit = text.find("hit =", text.rfind("[[peer]]"));
  const Position p = locate(text.substr(second_hit), "\"");
  const auto second_line = 1 + std::count(text.begin(), text.begin() + second_hit, '\n');
  EXPECT_EQ(e.line, second_line) << e.describe();
  EXPECT_EQ(e.column, p.column) << e.describe();
  // The message points back at the first entry.
  EXPECT_NE(e.message.find("already listed at " + path_ + ":" +
                           std::to_string(locate(text, "[[peer]]").line)),
            std::string::npos)
      << e.describe();
}

TEST_F(ConfigTest, UnknownOrUnsupportedAlgorithmsAreErrors) {
  std::string text = std::string(kIdentity) + "[algorithms]\ndh_groups = [\"p257\"]\n";
  expect_error_at(text, "\"p257\"", "unknown DH group \"p257\"");
  // Group 5 is a deprecated HIPv1 group (RFC 5201 §5.2.6), not in HIPv2.
  text = std::string(kIdentity) + "[algorithms]\ndh_groups = [7, 5]\n";
  expect_error_at(text, "5]", "DH group 5 is not supported");
  text = std::string(kIdentity) + "[algorithms]\nesp_transforms = [\"aes-ccm\"]\n";
  expect_error_at(text, "\"aes-ccm\"", "unknown ESP transform");
  text = std::string(kIdentity) + "[algorithms]\nhip_ciphers = []\n";
  expect_error_at(text, "[]", "at least one");
  text = std::string(kIdentity) + "[algorithms]\nhip_ciphers = [\"aes-128-cbc\", 2]\n";
  expect_error_at(text, "2]", "twice");
}

TEST_F(ConfigTest, OtherDaemonSettingsAreChecked) {
  std::string text = std::string(kIdentity) + "[daemon]\nlog_level = \"verbose\"\n";
  expect_error_at(text, "\"verbose\"", "is not one of trace");
  text = std::string(kIdentity) + "[daemon]\ncontrol_socket = \"run/ctl.sock\"\n";
  expect_error_at(text, "\"run/ctl.sock\"", "absolute path");
  text = std::string(kIdentity) + "[network]\ntun_device = \"a-very-long-interface-name\"\n";
  expect_error_at(text, "\"a-very", "not a valid interface name");
}

TEST_F(ConfigTest, UdpPeerNeedsUdpEncapsulation) {
  const std::string text = std::string(kIdentity) + "[[peer]]\nhit = \"" + kPeerHit +
                           "\"\nlocators = [\"192.0.2.1\"]\nudp = true\n";
  const ConfigError e = error_of(text);
  EXPECT_EQ(e.line, locate(text, "[[peer]]").line);
  EXPECT_NE(e.message.find("network.udp_encapsulation is off"), std::string::npos) << e.describe();
}

TEST_F(ConfigTest, UnreadableConfigFileIsAnError) {
  auto missing = load_config(dir_.file("absent.toml"));
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().describe(), dir_.file("absent.toml") + ": not found");
  auto directory = load_config(dir_.path());
  ASSERT_FALSE(directory);
  EXPECT_EQ(directory.error().message, "is a directory");
}

}  // namespace
}  // namespace hip::daemon
