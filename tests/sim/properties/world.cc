#include "sim/properties/world.h"

#include <algorithm>

#include "sim/host_log.h"
#include "sim/sa_table.h"

namespace hip::sim::test {

namespace {

const char* const kNames[] = {"A", "B", "C"};
const char* const kAddresses[] = {"2001:db8::1", "2001:db8::2", "2001:db8::3"};

// ", dropped as bad_mac 12, bad_signature 3, ..." for the tampered copies.
std::string drop_reasons(const CorruptionTally& c) {
  std::string s;
  for (std::size_t i = 0; i < c.by_drop.size(); ++i) {
    if (c.by_drop[i] == 0) continue;
    s += (s.empty() ? "; dropped as " : ", ") +
         std::string(engine::to_string(static_cast<engine::Drop>(i))) + " " +
         std::to_string(c.by_drop[i]);
  }
  return s;
}

}  // namespace

engine::Config WorldConfig::short_timers() {
  engine::Config c;
  c.timers.ual = 20s;
  c.timers.msl = 5s;
  c.timers.ec = 5s;
  c.timers.e_failed_hold = 5s;
  c.timers.r1_rotation = 30s;
  return c;
}

void FaultTally::add(const FaultTally& o) {
  random_losses += o.random_losses;
  partition_drops += o.partition_drops;
  duplicates += o.duplicates;
  reorders += o.reorders;
  outages += o.outages;
  crashes += o.crashes;
  packets += o.packets;
  corruption.add(o.corruption);
}

std::string FaultTally::describe() const {
  return std::to_string(total()) + " faults: " + std::to_string(random_losses) + " random losses, " +
         std::to_string(partition_drops) + " partition drops in " + std::to_string(outages) +
         " partitions, " + std::to_string(duplicates) + " duplicates, " +
         std::to_string(reorders) + " reorderings, " + std::to_string(crashes) +
         " crashes+restarts, " + std::to_string(corruption.injected) + " tampered packets (" +
         std::to_string(corruption.rejected_by_auth) + " rejected by MAC/signature, " +
         std::to_string(corruption.rejected_other) + " by other checks, " +
         std::to_string(corruption.logged_only) + " logged only, " +
         std::to_string(corruption.padding_only) + " only in unprotected padding, " +
         std::to_string(corruption.receiver_down) + " to a host that was down" +
         drop_reasons(corruption) + "); " + std::to_string(packets) + " packets offered to links";
}

World::World(std::uint64_t seed, WorldConfig config)
    : config_(config), sim_(seed), plan_(sim_.derive_seed("property plan")) {
  HipHostOptions options;
  options.config = config_.engine_config;
  const auto n = static_cast<std::size_t>(std::clamp(config_.hosts, 2, 3));
  for (std::size_t i = 0; i < n; ++i) {
    hosts_.push_back(&sim_.add_node<HipHost>(
        kNames[i], std::vector{*base::IpAddress::parse(kAddresses[i])}, options));
  }
  corrupter_ = std::make_unique<Corrupter>(sim_, sim_.derive_seed("corrupter"),
                                           config_.corrupt_probability);
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < n; ++j) {
      if (i == j) continue;
      hosts_[i]->add_peer(*hosts_[j]);
      Link& link = sim_.network().link(hosts_[i]->address(), hosts_[j]->address());
      LinkConfig& c = link.config();
      c.delay = 5ms + plan_.up_to(45ms);
      c.jitter = plan_.up_to(20ms);
      c.loss = plan_.chance(0.2) ? 0.0 : 0.25 * plan_.uniform01();
      c.duplicate = 0.1 * plan_.uniform01();
      c.reorder = 0.2 * plan_.uniform01();
      // Some paths hold a packet back for seconds: stragglers that arrive
      // after the exchange they belong to is over (MSL allows minutes).
      c.reorder_delay = plan_.chance(0.3) ? 200ms + plan_.up_to(2800ms) : 10ms + plan_.up_to(110ms);
      corrupter_->attach(link, *hosts_[j]);
      links_.push_back(&link);
    }
  }
  audit_ = std::make_unique<SaAudit>(hosts_);
}

World::~World() = default;

void World::schedule_faults() {
  const base::Time start = sim_.now();
  const base::Time end = start + config_.chaos;
  if (config_.partitions) {
    for (std::size_t i = 0; i < hosts_.size(); ++i) {
      for (std::size_t j = i + 1; j < hosts_.size(); ++j) {
        const auto count = plan_.next() % 3;
        for (std::uint64_t k = 0; k < count; ++k) {
          const base::Time from = start + plan_.up_to(config_.chaos);
          const base::Time until = std::min(end, from + 500ms + plan_.up_to(25s));
          const bool both = plan_.chance(0.7);
          const bool forward = plan_.chance(0.5);
          const auto& x = hosts_[i]->address();
          const auto& y = hosts_[j]->address();
          if (both || forward) sim_.network().link(x, y).add_outage(from, until);
          if (both || !forward) sim_.network().link(y, x).add_outage(from, until);
          ++outages_;
        }
      }
    }
  }
  if (config_.crashes) {
    for (HipHost* h : hosts_) {
      const auto count = plan_.next() % 3;
      if (count == 0) continue;
      const base::Duration segment = config_.chaos / static_cast<int>(count);
      for (std::uint64_t k = 0; k < count; ++k) {
        const base::Time seg_start = start + segment * static_cast<int>(k);
        const base::Time crash = seg_start + plan_.up_to(segment / 2);
        const base::Time restart =
            std::min({crash + 50ms + plan_.up_to(10s), seg_start + segment - 1ms, end - 1ms});
        sim_.crash_at(*h, crash);
        sim_.restart_at(*h, restart);
        ++crashes_;
      }
    }
  }
}

