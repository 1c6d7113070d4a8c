#include "daemon/config_reader.h"

#include <cmath>
#include <sstream>

#include "daemon/config_values.h"

namespace hip::daemon::detail {
namespace {

std::string toml_number(double v) {
  std::ostringstream out;
  out << v;
  return out.str();
}

}  // namespace

void fail_at(const std::string& file, const toml::source_region& where, std::string message) {
  throw ConfigFailure{ConfigError{file, static_cast<int>(where.begin.line),
                                  static_cast<int>(where.begin.column), std::move(message)}};
}

std::string_view describe_type(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::table: return "a table";
    case toml::node_type::array: return "an array";
    case toml::node_type::string: return "a string";
    case toml::node_type::integer: return "an integer";
    case toml::node_type::floating_point: return "a floating-point number";
    case toml::node_type::boolean: return "a boolean";
    case toml::node_type::date: return "a date";
    case toml::node_type::time: return "a time";
    case toml::node_type::date_time: return "a date-time";
    case toml::node_type::none: break;
  }
  return "nothing";
}

TableReader::TableReader(const toml::table& table, std::string name, std::string file)
    : table_(table), name_(std::move(name)), file_(std::move(file)) {}

std::string TableReader::qualified(std::string_view key) const {
  return name_.empty() ? std::string(key) : name_ + "." + std::string(key);
}

void TableReader::fail(const toml::node& at, std::string message) const {
  fail_at(file_, at.source(), std::move(message));
}

const toml::node* TableReader::take(std::string_view key) {
  known_.emplace(key);
  return table_.get(key);
}

const toml::node* TableReader::read_bool(std::string_view key, bool& out) {
  const toml::node* node = take(key);
  if (node == nullptr) return nullptr;
  if (!node->is_boolean()) {
    fail(*node, qualified(key) + " must be true or false, not " + std::string(describe_type(*node)));
  }
  out = node->as_boolean()->get();
  return node;
}

const toml::node* TableReader::read_string(std::string_view key, std::string& out) {
  const toml::node* node = take(key);
  if (node == nullptr) return nullptr;
  if (!node->is_string()) {
    fail(*node, qualified(key) + " must be a string, not " + std::string(describe_type(*node)));
  }
  out = node->as_string()->get();
  return node;
}

const toml::node* TableReader::read_duration(std::string_view key, base::Duration& out) {
  const toml::node* node = take(key);
  if (node == nullptr) return nullptr;
  if (!node->is_string()) {
    fail(*node, qualified(key) + " must be a duration string such as \"2s\" or \"15m\", not " +
                    std::string(describe_type(*node)));
  }
  auto parsed = parse_duration(node->as_string()->get());
  if (!parsed) fail(*node, qualified(key) + ": " + parsed.error());
  if (*parsed <= base::Duration::zero()) fail(*node, qualified(key) + " must be longer than 0s");
  out = *parsed;
  return node;
}

const toml::node* TableReader::read_number(std::string_view key, double& out, double min, double max) {
  const toml::node* node = take(key);
  if (node == nullptr) return nullptr;
  double v = 0;
  if (node->is_integer()) {
    v = static_cast<double>(node->as_integer()->get());
  } else if (node->is_floating_point()) {
    v = node->as_floating_point()->get();
  } else {
    fail(*node, qualified(key) + " must be a number, not " + std::string(describe_type(*node)));
  }
  if (!std::isfinite(v) || v < min || v > max) {
    fail(*node, qualified(key) + " must lie between " + toml_number(min) + " and " + toml_number(max));
  }
  out = v;
  return node;
}

const toml::node* TableReader::read_int(std::string_view key, std::int64_t& out, std::int64_t min,
                           std::int64_t max) {
  const toml::node* node = take(key);
  if (node == nullptr) return nullptr;
  if (!node->is_integer()) {
    fail(*node, qualified(key) + " must be an integer, not " + std::string(describe_type(*node)));
  }
  const std::int64_t v = node->as_integer()->get();
  if (v < min || v > max) {
    fail(*node, qualified(key) + " must lie between " + std::to_string(min) + " and " +
                    std::to_string(max) + ", not " + std::to_string(v));
  }
  out = v;
  return node;
}

const toml::array* TableReader::array(std::string_view key) {
  const toml::node* node = take(key);
  if (node == nullptr) return nullptr;
  if (!node->is_array()) {
    fail(*node, qualified(key) + " must be an array [...], not " + std::string(describe_type(*node)));
  }
  return node->as_array();
}

const toml::table* TableReader::table(std::string_view key) {
  const toml::node* node = take(key);
  if (node == nullptr) return nullptr;
  if (!node->is_table()) {
    fail(*node, "[" + qualified(key) + "] must be a table, not " + std::string(describe_type(*node)));
  }
  return node->as_table();
}

const toml::array* TableReader::table_array(std::string_view key) {
  const toml::node* node = take(key);
  if (node == nullptr) return nullptr;
  if (!node->is_array_of_tables()) {
    fail(*node, qualified(key) + " must be written [[" + qualified(key) + "]], not as " +
                    std::string(describe_type(*node)));
  }
  return node->as_array();
}

void TableReader::finish() const {
  for (const auto& [key, value] : table_) {
    if (known_.count(key.str()) != 0) continue;
    std::string known;
    for (const std::string& k : known_) known += (known.empty() ? "" : ", ") + k;
    const std::string where = name_.empty() ? "at the top level" : "in [" + name_ + "]";
    fail_at(file_, key.source(),
            "unknown key '" + std::string(key.str()) + "' " + where + " (known: " + known + ")");
  }
}

}  // namespace hip::daemon::detail
