// Small formatting helpers shared by the describers: hex, shortened hex for
// text mode, "number + RFC name", and text fields made safe to print.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace hip::cli {

std::string hex(std::span<const std::uint8_t> bytes);
// At most `max_bytes` bytes of hex, then "…" when there were more.
std::string short_hex(std::span<const std::uint8_t> bytes, std::size_t max_bytes = 8);
// "0x0000ab12" style, `digits` hex digits.
std::string hex_number(std::uint64_t value, int digits);

// "7 NIST P-256", or "99 (unassigned)" when the RFCs give the number no name.
std::string numbered(std::uint64_t value, std::string_view name);

// Printable ASCII kept as is, everything else as \xNN: peer-supplied text
// (a Domain Identifier) must not drive the terminal.
std::string printable(std::span<const std::uint8_t> bytes);

// An RFC 1035 §3.1 wire-format name (length-prefixed labels) as dotted text;
// falls back to printable() when the labels do not add up.
std::string dns_name_text(std::span<const std::uint8_t> bytes);

// Seconds as "30 s", "2.5 min", "4 h", "178 d"... for lifetimes.
std::string human_seconds(double seconds);

}  // namespace hip::cli
