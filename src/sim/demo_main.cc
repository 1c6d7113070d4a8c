// hip-sim-demo: the seed design's story told by two simulated hosts, in
// virtual time. Base exchange, data, a crash and recovery from state loss,
// the CLOSE / CLOSE_ACK handshake with CLOSING and CLOSED, and NOTIFY for an
// unknown association. Writes every packet to a pcap for `hipctl decode`.
//
//   hip-sim-demo [--pcap FILE] [--seed N]
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "engine/state.h"
#include "sim/hip_host.h"
#include "sim/simulator.h"

namespace {

using namespace hip;
using namespace std::chrono_literals;

double seconds(base::Time t) { return base::to_seconds(t.time_since_epoch()); }

// Prints the state changes and NOTIFYs both hosts logged since `since`.
void print_events(const sim::HipHost& a, const sim::HipHost& b, base::Time since) {
  struct Line {
    base::Time at;
    int order;  // at equal times a NOTIFY comes before the change it causes
    std::string text;
  };
  std::vector<Line> lines;
  for (const sim::HipHost* h : {&a, &b}) {
    const char* name = h == &a ? "A" : "B";
    for (const auto& c : h->log().state_changes()) {
      if (c.at < since) continue;
      lines.push_back({c.at, 1, std::string(name) + "  " + std::string(engine::to_string(c.change.from)) +
                                 " -> " + std::string(engine::to_string(c.change.to)) + "  (" +
                                 std::string(engine::to_string(c.change.reason)) + ")"});
    }
    for (const auto& n : h->log().notify_log()) {
      if (n.at < since) continue;
      lines.push_back({n.at, 0, std::string(name) + "  NOTIFY received, type " +
                                 std::to_string(n.notify.notify_type) +
                                 (n.notify.verified ? " (signature verified)" : "")});
    }
  }
  std::stable_sort(lines.begin(), lines.end(), [](const Line& x, const Line& y) {
    return x.at != y.at ? x.at < y.at : x.order < y.order;
  });
  for (const Line& l : lines) std::printf("  t=%8.3fs  %s\n", seconds(l.at), l.text.c_str());
}

void step(const char* title) { std::printf("\n== %s\n", title); }

bool check(bool ok, const char* what) {
  std::printf("  %s %s\n", ok ? "ok:  " : "FAIL:", what);
  return ok;
}

}  // namespace

int main(int argc, char** argv) {
  std::string pcap_path;
  std::uint64_t seed = 7;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--pcap" && i + 1 < argc) {
      pcap_path = argv[++i];
    } else if (arg == "--seed" && i + 1 < argc) {
      seed = std::strtoull(argv[++i], nullptr, 10);
    } else {
      std::fprintf(stderr, "usage: hip-sim-demo [--pcap FILE] [--seed N]\n");
      return 2;
    }
  }

  sim::HipHostOptions options;
  options.config.timers.msl = 10s;  // short, so CLOSED visibly ends in the demo
  sim::Simulator sim(seed);
  auto& a = sim.add_node<sim::HipHost>("A", std::vector{*base::IpAddress::parse("2001:db8::a")}, options);
  auto& b = sim.add_node<sim::HipHost>("B", std::vector{*base::IpAddress::parse("2001:db8::b")}, options);
  sim.network().connect(a.address(), b.address(), {.delay = 10ms, .jitter = 2ms});
  a.add_peer(b);
  b.add_peer(a);
  if (!pcap_path.empty() && !sim.write_pcap(pcap_path)) {
    std::fprintf(stderr, "hip-sim-demo: cannot write %s\n", pcap_path.c_str());
    return 2;
  }
  std::printf("Two simulated hosts, 10 ms apart (seed %llu):\n  A  HIT %s  at %s\n  B  HIT %s  at %s\n",
              static_cast<unsigned long long>(seed), a.hit().to_string().c_str(),
              a.address().to_string().c_str(), b.hit().to_string().c_str(),
              b.address().to_string().c_str());
  bool ok = true;

  step("A has data for B: base exchange I1, R1, I2, R2, then ESP");
  base::Time since = sim.now();
  a.send_data(b.hit());
  sim.run_until([&] { return b.delivered_from(a.hit()) > 0; }, 10s);
  sim.run_for(6s);  // B's exchange-complete timer
  print_events(a, b, since);
  ok &= check(b.delivered_from(a.hit()) == 1, "B received A's packet through the new SA");

  step("B crashes and restarts: it has lost every key; A still thinks all is well");
  since = sim.now();
  sim.crash_at(b, sim.now());
  sim.restart_at(b, sim.now() + 1s);
  sim.run_for(2s);
  std::printf("  A sends on its old SA; B sees an unknown SPI and starts a new base exchange\n");
  const auto before = b.delivered_from(a.hit());
  a.send_data(b.hit());
  sim.run_until([&] { return b.association(a.hit()).has_value(); }, 10s);
  sim.run_for(1s);
  a.send_data(b.hit());
  b.send_data(a.hit());  // and B answers: A sees data on the new SA
  sim.run_for(1s);
  print_events(a, b, since);
  ok &= check(b.delivered_from(a.hit()) > before && a.delivered_from(b.hit()) > 0,
              "traffic flows again both ways, with no admin action");

  step("A closes: CLOSE, CLOSE_ACK; A forgets, B stays CLOSED for 2 x MSL");
  since = sim.now();
  a.close(b.hit());
  sim.run_for(1s);
  ok &= check(b.association(a.hit()) && b.association(a.hit())->state == engine::State::closed,
              "B is CLOSED, ready to acknowledge a repeated CLOSE");
  sim.run_for(25s);
  print_events(a, b, since);
  ok &= check(!a.association(b.hit()) && !b.association(a.hit()), "both back to UNASSOCIATED");

  step("A new association, then B crashes again and A closes: B answers UNKNOWN ASSOCIATION");
  since = sim.now();
  auto established = [&] {
    auto info = a.association(b.hit());
    return info && info->state == engine::State::established;
  };
  a.send_data(b.hit());
  sim.run_until(established, 10s);
  sim.crash_at(b, sim.now());
  sim.restart_at(b, sim.now() + 500ms);
  sim.run_for(1s);
  a.close(b.hit());
  sim.run_for(1s);
  print_events(a, b, since);
  ok &= check(!a.association(b.hit()), "A ended CLOSING at once on B's signed NOTIFY");

  if (!pcap_path.empty()) std::printf("\nEvery packet is in %s\n", pcap_path.c_str());
  return ok ? 0 : 1;
}
