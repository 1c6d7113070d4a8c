#include "sim/properties/recovery.h"

#include <functional>

#include "sim/host_log.h"
#include "sim/properties/sa_audit.h"
#include "sim/sa_table.h"

namespace hip::sim::test {

namespace {

// Sends from `from` to `to` every `period` while `on` holds.
void keep_sending(Simulator& sim, HipHost& from, HipHost& to, base::Duration period,
                  const std::function<bool()>& on) {
  if (!on()) return;
  from.send_data(to.hit());
  sim.after(period, [&sim, &from, &to, period, on] { keep_sending(sim, from, to, period, on); });
}

bool sas_agree(const HipHost& x, const HipHost& y) {
  for (auto [from, to] : {std::pair{&x, &y}, std::pair{&y, &x}}) {
    const SaRecord* out = from->sas().outbound_to(to->hit());
    const SaRecord* in = out ? to->sas().inbound(out->sa.spi) : nullptr;
    if (in == nullptr || !sa_mismatch(out->sa, in->sa).empty()) return false;
  }
  return true;
}

}  // namespace

RecoveryOutcome run_recovery(std::uint64_t seed, FirstSender first) {
  RecoveryOutcome out;
  Simulator sim(seed);
  Random plan(sim.derive_seed("recovery plan"));
  HipHostOptions options;
  options.config = WorldConfig::short_timers();
  auto& a = sim.add_node<HipHost>("A", std::vector{*base::IpAddress::parse("2001:db8::1")}, options);
  auto& b = sim.add_node<HipHost>("B", std::vector{*base::IpAddress::parse("2001:db8::2")}, options);
  a.add_peer(b);
  b.add_peer(a);
  std::vector<Link*> links;
  for (auto [x, y] : {std::pair{&a, &b}, std::pair{&b, &a}}) {
    Link& link = sim.network().link(x->address(), y->address());
    link.config() = LinkConfig{.delay = 5ms + plan.up_to(45ms),
                               .jitter = plan.up_to(10ms),
                               .loss = 0.1 * plan.uniform01(),
                               .duplicate = 0.05 * plan.uniform01(),
                               .reorder = 0.1 * plan.uniform01(),
                               .reorder_delay = 10ms + plan.up_to(50ms)};
    links.push_back(&link);
  }
  SaAudit audit({&a, &b});
  const auto audited = [&](const std::function<bool()>& done) {
    return [&audit, &sim, done] {
      audit.check(sim.now());
      return done();
    };
  };

  // Established, with traffic both ways for a while.
  int phase = 0;
  keep_sending(sim, a, b, 500ms, [&] { return phase == 0; });
  sim.after(plan.up_to(2s), [&] { keep_sending(sim, b, a, 500ms, [&] { return phase == 0; }); });
  auto up = sim.run_until(audited([&] {
    return a.delivered_from(b.hit()) > 0 && b.delivered_from(a.hit()) > 0 && sas_agree(a, b);
  }), kRecoveryBound);
  if (!up.met()) out.failure = "never established before the crash: " + up.describe();

  // Quiet, then one host crashes and restarts.
  if (out.failure.empty()) {
    sim.run_until(audited([] { return false; }), 1s + plan.up_to(4s));
    phase = 1;
    HipHost& victim = plan.chance(0.5) ? a : b;
    HipHost& survivor = &victim == &a ? b : a;
    sim.run_until(audited([] { return false; }), plan.up_to(5s));
    victim.crash();
    sim.run_until(audited([] { return false; }), 100ms + plan.up_to(20s));
    victim.restart();
    const base::Time restarted = sim.now();

    HipHost& s = first == FirstSender::restarted ? victim : survivor;
    HipHost& r = first == FirstSender::restarted ? survivor : victim;
    const auto s_to_r = r.delivered_from(s.hit());
    const auto r_to_s = s.delivered_from(r.hit());
    phase = 2;
    keep_sending(sim, s, r, 1s, [&] { return phase == 2; });
    bool replying = false;
    auto done = sim.run_until(audited([&] {
      if (!replying && r.delivered_from(s.hit()) > s_to_r) {
        replying = true;  // the other side answers only once the data got through
        keep_sending(sim, r, s, 1s, [&] { return phase == 2; });
      }
      return replying && s.delivered_from(r.hit()) > r_to_s && sas_agree(a, b);
    }), kRecoveryBound);
    phase = 3;
    if (done.met()) {
      out.took = sim.now() - restarted;
    } else {
      out.failure = "no recovery within " + std::to_string(kRecoveryBound / 1s) + " s after " +
                    victim.name() + " restarted (" + s.name() + " sent first): " + s.name() + "->" +
                    r.name() + " delivered " + std::to_string(r.delivered_from(s.hit()) - s_to_r) +
                    ", " + r.name() + "->" + s.name() + " delivered " +
                    std::to_string(s.delivered_from(r.hit()) - r_to_s) + ", states " +
                    std::string(engine::to_string(a.log().current_state(b.hit()))) + "/" +
                    std::string(engine::to_string(b.log().current_state(a.hit())));
    }
  }
  for (const auto& v : audit.violations()) out.failure += (out.failure.empty() ? "" : "; ") + ("SA safety: " + v);
  for (const Link* link : links) {
    const LinkCounters& c = link->counters();
    out.faults.random_losses += c.drops(DropCause::random_loss);
    out.faults.duplicates += c.duplicated;
    out.faults.reorders += c.reordered;
    out.faults.packets += c.sent;
  }
  out.faults.crashes = 1;
  out.virtual_time = sim.elapsed();
  if (!out.failure.empty()) {
    out.logs = "\nA:\n" + format_log(a.log()) + "B:\n" + format_log(b.log());
  }
  return out;
}

}  // namespace hip::sim::test
