#include "cli/text_util.h"

#include <cstdio>

namespace hip::cli {
namespace {
constexpr char kDigits[] = "0123456789abcdef";
}  // namespace

std::string hex(std::span<const std::uint8_t> bytes) {
  std::string out;
  out.reserve(bytes.size() * 2);
  for (std::uint8_t b : bytes) {
    out.push_back(kDigits[b >> 4]);
    out.push_back(kDigits[b & 0x0f]);
  }
  return out;
}

std::string short_hex(std::span<const std::uint8_t> bytes, std::size_t max_bytes) {
  if (bytes.size() <= max_bytes) return hex(bytes);
  return hex(bytes.first(max_bytes)) + "…";
}

std::string hex_number(std::uint64_t value, int digits) {
  std::string out = "0x";
  for (int i = digits - 1; i >= 0; --i) out.push_back(kDigits[(value >> (4 * i)) & 0x0f]);
  return out;
}

std::string numbered(std::uint64_t value, std::string_view name) {
  std::string out = std::to_string(value);
  if (name.empty()) return out + " (unassigned)";
  out += ' ';
  out += name;
  return out;
}

std::string printable(std::span<const std::uint8_t> bytes) {
  std::string out;
  for (std::uint8_t b : bytes) {
    if (b >= 0x20 && b < 0x7f && b != '\\') {
      out.push_back(static_cast<char>(b));
    } else {
      out += "\\x";
      out.push_back(kDigits[b >> 4]);
      out.push_back(kDigits[b & 0x0f]);
    }
  }
  return out;
}

std::string dns_name_text(std::span<const std::uint8_t> bytes) {
  std::string out;
  std::size_t at = 0;
  while (at < bytes.size()) {
    const std::size_t label = bytes[at];
    if (label == 0) {  // the root label ends the name; it must be last
      return at + 1 == bytes.size() ? (out.empty() ? "." : out) : printable(bytes);
    }
    if (label > 63 || at + 1 + label > bytes.size()) return printable(bytes);
    if (!out.empty()) out.push_back('.');
    out += printable(bytes.subspan(at + 1, label));
    at += 1 + label;
  }
  return out;  // no root label: accept the name as it is
}

std::string human_seconds(double seconds) {
  struct Unit {
    double size;
    const char* name;
  };
  static constexpr Unit kUnits[] = {{86400, "d"}, {3600, "h"}, {60, "min"}, {1, "s"}, {0.001, "ms"}};
  for (const Unit& unit : kUnits) {
    if (seconds >= unit.size) {
      char buffer[32];
      std::snprintf(buffer, sizeof buffer, "%.3g %s", seconds / unit.size, unit.name);
      return buffer;
    }
  }
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.3g s", seconds);
  return buffer;
}

}  // namespace hip::cli
