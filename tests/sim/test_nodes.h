// Trivial nodes for testing the network without a protocol engine, and a
// helper that makes a minimal HIP packet of a given type.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "base/hit.h"
#include "base/ip_address.h"
#include "sim/simulator.h"
#include "wire/builder.h"

namespace hip::sim::test {

inline base::IpAddress ip(const char* text) { return *base::IpAddress::parse(text); }

// A header-only HIP packet (40 bytes) of `type`: enough for parse_header.
inline std::vector<std::uint8_t> hip_packet(wire::PacketType type) {
  std::array<std::uint8_t, 64> buf{};
  base::Hit sender;
  sender.bytes[0] = 0x20;
  base::Hit receiver;
  receiver.bytes[0] = 0x20;
  receiver.bytes[15] = 1;
  wire::PacketBuilder b(buf, type, sender, receiver);
  auto done = b.finish();
  return {done->begin(), done->end()};
}

inline Datagram datagram(const base::IpAddress& src, const base::IpAddress& dst,
                         std::vector<std::uint8_t> payload, Payload type = Payload::hip) {
  Datagram d;
  d.src = src;
  d.dst = dst;
  d.payload_type = type;
  d.payload = std::move(payload);
  return d;
}

// Records what it receives; sends on request.
class RecorderNode : public Node {
 public:
  struct Received {
    base::Time at;
    Datagram d;
  };
  RecorderNode(Simulator& sim, std::string name) : Node(sim, std::move(name)) {}

  void send_now(Datagram d) { send(std::move(d)); }
  const std::vector<Received>& received() const { return received_; }

 protected:
  void on_datagram(const Datagram& d) override { received_.push_back({now(), d}); }

 private:
  std::vector<Received> received_;
};

// Answers every datagram with the same payload back to its source.
class EchoNode : public Node {
 public:
  EchoNode(Simulator& sim, std::string name) : Node(sim, std::move(name)) {}
  std::uint64_t echoed() const { return echoed_; }

 protected:
  void on_datagram(const Datagram& d) override {
    Datagram reply = d;
    std::swap(reply.src, reply.dst);
    send(std::move(reply));
    ++echoed_;
  }

 private:
  std::uint64_t echoed_ = 0;
};

// Ticks every `period`; on restart it starts ticking again, as a rebooted
// host re-arms its timers. Counts ticks per incarnation.
class TickerNode : public Node {
 public:
  TickerNode(Simulator& sim, std::string name, base::Duration period)
      : Node(sim, std::move(name)), period_(period) {
    arm();
  }
  const std::vector<base::Time>& ticks() const { return ticks_; }
  std::uint64_t crash_hooks() const { return crash_hooks_; }

 protected:
  void on_datagram(const Datagram&) override {}
  void on_crash() override { ++crash_hooks_; }
  void on_restart() override { arm(); }

 private:
  void arm() {
    set_timer(now() + period_, [this] {
      ticks_.push_back(now());
      arm();
    });
  }
  base::Duration period_;
  std::vector<base::Time> ticks_;
  std::uint64_t crash_hooks_ = 0;
};

// A runaway: re-arms a timer for "now" forever, as a buggy engine might.
class LivelockNode : public Node {
 public:
  LivelockNode(Simulator& sim, std::string name) : Node(sim, std::move(name)) { spin(); }

 protected:
  void on_datagram(const Datagram&) override {}

 private:
  void spin() {
    set_timer(now(), [this] { spin(); });
  }
};

}  // namespace hip::sim::test
