#include "sim/event_queue.h"

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <utility>

namespace hip::sim {

std::string format_time(base::Time t) {
  const std::int64_t ns = base::to_ns(t);
  const char* sign = ns < 0 ? "-" : "";
  const std::uint64_t magnitude = ns < 0 ? 0 - static_cast<std::uint64_t>(ns) : static_cast<std::uint64_t>(ns);
  char buf[48];
  std::snprintf(buf, sizeof buf, "%s%" PRIu64 ".%09" PRIu64 "s", sign, magnitude / 1000000000u,
                magnitude % 1000000000u);
  return buf;
}

EventId EventQueue::schedule(base::Time at, Callback callback) {
  const EventId id = next_id_++;
  heap_.push_back(Entry{std::max(at, now_), id, std::move(callback)});
  std::push_heap(heap_.begin(), heap_.end(), later);
  live_.insert(id);
  return id;
}

bool EventQueue::cancel(EventId id) { return live_.erase(id) > 0; }

void EventQueue::drop_dead_top() {
  while (!heap_.empty() && !live_.contains(heap_.front().id)) {
    std::pop_heap(heap_.begin(), heap_.end(), later);
    heap_.pop_back();
  }
}

std::optional<base::Time> EventQueue::next_time() {
  drop_dead_top();
  if (heap_.empty()) return std::nullopt;
  return heap_.front().at;
}

bool EventQueue::run_next() {
  drop_dead_top();
  if (heap_.empty()) return false;
  std::pop_heap(heap_.begin(), heap_.end(), later);
  Entry entry = std::move(heap_.back());
  heap_.pop_back();
  live_.erase(entry.id);
  now_ = entry.at;
  ++executed_;
  // The callback may schedule or cancel events: the entry is already out of
  // the heap, so that is safe.
  entry.callback();
  return true;
}

bool EventQueue::advance_to(base::Time t) {
  if (t < now_) return false;
  auto next = next_time();
  if (next && *next < t) return false;
  now_ = t;
  return true;
}

}  // namespace hip::sim
