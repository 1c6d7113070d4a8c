// Packets from hip0 waiting for their peer's SAs: while the base exchange
// runs, an application's first packets (a TCP SYN, a ping) are held here
// instead of being lost, then sent once the outbound SA exists
// (ARCHITECTURE.md, "data path"; RFC 7401 §4.4.3 leaves the buffering to the
// implementation).
//
// Bounded twice: per peer (a slow exchange with one peer cannot take the
// whole budget) and in total. Overflow drops the new packet and counts it;
// so does discarding a peer's packets when its exchange fails.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <span>
#include <vector>

#include "base/hit.h"

namespace hip::daemon {

struct PendingLimits {
  std::size_t per_peer = 64;
  std::size_t total = 1024;
};

struct PendingCounters {
  std::uint64_t queued = 0;
  std::uint64_t flushed = 0;
  std::uint64_t dropped_full = 0;    // over a limit when it arrived
  std::uint64_t dropped_failed = 0;  // the exchange failed or the association went
};

class PendingQueue {
 public:
  explicit PendingQueue(PendingLimits limits = {}) : limits_(limits) {}

  // Copies `packet` into `peer`'s queue; false (and counted) when full.
  bool push(const base::Hit& peer, std::span<const std::uint8_t> packet);
  // Hands `peer`'s packets to `send` in arrival order and forgets them.
  std::size_t flush(const base::Hit& peer,
                    const std::function<void(std::vector<std::uint8_t>&)>& send);
  // Discards `peer`'s packets (counted as dropped_failed).
  std::size_t discard(const base::Hit& peer);

  bool holds(const base::Hit& peer) const { return queues_.count(peer) != 0; }
  std::vector<base::Hit> peers() const;
  std::size_t size() const { return total_; }
  const PendingCounters& counters() const { return counters_; }

 private:
  PendingLimits limits_;
  std::map<base::Hit, std::deque<std::vector<std::uint8_t>>> queues_;
  std::size_t total_ = 0;
  PendingCounters counters_;
};

}  // namespace hip::daemon
