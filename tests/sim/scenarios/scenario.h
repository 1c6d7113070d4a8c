// The stage for the state-table scenarios: two simulated hosts A and B
// (2001:db8::a and ::b, 20 ms apart) running the real engine, a WireTap on
// both link directions, and a Blocker on each (to_b on A->B, to_a on B->A)
// that holds a host in a state for as long as a test needs.
//
// A scenario drives a host into state S with helpers such as establish() or
// hold_a_in_i2_sent(), delivers event E (a real packet, a crafted one, a
// timeout by running the clock, or an application call), then checks the
// action on the wire (tap), in the SA table and in the drop counters, and
// the next state in the host's event log.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "crypto/host_id_key.h"
#include "engine/engine.h"
#include "sim/hip_host.h"
#include "sim/scenarios/crafted.h"
#include "sim/scenarios/wire_watch.h"
#include "sim/simulator.h"

namespace hip::sim::test {

using namespace std::chrono_literals;
using engine::Drop;
using engine::Reason;
using engine::State;
using wire::PacketType;

inline base::IpAddress ip(const char* text) { return *base::IpAddress::parse(text); }

// "Now" for before/after checks: the time, how many packets the tap has
// seen and how many state changes each host has logged. Packets and changes
// of the same virtual instant are told apart by their order.
struct Mark {
  base::Time at{};
  std::size_t packets = 0;
  std::size_t a_changes = 0;
  std::size_t b_changes = 0;
};

class Scenario {
 public:
  explicit Scenario(engine::Config config = {}, std::uint64_t seed = 1);

  // ---- running ----
  // Runs until `done` holds (true) or `timeout` of virtual time passed (false).
  bool run_until(const std::function<bool()>& done, base::Duration timeout = 60s);
  void run_for(base::Duration d) { (void)sim.run_for(d); }
  base::Time now() const { return sim.now(); }

  // ---- looking ----
  // The engine's own view: the association's state, nullopt when it has none
  // (UNASSOCIATED, RFC 7401 §4.4.2) or the host is down.
  std::optional<State> state(const HipHost& of, const HipHost& peer) const;
  // The host's event log: the state of its last change with `peer`.
  State logged(const HipHost& of, const HipHost& peer) const {
    return of.log().current_state(peer.hit());
  }
  // The last state change `of` logged, null when none.
  const engine::StateChanged* last_change(const HipHost& of) const;
  Mark mark() const;
  // State changes `of` logged at or after `since` / after the mark.
  std::size_t changes_since(const HipHost& of, base::Time since) const;
  std::size_t changes_since(const HipHost& of, const Mark& m) const;
  std::uint64_t drops(const HipHost& h, Drop d) const { return h.engine()->counters().drops(d); }
  std::uint64_t drops_total(const HipHost& h) const { return h.engine()->counters().dropped_total(); }
  // Packets of `type` the host put on the wire at or after `since`.
  std::size_t sent(const HipHost& h, PacketType type, base::Time since = {}) const {
    return tap.count(type, h.address(), since);
  }
  std::size_t sent(const HipHost& h, PacketType type, const Mark& m) const;
  // "" when each side's newest outbound SA is the other side's inbound SA
  // with that SPI (same keys, RFC 7402 §7); otherwise what differs.
  std::string sa_problems() const;
  std::string logs() const;

  // ---- acting ----
  // Hands `d` to `to` now, bypassing links and blockers (and the tap).
  void deliver(HipHost& to, const Datagram& d) { to.deliver(d); }
  // A raw-IP datagram with `packet` from `sender`'s address to `to`'s.
  Datagram datagram(const HipHost& sender, const HipHost& to,
                    std::vector<std::uint8_t> packet) const {
    return hip_datagram(sender.address(), to.address(), std::move(packet));
  }
  // I1 from `sender` to `to`, crafted (as if `sender` had sent it).
  void deliver_i1(const HipHost& sender, HipHost& to) {
    deliver(to, datagram(sender, to, craft_i1(sender.hit(), to.hit())));
  }
  // An unauthenticated packet of `type` from `sender` (crafted.h).
  void deliver_crafted(PacketType type, const HipHost& sender, HipHost& to) {
    deliver(to, datagram(sender, to, craft_unauthenticated(type, sender.hit(), to.hit())));
  }
  // The host's signing key, derived from the seed exactly as HipHost derives it.
  crypto::PrivateKey key_of(const HipHost& h) const;
  HipHost& greater() { return a->hit() > b->hit() ? *a : *b; }
  HipHost& smaller() { return a->hit() > b->hit() ? *b : *a; }
  HipHost& other(const HipHost& h) { return &h == a ? *b : *a; }
  Blocker& blocker_to(const HipHost& h) { return &h == a ? to_a : to_b; }

  // ---- into a state ----
  // A initiates (data to send); both reach ESTABLISHED, data delivered.
  bool establish();
  // A: I2-SENT, B: R2-SENT (B's R2s are blocked and kept).
  bool hold_a_in_i2_sent();
  // A: I1-SENT (B's R1s blocked and kept).
  bool hold_a_in_i1_sent();
  // Established, then A closes and its CLOSEs are blocked: A CLOSING, B ESTABLISHED.
  bool hold_a_closing_b_established();
  // Established, then A closes and B's CLOSE_ACKs are blocked: A CLOSING, B CLOSED.
  bool hold_a_closing_b_closed();
  // A's I1s are blocked until A gives up: A E-FAILED.
  bool hold_a_in_e_failed();
  // Both in I2-SENT, each with its own exchange (A initiated first; B's I1
  // reached A in I2-SENT and got an R1 too); both I2s blocked and returned.
  bool hold_both_in_i2_sent(Datagram& i2_from_a, Datagram& i2_from_b);

  Simulator sim;
  HipHost* a = nullptr;
  HipHost* b = nullptr;
  WireTap tap;
  Blocker to_a;  // on B -> A
  Blocker to_b;  // on A -> B
};

}  // namespace hip::sim::test
