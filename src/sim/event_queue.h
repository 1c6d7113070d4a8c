// The simulator's virtual clock and its one event queue. Time moves only when
// an event is taken from the queue, so a run is a pure function of what was
// scheduled: events at the same virtual time run in the order they were
// scheduled (a sequence number breaks the tie), never in heap order.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "base/time.h"

namespace hip::sim {

using EventId = std::uint64_t;  // 0 is never a valid id
inline constexpr EventId kNoEvent = 0;

// "12.345678901s": a virtual time as seconds with nanoseconds, for traces.
std::string format_time(base::Time t);

class EventQueue {
 public:
  using Callback = std::function<void()>;

  base::Time now() const { return now_; }

  // Runs `callback` at `at`; a time in the past means "now" (after whatever
  // is already queued for now).
  EventId schedule(base::Time at, Callback callback);
  // False when the event already ran or was cancelled.
  bool cancel(EventId id);

  bool empty() const { return live_.empty(); }
  std::size_t size() const { return live_.size(); }
  // Time of the earliest live event, nullopt when none.
  std::optional<base::Time> next_time();
  // Takes the earliest live event, moves the clock to its time and runs it.
  // False when there was none.
  bool run_next();
  // Moves the clock forward to `t` without running anything; refuses (false)
  // to go backwards or to skip a live event scheduled before `t`.
  bool advance_to(base::Time t);

  std::uint64_t executed() const { return executed_; }

 private:
  struct Entry {
    base::Time at;
    EventId id;
    Callback callback;
  };
  // Heap order: earliest time first, then lowest id (= scheduled first).
  static bool later(const Entry& a, const Entry& b) {
    return a.at != b.at ? a.at > b.at : a.id > b.id;
  }
  void drop_dead_top();

  std::vector<Entry> heap_;
  std::unordered_set<EventId> live_;
  base::Time now_{};
  EventId next_id_ = 1;
  std::uint64_t executed_ = 0;
};

}  // namespace hip::sim
