// Runs the built hipctl (HIPCTL_PATH, set by tests/cli/CMakeLists.txt) the
// way a user would, and parses its --json output with nlohmann.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "support/subprocess.h"

namespace hip::test {

inline CommandResult run_hipctl(const std::vector<std::string>& args) {
  std::vector<std::string> argv = {HIPCTL_PATH};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_command(argv);
}

struct JsonDecode {
  CommandResult result;
  nlohmann::json doc;
};

// `hipctl --json decode FILE`; fails the test when stdout is not JSON.
inline JsonDecode decode_json(const std::string& file) {
  JsonDecode d;
  d.result = run_hipctl({"--json", "decode", file});
  d.doc = nlohmann::json::parse(d.result.out, nullptr, /*allow_exceptions=*/false);
  EXPECT_FALSE(d.doc.is_discarded()) << "not JSON:\n" << d.result.out << "\nstderr:\n" << d.result.err;
  return d;
}

// The (type, length) pairs of a decoded packet's parameters, in order.
inline std::vector<std::pair<int, int>> param_types_and_lengths(const nlohmann::json& packet) {
  std::vector<std::pair<int, int>> out;
  for (const auto& p : packet["parameters"]) out.emplace_back(p["type"].get<int>(), p["length"].get<int>());
  return out;
}

}  // namespace hip::test
