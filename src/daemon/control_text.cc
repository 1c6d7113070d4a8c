#include "daemon/control_text.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>

#include "daemon/config_values.h"

namespace hip::daemon {
namespace {

// One decimal below 100 ("1.2", "45.6"), none above ("123").
std::string scaled(double value, const char* unit) {
  char buffer[32];
  if (value < 100) {
    std::snprintf(buffer, sizeof buffer, "%.1f%s", value, unit);
  } else {
    std::snprintf(buffer, sizeof buffer, "%.0f%s", value, unit);
  }
  return buffer;
}

std::string hex_spi(std::uint32_t spi) {
  if (spi == 0) return "-";
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "0x%08x", spi);
  return buffer;
}

std::string transform_name(std::uint16_t id) {
  if (id == 0) return "-";
  const auto name = esp_transform_short_name(id);
  return name.empty() ? "suite " + std::to_string(id) : std::string(name);
}

std::string peer_locator(const engine::Path& path) {
  std::string text = path.peer.to_string();
  if (path.udp) text += " (udp)";
  return text;
}

std::string plural(std::uint64_t n, const std::string& noun) {
  return std::to_string(n) + " " + noun + (n == 1 ? "" : "s");
}

// "name 3, other 1": only the counters that are not zero.
std::string nonzero_list(const std::vector<NamedCount>& counts) {
  std::string out;
  for (const NamedCount& c : counts) {
    if (c.value == 0) continue;
    if (!out.empty()) out += ", ";
    out += c.name + " " + std::to_string(c.value);
  }
  return out;
}

}  // namespace

std::string human_bytes(std::uint64_t bytes) {
  if (bytes < 1000) return std::to_string(bytes) + " B";
  constexpr std::array<const char*, 6> kUnits = {" kB", " MB", " GB", " TB", " PB", " EB"};
  double value = static_cast<double>(bytes) / 1000.0;
  std::size_t unit = 0;
  // Round first, so 999.96 kB shows as 1.0 MB rather than "1000 kB".
  while (unit + 1 < kUnits.size() && value >= 999.5) {
    value /= 1000.0;
    ++unit;
  }
  return scaled(value, kUnits[unit]);
}

std::string human_count(std::uint64_t count) {
  if (count < 100000) return std::to_string(count);
  constexpr std::array<const char*, 5> kUnits = {"k", "M", "G", "T", "P"};
  double value = static_cast<double>(count) / 1000.0;
  std::size_t unit = 0;
  while (unit + 1 < kUnits.size() && value >= 999.5) {
    value /= 1000.0;
    ++unit;
  }
  return scaled(value, kUnits[unit]);
}

std::string human_age(base::Duration d) {
  using namespace std::chrono;
  const auto total = duration_cast<seconds>(d).count();
  if (total <= 0) return "0s";
  const auto days = total / 86400;
  const auto hours = (total % 86400) / 3600;
  const auto minutes = (total % 3600) / 60;
  const auto secs = total % 60;
  char buffer[48];
  if (days > 0) {
    std::snprintf(buffer, sizeof buffer, "%lldd%02lldh", static_cast<long long>(days),
                  static_cast<long long>(hours));
  } else if (hours > 0) {
    std::snprintf(buffer, sizeof buffer, "%lldh%02lldm", static_cast<long long>(hours),
                  static_cast<long long>(minutes));
  } else if (minutes > 0) {
    std::snprintf(buffer, sizeof buffer, "%lldm%02llds", static_cast<long long>(minutes),
                  static_cast<long long>(secs));
  } else {
    std::snprintf(buffer, sizeof buffer, "%llds", static_cast<long long>(secs));
  }
  return buffer;
}

TextTable::TextTable(std::vector<std::string> headers)
    : headers_(std::move(headers)), right_(headers_.size(), false) {}

void TextTable::align_right(std::size_t column) {
  if (column < right_.size()) right_[column] = true;
}

void TextTable::add_row(std::vector<std::string> cells) {
  cells.resize(headers_.size());
  rows_.push_back(std::move(cells));
}