void World::schedule_traffic() {
  for (std::size_t i = 0; i < hosts_.size(); ++i) {
    for (std::size_t j = 0; j < hosts_.size(); ++j) {
      if (i == j || !plan_.chance(0.85)) continue;
      // Starts within 3 s of each other: simultaneous opens are common.
      sim_.after(plan_.up_to(3s), [this, i, j] { send_and_reschedule(i, j); });
    }
    // Both ends of a pair wanting to talk at the same instant: simultaneous
    // opens, crossing I1s and I2s (§6.7, §6.9).
    for (int k = 0; k < 3; ++k) {
      const std::size_t peer = (i + 1 + plan_.next() % (hosts_.size() - 1)) % hosts_.size();
      sim_.after(plan_.up_to(config_.chaos), [this, i, peer] {
        if (phase_ != Phase::chaos) return;
        if (hosts_[i]->up()) hosts_[i]->send_data(hosts_[peer]->hit());
        if (hosts_[peer]->up()) hosts_[peer]->send_data(hosts_[i]->hit());
      });
    }
    // Administrative closes in the middle of it all.
    for (int k = 0; k < 2; ++k) {
      if (!plan_.chance(0.4)) continue;
      const std::size_t peer = (i + 1 + plan_.next() % (hosts_.size() - 1)) % hosts_.size();
      sim_.after(plan_.up_to(config_.chaos), [this, i, peer] {
        if (phase_ == Phase::chaos && hosts_[i]->up()) hosts_[i]->close(hosts_[peer]->hit());
      });
    }
  }
}

void World::send_and_reschedule(std::size_t from, std::size_t to) {
  if (phase_ != Phase::chaos) return;
  if (hosts_[from]->up()) hosts_[from]->send_data(hosts_[to]->hit());
  // Mostly busy, sometimes idle for longer than UAL (20 s).
  const base::Duration gap =
      plan_.chance(0.08) ? 15s + plan_.up_to(30s) : 50ms + plan_.up_to(1450ms);
  sim_.after(gap, [this, from, to] { send_and_reschedule(from, to); });
}

void World::audit_step() { audit_->check(sim_.now()); }

void World::heal() {
  phase_ = Phase::healed;
  heal_at_ = sim_.now();
  for (Link* link : links_) {
    LinkConfig& c = link->config();
    c = LinkConfig{.delay = c.delay};
    link->set_up(true);
  }
  corrupter_->set_enabled(false);
  for (HipHost* h : hosts_) h->restart();  // no-op for hosts that are up
}

bool World::every_pair_is_fine(
    const std::vector<std::vector<std::uint64_t>>& delivered_at_heal) const {
  for (std::size_t i = 0; i < hosts_.size(); ++i) {
    for (std::size_t j = 0; j < hosts_.size(); ++j) {
      if (i == j) continue;
      const HipHost& x = *hosts_[i];
      const HipHost& y = *hosts_[j];
      if (x.log().current_state(y.hit()) != engine::State::established) return false;
      if (y.delivered_from(x.hit()) < delivered_at_heal[i][j] + 2) return false;
      const SaRecord* out = x.sas().outbound_to(y.hit());
      const SaRecord* in = out ? y.sas().inbound(out->sa.spi) : nullptr;
      if (in == nullptr || !sa_mismatch(out->sa, in->sa).empty()) return false;
    }
  }
  return true;
}

bool World::nothing_left() const {
  // A host that vanished (crashed for good) holds nothing by definition.
  return std::all_of(hosts_.begin(), hosts_.end(), [](const HipHost* h) {
    return !h->up() || (h->engine()->snapshot().empty() && h->sas().size() == 0);
  });
}

FaultTally World::tally() const {
  FaultTally t;
  for (const Link* link : links_) {
    const LinkCounters& c = link->counters();
    t.random_losses += c.drops(DropCause::random_loss);
    t.partition_drops += c.drops(DropCause::partition);
    t.duplicates += c.duplicated;
    t.reorders += c.reordered;
    t.packets += c.sent;
  }
  t.outages = outages_;
  t.crashes = crashes_;
  t.corruption = corrupter_->tally();
  return t;
}

