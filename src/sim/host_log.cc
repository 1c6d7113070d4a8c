#include "sim/host_log.h"

#include <algorithm>

namespace hip::sim {

namespace {

bool matches(const engine::StateChanged& c, engine::State state,
             const std::optional<base::Hit>& peer) {
  return c.to == state && (!peer || c.peer_hit == *peer);
}

}  // namespace

void HostLog::record(base::Time at, const engine::StateChanged& change) {
  changes_.push_back({at, change});
}

void HostLog::record(base::Time at, const engine::NotifyReceived& notify) {
  notifies_.push_back({at, notify});
}

std::size_t HostLog::times_entered(engine::State state, std::optional<base::Hit> peer,
                                   base::Time since) const {
  return static_cast<std::size_t>(std::count_if(
      changes_.begin(), changes_.end(),
      [&](const LoggedStateChange& e) { return e.at >= since && matches(e.change, state, peer); }));
}

std::optional<base::Time> HostLog::first_entered(engine::State state,
                                                 std::optional<base::Hit> peer,
                                                 base::Time since) const {
  for (const auto& e : changes_) {
    if (e.at >= since && matches(e.change, state, peer)) return e.at;
  }
  return std::nullopt;
}

std::optional<base::Time> HostLog::last_entered(engine::State state,
                                                std::optional<base::Hit> peer) const {
  for (auto it = changes_.rbegin(); it != changes_.rend(); ++it) {
    if (matches(it->change, state, peer)) return it->at;
  }
  return std::nullopt;
}

engine::State HostLog::current_state(const base::Hit& peer) const {
  // Only what the current incarnation logged counts: a crash forgets everything.
  for (std::size_t i = changes_.size(); i > changes_before_last_crash_; --i) {
    if (changes_[i - 1].change.peer_hit == peer) return changes_[i - 1].change.to;
  }
  return engine::State::unassociated;
}

std::size_t HostLog::notifies(std::uint16_t type, std::optional<base::Hit> peer) const {
  return static_cast<std::size_t>(
      std::count_if(notifies_.begin(), notifies_.end(), [&](const LoggedNotify& n) {
        return n.notify.notify_type == type && (!peer || n.notify.peer_hit == *peer);
      }));
}

}  // namespace hip::sim
