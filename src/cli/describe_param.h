// Describes one HIP parameter by its HIPv2 meaning, through the typed views
// of wire/params/: a JSON object for --json and a one-line summary (plus
// optional detail lines) for text mode, built side by side so the two cannot
// disagree. A parameter whose typed parse fails keeps its raw contents and
// carries the error; an unknown parameter is shown as such.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "wire/packet.h"
#include "wire/parse_error.h"

namespace hip::cli {

struct ParamReport {
  nlohmann::ordered_json json;        // offset, type, name, critical, length, decoded fields
  std::string name;                   // RFC name, "UNKNOWN" when not defined for the version
  std::string summary;                // text mode: the decoded fields on one line
  std::vector<std::string> details;   // text mode: further lines (one per locator, ...)
  std::optional<wire::ParseError> error;  // the parameter is malformed
  std::string error_message;          // what exactly is wrong, for the report
  // Rules the parameter breaks while its contents can still be shown within
  // its TLV bounds (the inspector is more forgiving than the protocol path).
  std::vector<std::string> violations;
  bool known = true;
};

ParamReport describe_param(const wire::Param& param, std::uint8_t version);

namespace detail {
// Families implemented in their own files; each returns false when `param`
// is not of its family. They fill `report` (json fields, summary, error).
bool describe_identity_param(const wire::Param& param, ParamReport& report);
bool describe_address_param(const wire::Param& param, ParamReport& report);

// Shared by the families: records a failed typed parse.
void set_error(ParamReport& report, const wire::ParseError& error, std::string message = {});

// Runs P's typed parse and hands the view to `fn`, or records the error.
template <class P, class Fn>
void with_parsed(const wire::Param& param, ParamReport& report, Fn&& fn) {
  auto parsed = P::parse(param);
  if (!parsed) {
    set_error(report, parsed.error());
    return;
  }
  fn(*parsed);
}
}  // namespace detail

}  // namespace hip::cli
