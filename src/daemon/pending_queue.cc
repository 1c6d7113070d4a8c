#include "daemon/pending_queue.h"

namespace hip::daemon {

bool PendingQueue::push(const base::Hit& peer, std::span<const std::uint8_t> packet) {
  auto& queue = queues_[peer];
  if (queue.size() >= limits_.per_peer || total_ >= limits_.total) {
    if (queue.empty()) queues_.erase(peer);
    ++counters_.dropped_full;
    return false;
  }
  queue.emplace_back(packet.begin(), packet.end());
  ++total_;
  ++counters_.queued;
  return true;
}

std::size_t PendingQueue::flush(const base::Hit& peer,
                                const std::function<void(std::vector<std::uint8_t>&)>& send) {
  auto it = queues_.find(peer);
  if (it == queues_.end()) return 0;
  // Taken out first: `send` may queue again (e.g. the SA vanished meanwhile).
  auto queue = std::move(it->second);
  queues_.erase(it);
  total_ -= queue.size();
  for (auto& packet : queue) send(packet);
  counters_.flushed += queue.size();
  return queue.size();
}

std::size_t PendingQueue::discard(const base::Hit& peer) {
  auto it = queues_.find(peer);
  if (it == queues_.end()) return 0;
  const std::size_t n = it->second.size();
  total_ -= n;
  counters_.dropped_failed += n;
  queues_.erase(it);
  return n;
}

std::vector<base::Hit> PendingQueue::peers() const {
  std::vector<base::Hit> out;
  out.reserve(queues_.size());
  for (const auto& [peer, queue] : queues_) out.push_back(peer);
  return out;
}

}  // namespace hip::daemon
