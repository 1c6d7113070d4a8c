// An indexed binary min-heap: entry i's children are 2i+1 and 2i+2, and every
// move of an entry is written back to its association (put), so set() and
// remove() find it without a search. Each operation is O(log n).
#include "engine/deadline_queue.h"

namespace hip::engine {

void DeadlineQueue::set(Association& a, base::Time at) {
  if (at == base::kNever) {
    remove(a);
    return;
  }
  if (a.deadline_slot == kNoDeadlineSlot) {
    a.queued_deadline = at;
    heap_.push_back(Entry{at, &a});
    a.deadline_slot = heap_.size() - 1;
    sift_up(a.deadline_slot);
    return;
  }
  if (a.queued_deadline == at) return;  // the common case: an event that moved no timer
  const bool earlier = at < a.queued_deadline;
  a.queued_deadline = at;
  heap_[a.deadline_slot].at = at;
  if (earlier) {
    sift_up(a.deadline_slot);
  } else {
    sift_down(a.deadline_slot);
  }
}

void DeadlineQueue::remove(Association& a) {
  if (a.deadline_slot == kNoDeadlineSlot) return;
  const std::size_t slot = a.deadline_slot;
  a.deadline_slot = kNoDeadlineSlot;
  a.queued_deadline = base::kNever;
  const Entry last = heap_.back();
  heap_.pop_back();
  if (slot == heap_.size()) return;  // it was the last entry
  // The last entry fills the hole and moves whichever way restores the order.
  put(slot, last);
  if (slot > 0 && last.at < heap_[(slot - 1) / 2].at) {
    sift_up(slot);
  } else {
    sift_down(slot);
  }
}

void DeadlineQueue::put(std::size_t slot, Entry e) {
  heap_[slot] = e;
  e.association->deadline_slot = slot;
}

void DeadlineQueue::sift_up(std::size_t slot) {
  const Entry e = heap_[slot];
  while (slot > 0) {
    const std::size_t parent = (slot - 1) / 2;
    if (!(e.at < heap_[parent].at)) break;
    put(slot, heap_[parent]);
    slot = parent;
  }
  put(slot, e);
}

void DeadlineQueue::sift_down(std::size_t slot) {
  const Entry e = heap_[slot];
  const std::size_t n = heap_.size();
  for (;;) {
    std::size_t child = 2 * slot + 1;
    if (child >= n) break;
    if (child + 1 < n && heap_[child + 1].at < heap_[child].at) ++child;
    if (!(heap_[child].at < e.at)) break;
    put(slot, heap_[child]);
    slot = child;
  }
  put(slot, e);
}

}  // namespace hip::engine
