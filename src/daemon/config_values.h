// The small value syntaxes of hipd's configuration, shared by the TOML file,
// the hosts file and hipctl: durations ("15m", "1m30s", "500ms"), algorithm
// names ("p256", "aes-128-gcm") and the checks that make an address a usable
// locator or a HIT. Each parser returns the value or a one-line reason.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/hit.h"
#include "base/ip_address.h"
#include "base/result.h"
#include "base/time.h"

namespace hip::daemon {

// One or more <integer><unit> groups, units ms, s, m, h, d: "2s", "15m",
// "1h30m", "500ms". A bare number is refused: "5" could mean anything.
base::Result<base::Duration, std::string> parse_duration(std::string_view text);
// The inverse, exact and compact: "1h30m", "500ms", "0s".
std::string format_duration(base::Duration d);

// Algorithm names, case-insensitive, '-' and '_' ignored, so "P-256",
// "p256" and "NIST_P256" are the same. Numbers are the RFC IDs.
//   DH groups (RFC 7401 §5.2.7): modp1536 3, modp3072 4, p256 7, p384 8,
//     p521 9, secp160r1 10, modp2048 11
//   HIP ciphers (RFC 7401 §5.2.8): null 1, aes-128-cbc 2, aes-256-cbc 4
//   ESP transforms (RFC 7402 §5.1.2): aes-128-cbc-sha1 1, null-sha256 7,
//     aes-128-cbc-sha256 8, aes-256-cbc-sha256 9, aes-128-gcm-8 12,
//     aes-128-gcm 13 (also "aes-gcm", "aes-gcm-16"). The GCM key size is
//     hipstack's local policy, AES-128 (esp/transform.h).
std::optional<std::uint8_t> dh_group_from_name(std::string_view name);
std::optional<std::uint16_t> hip_cipher_from_name(std::string_view name);
std::optional<std::uint16_t> esp_transform_from_name(std::string_view name);
// The canonical short names above; empty for a number without one.
std::string_view dh_group_short_name(std::uint16_t id);
std::string_view hip_cipher_short_name(std::uint16_t id);
std::string_view esp_transform_short_name(std::uint16_t id);
// Every canonical name of a family, for "expected one of ..." messages.
std::string dh_group_names();
std::string hip_cipher_names();
std::string esp_transform_names();

// hipd's log levels, by spdlog's names: "trace", ..., "info", ..., "off".
enum class LogLevel : std::uint8_t { trace, debug, info, warn, error, critical, off };
std::string_view to_string(LogLevel level);
std::optional<LogLevel> log_level_from_name(std::string_view name);

// An address a peer or this host can be reached at. Refuses what is not
// a plain unicast locator: HITs (ORCHIDv2 2001:20::/28, RFC 7343), LSIs
// (1.0.0.0/8, crypto/lsi.h), the unspecified address, multicast and the
// IPv4 broadcast address. IPv4-mapped IPv6 text becomes IPv4.
base::Result<base::IpAddress, std::string> parse_locator(std::string_view text);
// A peer's HIT: IPv6 text inside the ORCHIDv2 prefix.
base::Result<base::Hit, std::string> parse_hit(std::string_view text);

}  // namespace hip::daemon