std::string World::logs() const {
  std::string s;
  for (const HipHost* h : hosts_) {
    s += "\n" + h->name() + " (" + h->hit().to_string() + "):\n" + format_log(h->log());
  }
  return s;
}

RunOutcome World::run() {
  RunOutcome out;
  const auto step = [this] {
    audit_step();
    return false;
  };
  const auto guard = [&](const RunResult& r, const char* phase) {
    if (r.hit_event_limit()) failures_.push_back(std::string(phase) + ": " + r.describe());
  };

  // 1. Chaos.
  schedule_faults();
  schedule_traffic();
  guard(sim_.run_until(step, config_.chaos), "chaos");

  // 2. Healed: everyone talks to everyone once a second.
  heal();
  std::vector<std::vector<std::uint64_t>> delivered(hosts_.size(),
                                                    std::vector<std::uint64_t>(hosts_.size()));
  for (std::size_t i = 0; i < hosts_.size(); ++i) {
    for (std::size_t j = 0; j < hosts_.size(); ++j) {
      if (i != j) delivered[i][j] = hosts_[j]->delivered_from(hosts_[i]->hit());
    }
  }
  for (int second = 0; second < 2 * static_cast<int>(kLivenessBound / 1s); ++second) {
    sim_.after(std::chrono::seconds(second), [this] {
      if (phase_ != Phase::healed) return;
      for (HipHost* x : hosts_) {
        for (HipHost* y : hosts_) {
          if (x != y) x->send_data(y->hit());
        }
      }
    });
  }
  auto live = sim_.run_until(
      [&] {
        audit_step();
        return every_pair_is_fine(delivered);
      },
      kLivenessBound);
  guard(live, "healed");
  if (live.met()) {
    out.time_to_live = sim_.now() - heal_at_;
  } else {
    std::string why = "liveness: not every pair established with matching SAs and data "
                      "delivered within " + std::to_string(kLivenessBound / 1s) + " s of healing:";
    for (std::size_t i = 0; i < hosts_.size(); ++i) {
      for (std::size_t j = 0; j < hosts_.size(); ++j) {
        if (i == j) continue;
        const HipHost& x = *hosts_[i];
        const HipHost& y = *hosts_[j];
        const SaRecord* sa = x.sas().outbound_to(y.hit());
        why += " " + x.name() + "->" + y.name() + " " +
               std::string(engine::to_string(x.log().current_state(y.hit()))) + ", delivered " +
               std::to_string(y.delivered_from(x.hit()) - delivered[i][j]) + ", out SA " +
               (sa ? std::to_string(sa->sa.spi) +
                         (y.sas().inbound(sa->sa.spi) ? " known" : " UNKNOWN at peer")
                   : std::string("none")) + ";";
      }
    }
    failures_.push_back(why);
  }

  // 3. Closed: traffic stops, some hosts close, the rest runs out of UAL.
  // Sometimes one host vanishes for good instead: the others must clean up
  // alone (UAL, then CLOSE retransmitted for UAL + MSL).
  phase_ = Phase::closed;
  guard(sim_.run_until(step, 1s), "drain");
  const bool vanish = plan_.chance(0.3);
  const std::size_t vanishing = plan_.next() % hosts_.size();
  if (vanish) hosts_[vanishing]->crash();
  bool any = vanish;
  for (std::size_t i = 0; i < hosts_.size(); ++i) {
    if (vanish && i == vanishing) continue;
    if (!plan_.chance(0.5) && (any || i + 1 < hosts_.size())) continue;
    any = true;
    for (HipHost* peer : hosts_) {
      if (peer != hosts_[i]) hosts_[i]->close(peer->hit());
    }
  }
  const base::Time closed_at = sim_.now();
  auto clean = sim_.run_until(
      [&] {
        audit_step();
        return nothing_left();
      },
      kCloseBound);
  guard(clean, "closed");
  if (clean.met()) {
    out.time_to_clean = sim_.now() - closed_at;
  } else {
    std::string why = "leak: " + std::to_string(kCloseBound / 1s) + " s after the close:";
    for (const HipHost* h : hosts_) {
      if (!h->up()) continue;
      for (const auto& a : h->engine()->snapshot()) {
        why += " " + h->name() + " has " + std::string(engine::to_string(a.state)) + ";";
      }
      if (h->sas().size() > 0) why += " " + h->name() + " has " + std::to_string(h->sas().size()) + " SAs;";
    }
    failures_.push_back(why);
  }

  for (const auto& v : audit_->violations()) failures_.push_back("SA safety: " + v);
  for (const auto& v : corrupter_->violations()) failures_.push_back("tampering: " + v);
  out.failures = failures_;
  out.virtual_time = sim_.elapsed();
  out.outbound_sas_checked = audit_->outbound_checked();
  out.stale_sas = audit_->stale_at_install();
  for (const HipHost* h : hosts_) out.base_exchanges += h->log().times_entered(engine::State::established);
  out.faults = tally();
  return out;
}

}  // namespace hip::sim::test
