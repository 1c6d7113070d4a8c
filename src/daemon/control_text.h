// The control replies as text for people: `hipctl status` and `hipctl peers`
// print these. Aligned columns, human units ("1.2 MB", "3m12s"), "-" where a
// value does not exist yet. ASCII only, so columns line up in any terminal.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/time.h"
#include "daemon/control_protocol.h"

namespace hip::daemon {

// Decimal (SI) units as network tools count traffic: "0 B", "999 B",
// "1.2 kB", "45.6 MB", "123 MB", "2.0 GB".
std::string human_bytes(std::uint64_t bytes);
// Exact below 100000, then "123k", "4.5M", "12G".
std::string human_count(std::uint64_t count);
// The two largest units: "0s", "45s", "3m12s", "2h05m", "3d04h".
std::string human_age(base::Duration d);

class TextTable {
 public:
  explicit TextTable(std::vector<std::string> headers);
  // Numbers read best right-aligned.
  void align_right(std::size_t column);
  void add_row(std::vector<std::string> cells);
  // Columns two spaces apart, no trailing spaces, one line per row.
  std::string render() const;
  std::size_t rows() const { return rows_.size(); }

 private:
  std::vector<std::string> headers_;
  std::vector<bool> right_;
  std::vector<std::vector<std::string>> rows_;
};

std::string render_status(const StatusReply& reply);
std::string render_peers(const PeersReply& reply);

}  // namespace hip::daemon
