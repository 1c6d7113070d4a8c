#include "sim/simulator.h"

#include <cinttypes>
#include <cstdio>

#include "sim/random.h"

namespace hip::sim {

std::string RunResult::describe() const {
  std::string s;
  switch (status) {
    case Status::predicate_met: s = "predicate met"; break;
    case Status::time_limit: s = "virtual time limit reached"; break;
    case Status::idle: s = "nothing left to run (predicate still false)"; break;
    case Status::event_limit: s = "EVENT LIMIT HIT (livelock?)"; break;
  }
  return s + " at " + format_time(end) + " after " + std::to_string(events) + " events";
}

Simulator::Simulator(std::uint64_t seed) : seed_(seed), network_(queue_, derive_seed("network")) {
  queue_.advance_to(kStartTime);
}

Simulator::~Simulator() {
  // Nodes may reference the pcap through the network; stop tracing first.
  network_.set_pcap(nullptr);
  nodes_.clear();
}

std::uint64_t Simulator::derive_seed(std::string_view label) const {
  return sim::derive_seed(seed_, label);
}

Node* Simulator::find_node(std::string_view name) const {
  for (const auto& n : nodes_) {
    if (n->name() == name) return n.get();
  }
  return nullptr;
}

void Simulator::crash_at(Node& node, base::Time t) {
  at(t, [&node] { node.crash(); });
}

void Simulator::restart_at(Node& node, base::Time t) {
  at(t, [&node] { node.restart(); });
}

RunResult Simulator::run(const std::function<bool()>* done, base::Time deadline) {
  RunResult result;
  for (;;) {
    if (done != nullptr && (*done)()) {
      result.status = RunResult::Status::predicate_met;
      break;
    }
    auto next = queue_.next_time();
    if (!next) {
      if (done != nullptr) {
        result.status = RunResult::Status::idle;
      } else {
        queue_.advance_to(deadline);
        result.status = RunResult::Status::time_limit;
      }
      break;
    }
    if (*next > deadline) {
      queue_.advance_to(deadline);
      result.status = RunResult::Status::time_limit;
      break;
    }
    if (result.events >= max_events_) {
      result.status = RunResult::Status::event_limit;
      std::fprintf(stderr,
                   "hipstack sim: event limit (%" PRIu64 " events in one run) hit at %s, "
                   "seed %" PRIu64 ": a livelock or a runaway scenario\n",
                   max_events_, format_time(now()).c_str(), seed_);
      break;
    }
    queue_.run_next();
    ++result.events;
  }
  result.end = now();
  if (pcap_) pcap_->flush();
  return result;
}

RunResult Simulator::run_until(const std::function<bool()>& done, base::Duration timeout) {
  return run(&done, now() + timeout);
}

RunResult Simulator::run_for(base::Duration d) { return run(nullptr, now() + d); }

base::Result<void, std::string> Simulator::write_pcap(const std::string& path) {
  auto opened = PcapTrace::open(path);
  if (!opened) return base::unexpected(opened.error());
  network_.set_pcap(nullptr);
  pcap_ = std::move(*opened);
  network_.set_pcap(pcap_.get());
  return {};
}

}  // namespace hip::sim
