// What a simulated host's engine reported, with virtual times: every
// StateChanged and NotifyReceived, plus the host's crashes and restarts.
// Tests ask it questions ("did A reach ESTABLISHED with B, when, how many
// times") instead of peeking into the engine.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/hit.h"
#include "base/time.h"
#include "engine/actions.h"
#include "engine/state.h"

namespace hip::sim {

struct LoggedStateChange {
  base::Time at{};
  engine::StateChanged change;
};

struct LoggedNotify {
  base::Time at{};
  engine::NotifyReceived notify;
};

class HostLog {
 public:
  void record(base::Time at, const engine::StateChanged& change);
  void record(base::Time at, const engine::NotifyReceived& notify);
  void record_crash(base::Time at) {
    crashes_.push_back(at);
    changes_before_last_crash_ = changes_.size();
  }
  void record_restart(base::Time at) { restarts_.push_back(at); }

  // How often an association (with `peer`, or with anyone) entered `state`
  // at or after `since`.
  std::size_t times_entered(engine::State state, std::optional<base::Hit> peer = {},
                            base::Time since = {}) const;
  bool reached(engine::State state, std::optional<base::Hit> peer = {},
               base::Time since = {}) const {
    return times_entered(state, peer, since) > 0;
  }
  std::optional<base::Time> first_entered(engine::State state, std::optional<base::Hit> peer = {},
                                          base::Time since = {}) const;
  std::optional<base::Time> last_entered(engine::State state,
                                         std::optional<base::Hit> peer = {}) const;
  // The state the association with `peer` is in according to the log: the
  // last change since the last crash, UNASSOCIATED when none.
  engine::State current_state(const base::Hit& peer) const;

  std::size_t notifies(std::uint16_t type, std::optional<base::Hit> peer = {}) const;

  const std::vector<LoggedStateChange>& state_changes() const { return changes_; }
  const std::vector<LoggedNotify>& notify_log() const { return notifies_; }
  const std::vector<base::Time>& crashes() const { return crashes_; }
  const std::vector<base::Time>& restarts() const { return restarts_; }

 private:
  std::vector<LoggedStateChange> changes_;
  std::vector<LoggedNotify> notifies_;
  std::vector<base::Time> crashes_;
  std::vector<base::Time> restarts_;
  std::size_t changes_before_last_crash_ = 0;
};

// One line per entry, in time order, for failure messages. Uses the engine's
// state and reason names, so it links with the engine.
std::string format_log(const HostLog& log);

}  // namespace hip::sim