std::string TextTable::render() const {
  std::vector<std::size_t> width(headers_.size());
  for (std::size_t c = 0; c < headers_.size(); ++c) width[c] = headers_[c].size();
  for (const auto& row : rows_) {
    for (std::size_t c = 0; c < row.size(); ++c) width[c] = std::max(width[c], row[c].size());
  }
  std::string out;
  auto emit = [&](const std::vector<std::string>& cells) {
    std::string line;
    for (std::size_t c = 0; c < cells.size(); ++c) {
      if (c > 0) line += "  ";
      const std::string pad(width[c] - cells[c].size(), ' ');
      line += right_[c] ? pad + cells[c] : cells[c] + pad;
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
  };
  emit(headers_);
  for (const auto& row : rows_) emit(row);
  return out;
}

std::string render_status(const StatusReply& reply) {
  std::string out = "hipd up " + human_age(reply.uptime) + ", " +
                    plural(reply.associations.size(), "association") + "\n";
  for (const base::Hit& hit : reply.local_hits) out += "local HIT " + hit.to_string() + "\n";
  out += "\n";

  if (reply.associations.empty()) {
    out += "no associations\n";
  } else {
    TextTable table({"PEER HIT", "STATE", "LOCAL", "PEER", "SPI IN", "SPI OUT", "TRANSFORM",
                     "PKTS IN", "BYTES IN", "PKTS OUT", "BYTES OUT", "AGE", "REKEY"});
    for (std::size_t c : {7u, 8u, 9u, 10u, 11u, 12u}) table.align_right(c);
    for (const AssociationStatus& a : reply.associations) {
      const bool keyed = a.inbound.spi != 0 || a.outbound.spi != 0;
      table.add_row({a.peer_hit.to_string(), std::string(engine::to_string(a.state)),
                     a.path.local.to_string(), peer_locator(a.path), hex_spi(a.inbound.spi),
                     hex_spi(a.outbound.spi), transform_name(a.esp_transform),
                     human_count(a.inbound.packets), human_bytes(a.inbound.bytes),
                     human_count(a.outbound.packets), human_bytes(a.outbound.bytes),
                     a.age ? human_age(*a.age) : "-",
                     a.since_rekey ? human_age(*a.since_rekey) : (keyed ? "never" : "-")});
    }
    out += table.render();
  }

  const engine::Counters& c = reply.hip;
  std::vector<NamedCount> drops;
  for (std::size_t i = 0; i < c.dropped.size(); ++i) {
    drops.push_back({std::string(engine::to_string(static_cast<engine::Drop>(i))), c.dropped[i]});
  }
  // The commonest reason first: that is the one to look into.
  std::stable_sort(drops.begin(), drops.end(),
                   [](const NamedCount& a, const NamedCount& b) { return a.value > b.value; });
  out += "\nHIP: " + std::to_string(c.received) + " received, " + std::to_string(c.sent) +
         " sent, " + std::to_string(c.retransmissions) + " retransmitted, " +
         plural(c.base_exchanges_completed, "base exchange") + " completed, " +
         std::to_string(c.dropped_total()) + " dropped";
  const std::string drop_list = nonzero_list(drops);
  if (!drop_list.empty()) out += " (" + drop_list + ")";
  out += "\n";
  const std::string daemon_list = nonzero_list(reply.daemon);
  if (!daemon_list.empty()) out += "hipd: " + daemon_list + "\n";
  return out;
}

std::string render_peers(const PeersReply& reply) {
  if (reply.peers.empty()) return "no peers configured\n";
  TextTable table({"PEER HIT", "LSI", "LOCATORS", "UDP", "STATE", "SOURCE"});
  for (const PeerStatus& p : reply.peers) {
    std::string locators;
    for (const auto& l : p.locators) locators += (locators.empty() ? "" : ", ") + l.to_string();
    table.add_row({p.hit.to_string(), p.lsi ? p.lsi->to_string() : "-", locators,
                   p.udp ? "yes" : "no", p.state ? std::string(engine::to_string(*p.state)) : "-",
                   p.source});
  }
  return table.render();
}

}  // namespace hip::daemon
