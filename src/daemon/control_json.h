// Internal to the control protocol: typed reads of JSON fields that never
// throw (a wrong type is "absent"), and durations as seconds.
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "base/time.h"

namespace hip::daemon::detail {

using Json = nlohmann::json;

inline const Json* field(const Json& object, std::string_view key) {
  if (!object.is_object()) return nullptr;
  auto it = object.find(key);
  return it == object.end() ? nullptr : &*it;
}

inline std::optional<std::string> get_string(const Json& object, std::string_view key) {
  const Json* f = field(object, key);
  if (f == nullptr || !f->is_string()) return std::nullopt;
  return f->get_ref<const std::string&>();
}

inline std::optional<bool> get_bool(const Json& object, std::string_view key) {
  const Json* f = field(object, key);
  if (f == nullptr || !f->is_boolean()) return std::nullopt;
  return f->get<bool>();
}

inline std::optional<std::uint64_t> get_uint(const Json& object, std::string_view key,
                                             std::uint64_t max = std::numeric_limits<std::uint64_t>::max()) {
  const Json* f = field(object, key);
  if (f == nullptr) return std::nullopt;
  std::uint64_t v = 0;
  if (f->is_number_unsigned()) {
    v = f->get<std::uint64_t>();
  } else if (f->is_number_integer() && f->get<std::int64_t>() >= 0) {
    v = static_cast<std::uint64_t>(f->get<std::int64_t>());
  } else {
    return std::nullopt;
  }
  if (v > max) return std::nullopt;
  return v;
}

// Durations travel as seconds with millisecond precision ("age_s": 192.25).
inline Json encode_seconds(base::Duration d) {
  const auto ms = std::chrono::round<std::chrono::milliseconds>(d).count();
  return static_cast<double>(ms) / 1000.0;
}

inline std::optional<base::Duration> decode_seconds(const Json& value) {
  if (!value.is_number()) return std::nullopt;
  const double s = value.get<double>();
  if (!std::isfinite(s) || s < 0 || s > 1e9) return std::nullopt;
  return base::Duration(std::llround(s * 1e9));
}

inline std::optional<base::Duration> get_seconds(const Json& object, std::string_view key) {
  const Json* f = field(object, key);
  if (f == nullptr) return std::nullopt;
  return decode_seconds(*f);
}

}  // namespace hip::daemon::detail
