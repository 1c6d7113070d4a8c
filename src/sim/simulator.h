// The simulator: one seed, one virtual clock and event queue, one network,
// and the nodes on it. Tests build a topology, schedule faults and run until
// a predicate holds, with two guards so that no test can hang: a virtual-time
// limit on every run and a hard cap on the number of events per run (a
// livelock, e.g. a timer re-armed for "now" forever, hits the cap and the run
// reports event_limit loudly instead of spinning).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/result.h"
#include "base/time.h"
#include "sim/event_queue.h"
#include "sim/network.h"
#include "sim/node.h"
#include "sim/pcap_trace.h"

namespace hip::sim {

using namespace std::chrono_literals;

// Virtual time starts at 1 s rather than at Time{}, which engines use for
// "never happened yet".
inline constexpr base::Time kStartTime = base::time_from_ns(1'000'000'000);
inline constexpr std::uint64_t kDefaultMaxEventsPerRun = 1'000'000;

struct RunResult {
  enum class Status : std::uint8_t {
    predicate_met,  // run_until: the predicate held
    time_limit,     // run_until: virtual time ran out; run_for: finished normally
    idle,           // run_until: nothing left to happen, predicate still false
    event_limit,    // the per-run event cap was hit: a livelock or a runaway test
  };
  Status status = Status::time_limit;
  base::Time end{};
  std::uint64_t events = 0;

  bool met() const { return status == Status::predicate_met; }
  bool hit_event_limit() const { return status == Status::event_limit; }
  std::string describe() const;
};

class Simulator {
 public:
  explicit Simulator(std::uint64_t seed = 1);
  ~Simulator();
  Simulator(const Simulator&) = delete;
  Simulator& operator=(const Simulator&) = delete;

  std::uint64_t seed() const { return seed_; }
  base::Time now() const { return queue_.now(); }
  base::Duration elapsed() const { return now() - kStartTime; }
  EventQueue& queue() { return queue_; }
  Network& network() { return network_; }
  // A seed for one consumer of randomness ("host A", ...): see random.h.
  std::uint64_t derive_seed(std::string_view label) const;

  // Constructs T(*this, args...) and keeps it for the simulator's lifetime.
  template <class T, class... Args>
  T& add_node(Args&&... args) {
    auto node = std::make_unique<T>(*this, std::forward<Args>(args)...);
    T& ref = *node;
    nodes_.push_back(std::move(node));
    return ref;
  }
  Node* find_node(std::string_view name) const;

  EventId at(base::Time t, std::function<void()> action) {
    return queue_.schedule(t, std::move(action));
  }
  EventId after(base::Duration d, std::function<void()> action) {
    return queue_.schedule(now() + d, std::move(action));
  }
  void crash_at(Node& node, base::Time t);
  void restart_at(Node& node, base::Time t);

  // Runs events until `done()` holds (checked before the first event and
  // after each one), at most `timeout` of virtual time.
  RunResult run_until(const std::function<bool()>& done, base::Duration timeout);
  // Runs every event due in the next `d`, then leaves the clock at now + d.
  RunResult run_for(base::Duration d);

  void set_max_events_per_run(std::uint64_t n) { max_events_ = n; }
  std::uint64_t max_events_per_run() const { return max_events_; }

  // Starts writing every packet put on the network to `path`.
  base::Result<void, std::string> write_pcap(const std::string& path);
  PcapTrace* pcap() const { return pcap_.get(); }

 private:
  RunResult run(const std::function<bool()>* done, base::Time deadline);

  std::uint64_t seed_;
  EventQueue queue_;
  Network network_;
  std::unique_ptr<PcapTrace> pcap_;
  std::uint64_t max_events_ = kDefaultMaxEventsPerRun;
  // Declared last: nodes are destroyed before the network and queue they use.
  std::vector<std::unique_ptr<Node>> nodes_;
};

}  // namespace hip::sim
