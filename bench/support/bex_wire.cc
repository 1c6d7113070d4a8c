#include "support/bex_wire.h"

#include <deque>
#include <variant>

#include "support/cpu_clock.h"

namespace hip::bench {

namespace {

struct InFlight {
  bool to_responder;
  std::vector<std::uint8_t> packet;
};

}  // namespace

bool run_base_exchange(Party& initiator, Party& responder, const base::Hit& responder_hit,
                       const engine::Path& initiator_path, base::Time now, Capture* capture) {
  const engine::Path responder_path{initiator_path.peer, initiator_path.local};
  std::deque<InFlight> queue;
  engine::Actions out;
  // Takes what `from` asked for out of `out`; the packets go into the queue.
  auto collect = [&](Party& from, bool from_initiator) {
    for (engine::Action& action : out) {
      if (auto* t = std::get_if<engine::Transmit>(&action)) {
        if (capture != nullptr) capture->push_back(t->packet);
        queue.push_back(InFlight{from_initiator, std::move(t->packet)});
      } else if (auto* s = std::get_if<engine::StateChanged>(&action)) {
        from.state = s->to;
      }
    }
    out.clear();
  };

  {
    CpuMeter meter(initiator.cpu_ns);
    initiator.engine->connect(responder_hit, initiator_path, now, out);
  }
  collect(initiator, true);
  // I1, R1, I2, R2: a handful of hops; the bound only guards against a loop.
  for (int hops = 0; !queue.empty() && hops < 32; ++hops) {
    InFlight f = std::move(queue.front());
    queue.pop_front();
    Party& to = f.to_responder ? responder : initiator;
    const engine::Received in{f.packet, f.to_responder ? responder_path : initiator_path};
    {
      CpuMeter meter(to.cpu_ns);
      to.engine->on_hip_packet(in, now, out);
    }
    collect(to, !f.to_responder);
  }
  return initiator.state == engine::State::established && responder.state == engine::State::r2_sent;
}

}  // namespace hip::bench
