// The associations' deadlines, earliest first: an indexed binary min-heap
// with exactly one entry per association that has a deadline.
//
// Each association records where its entry sits (Association::deadline_slot),
// so a changed deadline moves the entry in place and an erased association
// takes its entry with it. A heap with lazy deletion instead gained an entry
// on every packet and every traffic report, kept until the old deadline came
// round (UAL, minutes later): memory grew with the event rate, and anyone
// able to send packets to an association could grow it further.
#pragma once

#include <cstddef>
#include <vector>

#include "base/time.h"
#include "engine/association.h"

namespace hip::engine {

class DeadlineQueue {
 public:
  // Queues `a` at `at`, moving its entry if it has one; kNever removes it.
  void set(Association& a, base::Time at);
  // Drops `a`'s entry, if any. Must run before `a` is destroyed.
  void remove(Association& a);

  bool empty() const { return heap_.empty(); }
  std::size_t size() const { return heap_.size(); }
  // The earliest queued deadline; kNever when empty.
  base::Time earliest() const { return heap_.empty() ? base::kNever : heap_.front().at; }
  // The association with the earliest deadline. Not empty().
  Association& first() const { return *heap_.front().association; }

 private:
  struct Entry {
    base::Time at;
    Association* association;
  };

  void put(std::size_t slot, Entry e);  // writes e at slot and tells its association
  void sift_up(std::size_t slot);
  void sift_down(std::size_t slot);

  std::vector<Entry> heap_;
};

}  // namespace hip::engine
