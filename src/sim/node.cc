#include "sim/node.h"

#include <utility>

#include "sim/simulator.h"

namespace hip::sim {

base::Time Node::now() const { return sim_.now(); }

void Node::crash() {
  if (!up_) return;
  up_ = false;
  ++lifecycle_.crashes;
  ++lifecycle_.incarnation;
  lifecycle_.last_crash = now();
  on_crash();
}

void Node::restart() {
  if (up_) return;
  up_ = true;
  ++lifecycle_.restarts;
  lifecycle_.last_restart = now();
  on_restart();
}

bool Node::deliver(const Datagram& d) {
  if (!up_) {
    ++lifecycle_.dropped_while_down;
    return false;
  }
  ++lifecycle_.received;
  on_datagram(d);
  return true;
}

void Node::send(Datagram d) { sim_.network().send(std::move(d)); }

EventId Node::set_timer(base::Time at, std::function<void()> callback) {
  const std::uint32_t incarnation = lifecycle_.incarnation;
  return sim_.queue().schedule(at, [this, incarnation, cb = std::move(callback)] {
    if (up_ && lifecycle_.incarnation == incarnation) cb();
  });
}

bool Node::cancel_timer(EventId id) { return sim_.queue().cancel(id); }

}  // namespace hip::sim
