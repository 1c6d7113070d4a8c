// One property-test run: two or three HIP hosts on a full mesh of simulated
// links, and a schedule of faults and application traffic drawn from the
// seed. A run goes through three phases, each checking properties:
//
//   1. chaos   (WorldConfig::chaos of virtual time): lossy, duplicating,
//              reordering, jittery links; partitions that heal; crashes and
//              restarts of any host; tampered copies of control packets;
//              data in all directions with idle gaps longer than UAL; admin
//              closes. After every event: the SA audit (sa_audit.h); for
//              every tampered copy: no change at its receiver (corrupter.h).
//   2. healed  links become clean, every host is up, every host sends data
//              to every peer once a second. Liveness: within kLivenessBound
//              every pair is ESTABLISHED on both sides, with matching SAs,
//              and data has been delivered both ways.
//   3. closed  traffic stops, some hosts close all their associations, the
//              rest run out of UAL; sometimes one host vanishes for good
//              instead. No leaks: within kCloseBound no host has an
//              association or an SA left.
//
// Timers are shortened (WorldConfig::engine_config) so that UAL, MSL and
// CLOSED all happen within a few virtual minutes.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/config.h"
#include "sim/hip_host.h"
#include "sim/properties/corrupter.h"
#include "sim/properties/sa_audit.h"
#include "sim/random.h"
#include "sim/simulator.h"

namespace hip::sim::test {

using namespace std::chrono_literals;

// What a run promises. Derivation of the bounds: docs/state-machine.md.
inline constexpr base::Duration kLivenessBound = 60s;
inline constexpr base::Duration kCloseBound = 90s;

struct WorldConfig {
  int hosts = 2;
  base::Duration chaos = 120s;
  bool crashes = true;
  bool partitions = true;
  double corrupt_probability = 0.08;
  engine::Config engine_config = short_timers();

  static engine::Config short_timers();
};

// Faults injected in one run (or summed over runs).
struct FaultTally {
  std::uint64_t random_losses = 0;
  std::uint64_t partition_drops = 0;
  std::uint64_t duplicates = 0;
  std::uint64_t reorders = 0;
  std::uint64_t outages = 0;  // partition windows
  std::uint64_t crashes = 0;  // each followed by a restart
  std::uint64_t packets = 0;  // everything offered to links
  CorruptionTally corruption;

  std::uint64_t total() const {
    return random_losses + partition_drops + duplicates + reorders + outages + crashes +
           corruption.injected;
  }
  void add(const FaultTally& o);
  std::string describe() const;
};

struct RunOutcome {
  std::vector<std::string> failures;  // empty: every property held
  base::Duration virtual_time{};
  std::optional<base::Duration> time_to_live;   // phase 2: heal -> all pairs fine
  std::optional<base::Duration> time_to_clean;  // phase 3: close -> nothing left
  std::uint64_t outbound_sas_checked = 0;
  std::uint64_t stale_sas = 0;
  std::uint64_t base_exchanges = 0;
  FaultTally faults;
};

class World {
 public:
  World(std::uint64_t seed, WorldConfig config);
  ~World();

  // All three phases; never stops early, so that a failing run still tells
  // everything it found.
  RunOutcome run();

  std::string logs() const;
  Simulator& sim() { return sim_; }
  const std::vector<HipHost*>& hosts() const { return hosts_; }

 private:
  enum class Phase : std::uint8_t { chaos, healed, closed };

  void schedule_faults();
  void schedule_traffic();
  void send_and_reschedule(std::size_t from, std::size_t to);
  void heal();
  bool every_pair_is_fine(const std::vector<std::vector<std::uint64_t>>& delivered_at_heal) const;
  bool nothing_left() const;
  void audit_step();
  FaultTally tally() const;

  WorldConfig config_;
  Simulator sim_;
  Random plan_;  // the fault and traffic schedule
  std::vector<HipHost*> hosts_;
  std::vector<Link*> links_;
  std::unique_ptr<SaAudit> audit_;
  std::unique_ptr<Corrupter> corrupter_;
  Phase phase_ = Phase::chaos;
  base::Time heal_at_{};
  std::uint64_t outages_ = 0;
  std::uint64_t crashes_ = 0;
  std::vector<std::string> failures_;
};

}  // namespace hip::sim::test
