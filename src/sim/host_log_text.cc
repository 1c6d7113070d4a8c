// format_log lives apart from host_log.cc because it needs the engine's names
// (engine/names.cc), while the queries need only the engine's headers.
#include <algorithm>
#include <string>
#include <vector>

#include "sim/event_queue.h"
#include "sim/host_log.h"

namespace hip::sim {

std::string format_log(const HostLog& log) {
  struct Line {
    base::Time at;
    std::size_t order;
    std::string text;
  };
  std::vector<Line> lines;
  std::size_t order = 0;
  for (const auto& e : log.state_changes()) {
    lines.push_back({e.at, order++,
                     std::string(engine::to_string(e.change.from)) + " -> " +
                         std::string(engine::to_string(e.change.to)) + " with " +
                         e.change.peer_hit.to_string() + " (" +
                         std::string(engine::to_string(e.change.reason)) + ")"});
  }
  for (const auto& n : log.notify_log()) {
    lines.push_back({n.at, order++,
                     "NOTIFY " + std::to_string(n.notify.notify_type) + " from " +
                         n.notify.peer_hit.to_string() +
                         (n.notify.verified ? " (verified)" : " (unverified)")});
  }
  for (auto t : log.crashes()) lines.push_back({t, order++, "CRASH"});
  for (auto t : log.restarts()) lines.push_back({t, order++, "RESTART"});
  std::stable_sort(lines.begin(), lines.end(),
                   [](const Line& a, const Line& b) { return a.at < b.at; });
  std::string out;
  for (const auto& l : lines) out += format_time(l.at) + " " + l.text + "\n";
  return out;
}

}  // namespace hip::sim
