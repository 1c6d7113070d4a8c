#include "daemon/config_values.h"

#include <array>
#include <cctype>
#include <chrono>

#include "crypto/lsi.h"

namespace hip::daemon {
namespace {

using namespace std::chrono_literals;

// Longer than any timer makes sense for, and far below int64 nanoseconds.
constexpr base::Duration kMaxDuration = std::chrono::hours(24 * 365);

struct Unit {
  std::string_view suffix;
  base::Duration size;
};
// "ms" before "m" so the longest suffix wins.
constexpr std::array<Unit, 5> kUnits = {{
    {"ms", 1ms}, {"s", 1s}, {"m", 1min}, {"h", 1h}, {"d", 24h},
}};

struct Named {
  std::uint16_t id;
  std::string_view name;  // canonical: first entry for an id
};

constexpr std::array<Named, 9> kDhGroups = {{
    {3, "modp1536"}, {4, "modp3072"}, {7, "p256"}, {8, "p384"}, {9, "p521"},
    {10, "secp160r1"}, {11, "modp2048"}, {7, "nistp256"}, {8, "nistp384"},
}};
constexpr std::array<Named, 4> kHipCiphers = {{
    {1, "null"}, {2, "aes-128-cbc"}, {4, "aes-256-cbc"}, {1, "null-encrypt"},
}};
constexpr std::array<Named, 9> kEspTransforms = {{
    {1, "aes-128-cbc-sha1"}, {7, "null-sha256"}, {8, "aes-128-cbc-sha256"},
    {9, "aes-256-cbc-sha256"}, {12, "aes-128-gcm-8"}, {13, "aes-128-gcm"},
    {13, "aes-gcm"}, {13, "aes-gcm-16"}, {12, "aes-gcm-8"},
}};

// Lower case without '-', '_' and spaces: the form names are compared in.
std::string squash(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '-' || c == '_' || c == ' ') continue;
    out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  return out;
}

template <std::size_t N>
std::optional<std::uint16_t> find_id(const std::array<Named, N>& table, std::string_view name) {
  const std::string wanted = squash(name);
  for (const Named& n : table) {
    if (squash(n.name) == wanted) return n.id;
  }
  return std::nullopt;
}

template <std::size_t N>
std::string_view find_name(const std::array<Named, N>& table, std::uint16_t id) {
  for (const Named& n : table) {
    if (n.id == id) return n.name;
  }
  return {};
}

template <std::size_t N>
std::string all_names(const std::array<Named, N>& table) {
  std::string out;
  std::array<bool, 256> seen{};
  for (const Named& n : table) {
    if (seen[n.id & 0xff]) continue;  // canonical names only
    seen[n.id & 0xff] = true;
    if (!out.empty()) out += ", ";
    out += n.name;
  }
  return out;
}

}  // namespace

base::Result<base::Duration, std::string> parse_duration(std::string_view text) {
  const std::string usage = "expected a duration such as \"15m\", \"2s\", \"500ms\" or \"1h30m\"";
  if (text.empty()) return base::unexpected("empty duration: " + usage);
  base::Duration total{};
  std::size_t i = 0;
  while (i < text.size()) {
    if (!std::isdigit(static_cast<unsigned char>(text[i]))) {
      return base::unexpected("bad duration \"" + std::string(text) + "\": " + usage);
    }
    std::int64_t number = 0;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) {
      number = number * 10 + (text[i] - '0');
      if (number > 1'000'000'000) return base::unexpected("duration \"" + std::string(text) + "\" is too long");
      ++i;
    }
    const Unit* unit = nullptr;
    for (const Unit& u : kUnits) {
      if (text.substr(i, u.suffix.size()) == u.suffix) {
        unit = &u;
        break;
      }
    }
    if (unit == nullptr) {
      return base::unexpected("bad duration \"" + std::string(text) + "\" (missing or unknown unit; units: ms, s, m, h, d): " + usage);
    }
    i += unit->suffix.size();
    if (number > kMaxDuration / unit->size) {
      return base::unexpected("duration \"" + std::string(text) + "\" is too long (at most 365d)");
    }
    total += number * unit->size;
    if (total > kMaxDuration) {
      return base::unexpected("duration \"" + std::string(text) + "\" is too long (at most 365d)");
    }
  }
  return total;
}

