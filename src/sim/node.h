// A host on the simulated network, seen from the network: it owns addresses,
// receives datagrams, sends datagrams and sets timers. It can crash (every
// pending timer dies, packets arriving while down are dropped and counted)
// and restart. Subclasses add behaviour: test nodes in tests/sim/, and
// HipHost, which drives a protocol engine.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "base/ip_address.h"
#include "base/time.h"
#include "sim/datagram.h"
#include "sim/event_queue.h"

namespace hip::sim {

class Simulator;

struct Lifecycle {
  std::uint64_t crashes = 0;
  std::uint64_t restarts = 0;
  std::uint32_t incarnation = 0;  // bumped by every crash; timers of older ones never fire
  std::uint64_t received = 0;     // datagrams handed to on_datagram
  std::uint64_t dropped_while_down = 0;
  base::Time last_crash{};
  base::Time last_restart{};
};

class Node {
 public:
  Node(Simulator& sim, std::string name) : sim_(sim), name_(std::move(name)) {}
  virtual ~Node() = default;
  Node(const Node&) = delete;
  Node& operator=(const Node&) = delete;

  const std::string& name() const { return name_; }
  // In the order Network::attach gave them.
  const std::vector<base::IpAddress>& addresses() const { return addresses_; }
  bool up() const { return up_; }
  const Lifecycle& lifecycle() const { return lifecycle_; }

  // No-ops when already down / already up.
  void crash();
  void restart();

  // From the Network: a datagram for one of our addresses. False (and
  // counted) when we are down.
  bool deliver(const Datagram& d);

 protected:
  virtual void on_datagram(const Datagram& d) = 0;
  // Called after the node went down / came back; subclasses drop or rebuild state.
  virtual void on_crash() {}
  virtual void on_restart() {}

  Simulator& sim() const { return sim_; }
  base::Time now() const;
  void send(Datagram d);
  // A one-shot timer that never fires once this incarnation has crashed.
  EventId set_timer(base::Time at, std::function<void()> callback);
  bool cancel_timer(EventId id);

 private:
  friend class Network;
  void add_address(const base::IpAddress& a) { addresses_.push_back(a); }

  Simulator& sim_;
  std::string name_;
  std::vector<base::IpAddress> addresses_;
  bool up_ = true;
  Lifecycle lifecycle_;
};

}  // namespace hip::sim
