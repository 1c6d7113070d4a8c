// Responder capacity (issue 7, item 2): complete base exchanges per second of
// the Responder's CPU, one engine on one core facing many Initiators, with and
// without an I1 flood from spoofed HITs.
//
// kInitiators Initiator identities are made once; each round starts a fresh
// Responder (new key, so every exchange of the round is a new association
// for both sides; start-up not timed) and runs one base exchange with each
// Initiator in turn. Only the Responder's engine calls are timed (its I1 and
// I2 processing). Flood rounds put kSpoofPerBex I1s from random, never-seen
// HITs and addresses before each legitimate exchange: they get R1s from the
// cache and, as RFC 7401 §4.1.1 and §6.7 want, leave no state. After every
// round the benchmark counts that all Initiators reached ESTABLISHED, the
// Responder holds exactly kInitiators associations and sent one R1 per I1.
//
// Each iteration runs one clean and one flood round, alternating which goes
// first, so the two see the same machine; the ratio is of the medians of one
// run (see bex_cost_bench.cc). The puzzle is pinned at K = 0: the Responder
// alone answers more than the default 200 I1/s at which the engine would
// raise K to 10 and re-sign its R1s, in both kinds of round; that costs the
// Responder one R1 regeneration and nothing per I2 (checking a solution is
// one hash whatever K), while the Initiators' extra work is not counted here.
#include <benchmark/benchmark.h>

#include <memory>
#include <string>
#include <vector>

#include "support/bex_wire.h"
#include "support/cpu_clock.h"
#include "support/craft.h"
#include "support/identities.h"
#include "support/stats.h"

namespace {

using namespace hip;
using crypto::KeyKind;
using namespace std::chrono_literals;

constexpr std::size_t kInitiators = 256;
constexpr int kSpoofPerBex = 10;

const std::vector<crypto::PrivateKey>& initiator_keys() {
  static const std::vector<crypto::PrivateKey> keys = [] {
    std::vector<crypto::PrivateKey> v;
    for (std::size_t i = 0; i < kInitiators; ++i) v.push_back(bench::new_key(KeyKind::ecdsa_p256));
    return v;
  }();
  return keys;
}

struct RoundResult {
  std::int64_t responder_ns = 0;  // all Responder calls of the round
  std::int64_t spoof_ns = 0;      // of which the spoofed I1s
  std::size_t established = 0;    // Initiators that reached ESTABLISHED
  std::size_t associations = 0;   // Responder's table afterwards
  bool r1_per_i1 = false;         // one R1 for every I1, spoofed ones included
};

class Rounds {
 public:
  Rounds(KeyKind responder_kind, crypto::Rng& rng) : kind_(responder_kind), rng_(rng) {
    for (std::size_t i = 0; i < kInitiators; ++i) {
      initiators_.push_back(std::make_unique<engine::Engine>(
          bench::initiator_config(), bench::identity_of(initiator_keys()[i]), rng_, now_));
    }
  }

  RoundResult run(bool flood) {
    const crypto::PrivateKey key = bench::new_key(kind_);
    engine::Engine responder(bench::responder_config(true), bench::identity_of(key), rng_, now_);
    const base::Hit responder_hit = responder.local_hits().front();
    const base::IpAddress responder_ip = bench::responder_address();
    RoundResult result;
    engine::Actions out;
    std::vector<std::vector<std::uint8_t>> spoofed;
    for (std::size_t k = 0; k < kInitiators; ++k) {
      if (flood) {
        spoofed.clear();
        std::vector<base::IpAddress> sources;
        for (int s = 0; s < kSpoofPerBex; ++s) {
          sources.push_back(bench::random_address(craft_rng_));
          spoofed.push_back(bench::craft_i1(bench::random_hit(craft_rng_), responder_hit,
                                            sources.back(), responder_ip));
        }
        for (int s = 0; s < kSpoofPerBex; ++s) {
          const engine::Received in{spoofed[s], engine::Path{responder_ip, sources[s]}};
          {
            bench::CpuMeter meter(result.spoof_ns);
            responder.on_hip_packet(in, now_, out);
          }
          out.clear();  // the R1s go nowhere
        }
      }
      bench::Party i{initiators_[k].get()}, r{&responder};
      const engine::Path path{bench::initiator_address(static_cast<std::uint32_t>(k)), responder_ip};
      if (bench::run_base_exchange(i, r, responder_hit, path, now_)) ++result.established;
      result.responder_ns += r.cpu_ns;
      now_ += 1ms;
    }
    result.responder_ns += result.spoof_ns;
    result.associations = responder.snapshot().size();
    const std::uint64_t i1s = kInitiators * (flood ? 1 + kSpoofPerBex : 1);
    result.r1_per_i1 = responder.counters().r1_sent == i1s &&
                       responder.counters().base_exchanges_completed == kInitiators;
    return result;
  }