std::string format_duration(base::Duration d) {
  if (d <= base::Duration::zero()) return "0s";
  std::string out;
  auto rest = std::chrono::duration_cast<std::chrono::milliseconds>(d);
  const std::array<std::pair<std::chrono::milliseconds, std::string_view>, 5> parts = {{
      {std::chrono::hours(24), "d"}, {1h, "h"}, {1min, "m"}, {1s, "s"}, {1ms, "ms"},
  }};
  for (const auto& [size, suffix] : parts) {
    const auto count = rest / size;
    if (count == 0) continue;
    out += std::to_string(count);
    out += suffix;
    rest -= count * size;
  }
  return out.empty() ? "0s" : out;
}

std::optional<std::uint8_t> dh_group_from_name(std::string_view name) {
  auto id = find_id(kDhGroups, name);
  if (!id) return std::nullopt;
  return static_cast<std::uint8_t>(*id);
}
std::optional<std::uint16_t> hip_cipher_from_name(std::string_view name) {
  return find_id(kHipCiphers, name);
}
std::optional<std::uint16_t> esp_transform_from_name(std::string_view name) {
  return find_id(kEspTransforms, name);
}
std::string_view dh_group_short_name(std::uint16_t id) { return find_name(kDhGroups, id); }
std::string_view hip_cipher_short_name(std::uint16_t id) { return find_name(kHipCiphers, id); }
std::string_view esp_transform_short_name(std::uint16_t id) {
  return find_name(kEspTransforms, id);
}
std::string dh_group_names() { return all_names(kDhGroups); }
std::string hip_cipher_names() { return all_names(kHipCiphers); }
std::string esp_transform_names() { return all_names(kEspTransforms); }

namespace {
constexpr std::array<std::pair<LogLevel, std::string_view>, 7> kLogLevels = {{
    {LogLevel::trace, "trace"}, {LogLevel::debug, "debug"}, {LogLevel::info, "info"},
    {LogLevel::warn, "warn"}, {LogLevel::error, "error"}, {LogLevel::critical, "critical"},
    {LogLevel::off, "off"},
}};
}  // namespace

std::string_view to_string(LogLevel level) {
  for (const auto& [l, name] : kLogLevels) {
    if (l == level) return name;
  }
  return "?";
}

std::optional<LogLevel> log_level_from_name(std::string_view name) {
  for (const auto& [l, n] : kLogLevels) {
    if (n == name) return l;
  }
  return std::nullopt;
}

base::Result<base::IpAddress, std::string> parse_locator(std::string_view text) {
  auto parsed = base::IpAddress::parse(text);
  const std::string quoted = "\"" + std::string(text) + "\"";
  if (!parsed) return base::unexpected(quoted + " is not an IPv4 or IPv6 address");
  // ::ffff:a.b.c.d is an IPv4 locator written the IPv6 way.
  const base::IpAddress address = base::IpAddress::from_16_bytes(parsed->to_16_bytes());
  const auto bytes = address.bytes();
  if (!address.is_v4()) {
    const auto hit = base::Hit::from(std::span<const std::uint8_t, 16>(bytes.data(), 16));
    if (hit.is_orchid_v2()) {
      return base::unexpected(quoted + " is a HIT (ORCHIDv2 2001:20::/28), not a locator");
    }
    if (hit.is_null()) return base::unexpected(quoted + " is the unspecified address, not a locator");
    if (bytes[0] == 0xff) return base::unexpected(quoted + " is a multicast address, not a locator");
    return address;
  }
  if (crypto::is_lsi(address)) {
    return base::unexpected(quoted + " is an LSI (1.0.0.0/8), not a locator");
  }
  if (bytes[0] == 0 && bytes[1] == 0 && bytes[2] == 0 && bytes[3] == 0) {
    return base::unexpected(quoted + " is the unspecified address, not a locator");
  }
  if (bytes[0] >= 224 && bytes[0] <= 239) {
    return base::unexpected(quoted + " is a multicast address, not a locator");
  }
  if (bytes[0] == 255 && bytes[1] == 255 && bytes[2] == 255 && bytes[3] == 255) {
    return base::unexpected(quoted + " is the broadcast address, not a locator");
  }
  return address;
}

base::Result<base::Hit, std::string> parse_hit(std::string_view text) {
  const std::string quoted = "\"" + std::string(text) + "\"";
  auto address = base::IpAddress::parse(text);
  if (!address) return base::unexpected(quoted + " is not a HIT (expected IPv6 text)");
  if (address->is_v4()) return base::unexpected(quoted + " is an IPv4 address, not a HIT");
  const auto hit = base::Hit::from(std::span<const std::uint8_t, 16>(address->bytes().data(), 16));
  if (!hit.is_orchid_v2()) {
    return base::unexpected(quoted + " is not a HIT (outside the ORCHIDv2 prefix 2001:20::/28)");
  }
  return hit;
}

}  // namespace hip::daemon
