// The hosts-file form of the peer table, one peer a line:
//
//   # HIT                                     locators...              [udp]
//   2001:22:51b8:2f4c:9a2b:6d1e:3c70:41f5   192.0.2.7 2001:db8::7
//   2001:21:7d10:aa4e:2c4b:1f9e:88b3:c2d0   198.51.100.20            udp
//
// Fields are separated by spaces or tabs; '#' starts a comment. Errors give
// the line and the column of the field at fault.
#include <string>
#include <vector>

#include "daemon/config.h"
#include "daemon/config_files.h"
#include "daemon/config_values.h"

namespace hip::daemon {
namespace {

struct Field {
  std::string_view text;
  int column = 0;  // 1-based
};

std::vector<Field> split_fields(std::string_view line) {
  std::vector<Field> fields;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r')) ++i;
    const std::size_t start = i;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t' && line[i] != '\r') ++i;
    if (i > start) fields.push_back({line.substr(start, i - start), static_cast<int>(start) + 1});
  }
  return fields;
}

}  // namespace

base::Result<void, ConfigError> parse_hosts(std::string_view text, const std::string& path,
                                            PeerTable& table) {
  int line_number = 0;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_number;
    if (const std::size_t hash = line.find('#'); hash != std::string_view::npos) {
      line = line.substr(0, hash);
    }
    const std::vector<Field> fields = split_fields(line);
    if (fields.empty()) continue;
    auto error = [&](const Field& at, std::string message) {
      return base::unexpected(ConfigError{path, line_number, at.column, std::move(message)});
    };

    auto hit = parse_hit(fields[0].text);
    if (!hit) return error(fields[0], hit.error());
    PeerEntry entry;
    entry.hit = *hit;
    entry.origin = {path, line_number, 1};
    for (std::size_t i = 1; i < fields.size(); ++i) {
      if (fields[i].text == "udp") {
        if (i + 1 != fields.size()) return error(fields[i], "'udp' must be the last field of the line");
        entry.udp = true;
        continue;
      }
      auto locator = parse_locator(fields[i].text);
      if (!locator) return error(fields[i], locator.error());
      entry.locators.push_back(*locator);
    }
    if (entry.locators.empty()) {
      return error(fields[0], "peer " + std::string(fields[0].text) +
                                  " has no locator (expected: HIT locator [locator...] [udp])");
    }
    if (const PeerEntry* first = table.add(std::move(entry))) {
      return error(fields[0], "peer " + std::string(fields[0].text) + " is already listed at " +
                                  first->origin.describe());
    }
  }
  return {};
}

base::Result<void, ConfigError> load_hosts(const std::string& path, PeerTable& table) {
  auto text = read_config_text(path);
  if (!text) return base::unexpected(ConfigError{path, 0, 0, "hosts file: " + text.error()});
  return parse_hosts(*text, path, table);
}

}  // namespace hip::daemon
