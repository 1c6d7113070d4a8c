// Internal to the config parser: reads one TOML table key by key, checks each
// value's type and range, and at the end refuses every key nobody asked for,
// so that a typo ("ual_timeout" for "ual") is an error rather than silently
// ignored. A problem throws ConfigFailure carrying a ConfigError with the
// value's file, line and column; config.cc turns it back into a value.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include <toml++/toml.h>

#include "base/time.h"
#include "daemon/config.h"

namespace hip::daemon::detail {

struct ConfigFailure {
  ConfigError error;
};

[[noreturn]] void fail_at(const std::string& file, const toml::source_region& where,
                          std::string message);

class TableReader {
 public:
  // `name` is the table's dotted name ("timers", "peer[2]"), "" for the root.
  TableReader(const toml::table& table, std::string name, std::string file);

  // The value of `key`, or nullptr when absent; either way `key` is known.
  const toml::node* take(std::string_view key);

  // Each read_* leaves `out` alone when the key is absent and returns the
  // node it read (nullptr when absent).
  const toml::node* read_bool(std::string_view key, bool& out);
  const toml::node* read_string(std::string_view key, std::string& out);
  const toml::node* read_duration(std::string_view key, base::Duration& out);
  const toml::node* read_number(std::string_view key, double& out, double min, double max);
  const toml::node* read_int(std::string_view key, std::int64_t& out, std::int64_t min, std::int64_t max);
  template <class Int>
  const toml::node* read_int(std::string_view key, Int& out,
                             Int min = std::numeric_limits<Int>::min(),
                             Int max = std::numeric_limits<Int>::max()) {
    std::int64_t v = out;
    const toml::node* node = read_int(key, v, static_cast<std::int64_t>(min),
                                      static_cast<std::int64_t>(max));
    out = static_cast<Int>(v);
    return node;
  }
  // An array value, or nullptr when absent.
  const toml::array* array(std::string_view key);
  // A table value, or nullptr when absent.
  const toml::table* table(std::string_view key);
  // An array of tables ([[peer]]), or nullptr when absent.
  const toml::array* table_array(std::string_view key);

  // Throws for the first key that no take()/read_*() asked for.
  void finish() const;

  // "timers.ual", for messages.
  std::string qualified(std::string_view key) const;
  [[noreturn]] void fail(const toml::node& at, std::string message) const;
  const std::string& file() const { return file_; }
  const toml::table& raw() const { return table_; }

 private:
  const toml::table& table_;
  std::string name_;
  std::string file_;
  std::set<std::string, std::less<>> known_;
};

// "a string", "an integer", ... for type errors.
std::string_view describe_type(const toml::node& node);

}  // namespace hip::daemon::detail