 private:
  KeyKind kind_;
  crypto::Rng& rng_;
  crypto::SeededRng craft_rng_{7};
  base::Time now_ = base::time_from_ns(1'000'000'000);
  std::vector<std::unique_ptr<engine::Engine>> initiators_;
};

void BM_ResponderCapacity(benchmark::State& state, KeyKind responder_kind) {
  crypto::OsRng rng;
  Rounds rounds(responder_kind, rng);
  std::vector<double> clean_rate, flood_rate, spoof_us;
  bool all_completed = true, stateless = true;
  for (auto _ : state) {
    const bool flood_first = (clean_rate.size() % 2) == 1;
    RoundResult first = rounds.run(flood_first);
    RoundResult second = rounds.run(!flood_first);
    const RoundResult& clean = flood_first ? second : first;
    const RoundResult& flood = flood_first ? first : second;
    for (const RoundResult* r : {&clean, &flood}) {
      all_completed = all_completed && r->established == kInitiators && r->r1_per_i1;
      stateless = stateless && r->associations == kInitiators;
    }
    state.SetIterationTime(static_cast<double>(clean.responder_ns + flood.responder_ns) * 1e-9);
    clean_rate.push_back(kInitiators / (static_cast<double>(clean.responder_ns) * 1e-9));
    flood_rate.push_back(kInitiators / (static_cast<double>(flood.responder_ns) * 1e-9));
    spoof_us.push_back(static_cast<double>(flood.spoof_ns) / 1e3 / (kInitiators * kSpoofPerBex));
  }
  if (clean_rate.empty()) return;
  const double clean = bench::median(clean_rate), flood = bench::median(flood_rate);
  state.counters["clean_bex_per_s"] = bench::plain(clean);
  state.counters["flood_bex_per_s"] = bench::plain(flood);
  state.counters["ratio"] = bench::plain(flood / clean);
  state.counters["responder_us_per_bex"] = bench::plain(1e6 / clean);
  state.counters["spoofed_i1_us"] = bench::plain(bench::median(spoof_us));
  // 1 when every round passed its checks (see the file comment), else 0.
  state.counters["all_completed"] = bench::plain(all_completed ? 1 : 0);
  state.counters["no_spoofed_state"] = bench::plain(stateless ? 1 : 0);
  state.SetLabel("responder " + std::string(crypto::to_string(responder_kind)) + ", " +
                 std::to_string(kInitiators) + " ECDSA P-256 initiators, " +
                 std::to_string(kSpoofPerBex) + " spoofed I1 per BEX in flood rounds");
}

BENCHMARK_CAPTURE(BM_ResponderCapacity, ecdsa_p256, KeyKind::ecdsa_p256)
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond)
    ->Apply(hip::bench::add_min_max);
BENCHMARK_CAPTURE(BM_ResponderCapacity, rsa2048, KeyKind::rsa)
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond)
    ->Apply(hip::bench::add_min_max);

}  // namespace

BENCHMARK_MAIN();
