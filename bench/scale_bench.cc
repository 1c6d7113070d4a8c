// The engine at scale (issue 7, item 5): memory per ESTABLISHED association,
// and what single events cost as the association table grows.
//
// One Responder ("big") is grown to each size in turn (1,000, 10,000,
// 100,000; HIP_SCALE_MAX caps it, default 10,000 so that `make bench` stays
// short) with real base exchanges from fresh ECDSA P-256 peers
// (support/populated_responder.h). A second Responder ("ref") holds 100
// associations throughout. Every event is measured on both, in rotating
// batches timed with the thread's CPU clock, and reported as big / ref:
// flat means a ratio near 1 (BM_Event says which arms there are).
//
//   memory          mallinfo2() in-use bytes (support/memory.h; OpenSSL's
//                   allocations included) and RSS, per association added
//                   since the previous size
//   known_peer_i1   on_hip_packet: an I1 from a peer we hold ESTABLISHED
//                   (lookup, R1 from the cache): the cheapest packet that
//                   reaches an association
//   bad_mac_update  on_hip_packet: an UPDATE whose HIP_MAC is wrong (lookup,
//                   one HMAC, drop)
//   traffic         on_traffic(), which the driver calls every few seconds per
//                   association with ESP traffic
//   idle_timeout    on_timeout() and next_deadline() with nothing due
//   close_unknown   close() for a HIT we have no association with: the
//                   lookup an administrative close does before anything else
//   deadline_heap   heap bytes left behind per on_traffic() call and per I1
//                   from a known peer (one engine of 100 associations)
//   close_all       close_all() on engines of 1,000 and 4,000 associations
//   memory_parts    heap bytes of a decoded peer key and of one keyed HMAC
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "crypto/host_id.h"
#include "crypto/mac.h"
#include "support/cpu_clock.h"
#include "support/craft.h"
#include "support/identities.h"
#include "support/memory.h"
#include "support/populated_responder.h"
#include "support/stats.h"

namespace {

using namespace hip;
using bench::PopulatedResponder;
using namespace std::chrono_literals;

constexpr std::size_t kReference = 100;
constexpr std::size_t kSample = 4096;  // peers addressed per benchmark, drawn at random

std::vector<std::size_t> scale_sizes() {
  std::size_t max = 10'000;
  if (const char* env = std::getenv("HIP_SCALE_MAX")) max = std::strtoul(env, nullptr, 10);
  std::vector<std::size_t> sizes;
  for (std::size_t s : {std::size_t{1'000}, std::size_t{10'000}, std::size_t{100'000}}) {
    if (s <= max) sizes.push_back(s);
  }
  if (max > kReference && (sizes.empty() || sizes.back() != max)) sizes.push_back(max);
  return sizes;
}

// The two Responders, built once and grown on demand, smallest size first.
class World {
 public:
  struct Step {
    double heap_per_association = 0;        // marginal: bytes added / associations added
    double rss_per_association = 0;
    double responder_us_per_bex = 0;
    double ec_expiry_us_per_association = 0;
    std::size_t established = 0;
  };

  static World& get() {
    static World w;
    return w;
  }

  void grow_to(std::size_t n) {
    if (big_->peers().size() >= n) return;
    const bench::MemoryUse before = bench::memory_use();
    const PopulatedResponder::Growth g = big_->grow(n - big_->peers().size(), now);
    const bench::MemoryUse after = bench::memory_use();
    const auto added = static_cast<double>(g.added);
    Step s;
    s.heap_per_association = static_cast<double>(after.heap_bytes - before.heap_bytes) / added;
    s.rss_per_association = static_cast<double>(after.rss_bytes - before.rss_bytes) / added;
    s.responder_us_per_bex = static_cast<double>(g.responder_ns) / 1e3 / added;
    s.ec_expiry_us_per_association = static_cast<double>(g.ec_expiry_ns) / 1e3 / added;
    s.established = g.established;
    steps[n] = s;
  }

  PopulatedResponder& ref() { return *ref_; }
  PopulatedResponder& big() { return *big_; }
  crypto::Rng& rng() { return rng_; }

  base::Time now = base::time_from_ns(1'000'000'000);
  std::map<std::size_t, Step> steps;

 private:
  World() {
    ref_ = std::make_unique<PopulatedResponder>(rng_, now);
    ref_->grow(kReference, now);
    big_ = std::make_unique<PopulatedResponder>(rng_, now);
  }

  crypto::OsRng rng_;
  std::unique_ptr<PopulatedResponder> ref_, big_;
};

void BM_Memory(benchmark::State& state, std::size_t size) {
  World& w = World::get();
  w.grow_to(size);
  const World::Step& s = w.steps.at(size);
  for (auto _ : state) benchmark::DoNotOptimize(s);
  state.counters["heap_B_per_assoc"] = bench::plain(s.heap_per_association);
  state.counters["rss_B_per_assoc"] = bench::plain(s.rss_per_association);
  state.counters["responder_us_per_bex"] = bench::plain(s.responder_us_per_bex);
  state.counters["ec_expiry_us_per_assoc"] = bench::plain(s.ec_expiry_us_per_association);
  state.counters["all_established"] = bench::plain(s.established == size ? 1 : 0);
}

enum class Event { known_peer_i1, bad_mac_update, traffic, idle_timeout, close_unknown };

int batch_for(Event e) {
  switch (e) {
    case Event::traffic:
    case Event::idle_timeout: return 256;
    case Event::close_unknown: return 4;
    default: return 32;
  }
}

// Fixed iteration counts, whatever --benchmark_min_time says, so the run time
// stays bounded at 100,000 associations and the rows are comparable across
// table sizes (BM_DeadlineHeap checks that the events leave nothing behind).
benchmark::IterationCount iterations_for(Event e) {
  switch (e) {
    case Event::traffic:
    case Event::idle_timeout: return 400;
    case Event::close_unknown: return 50;
    default: return 1000;
  }
}

// What one engine's batch needs: sampled peers and, for packet events, their packets.
struct Targets {
  std::vector<bench::Peer> peers;
  std::vector<std::vector<std::uint8_t>> packets;
  std::vector<base::Hit> strangers;  // HITs with no association
};

Targets targets_for(Event e, PopulatedResponder& r, crypto::SeededRng& pick,
                    std::size_t sample = kSample) {
  Targets t;
  const auto& peers = r.peers();
  const std::size_t n = std::min(sample, peers.size());
  for (std::size_t k = 0; k < n; ++k) {
    const bench::Peer& p = peers.size() <= sample ? peers[k] : peers[pick.next() % peers.size()];
    t.peers.push_back(p);
    if (e == Event::known_peer_i1) {
      t.packets.push_back(bench::craft_i1(p.hit, r.hit(), p.address, bench::responder_address()));
    } else if (e == Event::bad_mac_update) {
      // ECDSA Responder: RHASH SHA-384 (48-byte MAC), 64-byte ECDSA signature.
      t.packets.push_back(bench::craft_update_bad_mac(p.hit, r.hit(), p.address,
                                                      bench::responder_address(), 48, 7, 64));
    }
    t.strangers.push_back(bench::random_hit(pick));
  }
  return t;
}

void fire(Event e, PopulatedResponder& r, const Targets& t, std::size_t i, base::Time now,
          engine::Actions& out) {
  switch (e) {
    case Event::known_peer_i1:
    case Event::bad_mac_update:
      r.engine().on_hip_packet(
          engine::Received{t.packets[i], engine::Path{bench::responder_address(), t.peers[i].address}},
          now, out);
      break;
    case Event::traffic: r.engine().on_traffic(r.hit(), t.peers[i].hit, true, now, out); break;
    case Event::idle_timeout:
      r.engine().on_timeout(now, out);
      benchmark::DoNotOptimize(r.engine().next_deadline());
      break;
    case Event::close_unknown: r.engine().close(t.strangers[i], now, out); break;
  }
}

void BM_Event(benchmark::State& state, Event event, std::size_t size) {
  World& w = World::get();
  w.grow_to(size);
  crypto::SeededRng pick(size);
  // Three arms, in rotating order: ref (100 associations), big addressed at
  // only kReference of its peers (the same working set as ref: what the
  // table's size alone costs), and big addressed at kSample random peers
  // (a realistic spread, with the cache misses that come with it).
  PopulatedResponder* engines[3] = {&w.ref(), &w.big(), &w.big()};
  const Targets targets[3] = {targets_for(event, w.ref(), pick),
                              targets_for(event, w.big(), pick, kReference),
                              targets_for(event, w.big(), pick)};
  const int batch = batch_for(event);
  std::vector<double> per_event_ns[3];
  std::vector<std::size_t> picks(static_cast<std::size_t>(batch));
  engine::Actions out;
  const engine::Counters before[2] = {w.ref().engine().counters(), w.big().engine().counters()};
  for (auto _ : state) {
    std::int64_t spent[3] = {0, 0, 0};
    const std::size_t first = per_event_ns[0].size() % 3;
    for (std::size_t turn = 0; turn < 3; ++turn) {
      const std::size_t e = (first + turn) % 3;
      for (auto& p : picks) p = pick.next() % targets[e].peers.size();
      {
        bench::CpuMeter meter(spent[e]);
        for (std::size_t p : picks) fire(event, *engines[e], targets[e], p, w.now, out);
      }
      out.clear();
    }
    state.SetIterationTime(static_cast<double>(spent[0] + spent[1] + spent[2]) * 1e-9);
    for (int e = 0; e < 3; ++e) per_event_ns[e].push_back(static_cast<double>(spent[e]) / batch);
  }
  // The crafted packets must have taken the intended path: an R1 for every
  // I1, a HIP_MAC failure for every UPDATE.
  const std::uint64_t fired[2] = {per_event_ns[0].size() * static_cast<std::uint64_t>(batch),
                                  2 * per_event_ns[0].size() * static_cast<std::uint64_t>(batch)};
  for (int e = 0; e < 2; ++e) {
    const engine::Counters& now = engines[e]->engine().counters();
    const bool ok = event == Event::known_peer_i1 ? now.r1_sent - before[e].r1_sent == fired[e]
                    : event == Event::bad_mac_update
                        ? now.drops(engine::Drop::bad_mac) - before[e].drops(engine::Drop::bad_mac) == fired[e]
                        : true;
    if (!ok) state.SkipWithError("the engine did not handle the crafted packets as intended");
  }
  const double ref = bench::median(per_event_ns[0]), hot = bench::median(per_event_ns[1]),
               big = bench::median(per_event_ns[2]);
  state.counters["ref_ns"] = bench::plain(ref);
  state.counters["big_hot_ns"] = bench::plain(hot);
  state.counters["big_ns"] = bench::plain(big);
  state.counters["ratio_hot"] = bench::plain(hot / ref);
  state.counters["ratio"] = bench::plain(big / ref);
  state.counters["associations"] = bench::plain(static_cast<double>(w.big().peers().size()));
}

// Heap left behind by calls that change no deadline, each on a fresh engine
// of 100 associations: heap in use before and after. The entries sit in a
// std::vector, which doubles: the call counts stay just under a power of two,
// so the figure is close to the bytes per entry.
void BM_DeadlineHeap(benchmark::State& state) {
  constexpr std::size_t kCalls = 1'000'000;  // heap capacity 2^20 entries
  constexpr std::size_t kI1s = 250'000;      // 2^18
  crypto::OsRng rng;
  base::Time now = base::time_from_ns(1'000'000'000);
  engine::Actions out;
  auto fresh = [&] {
    auto r = std::make_unique<PopulatedResponder>(rng, now);
    r->grow(kReference, now);
    return r;
  };
  double per_traffic = 0, per_i1 = 0;
  for (auto _ : state) {
    auto a = fresh();
    crypto::SeededRng pick(1);
    const Targets ta = targets_for(Event::traffic, *a, pick);
    std::int64_t start = bench::memory_use().heap_bytes;
    for (std::size_t k = 0; k < kCalls; ++k) {
      a->engine().on_traffic(a->hit(), ta.peers[k % ta.peers.size()].hit, true, now, out);
    }
    per_traffic = static_cast<double>(bench::memory_use().heap_bytes - start) / kCalls;
    a.reset();
    auto b = fresh();
    const Targets tb = targets_for(Event::known_peer_i1, *b, pick);
    start = bench::memory_use().heap_bytes;
    for (std::size_t k = 0; k < kI1s; ++k) {
      fire(Event::known_peer_i1, *b, tb, k % tb.peers.size(), now, out);
      out.clear();
    }
    per_i1 = static_cast<double>(bench::memory_use().heap_bytes - start) / kI1s;
  }
  state.counters["heap_B_per_traffic_call"] = bench::plain(per_traffic);
  state.counters["heap_B_per_known_peer_i1"] = bench::plain(per_i1);
}

// close_all() on a fresh engine of `size` ESTABLISHED associations: one pass
// over the table, one signed CLOSE per association.
void BM_CloseAll(benchmark::State& state, std::size_t size) {
  crypto::OsRng rng;
  base::Time now = base::time_from_ns(1'000'000'000);
  double ms = 0;
  for (auto _ : state) {
    PopulatedResponder r(rng, now);
    r.grow(size, now);
    engine::Actions out;
    std::int64_t spent = 0;
    {
      bench::CpuMeter meter(spent);
      r.engine().close_all(now, out);
    }
    ms = static_cast<double>(spent) / 1e6;
  }
  state.counters["close_all_ms"] = bench::plain(ms);
  state.counters["us_per_association"] = bench::plain(ms * 1e3 / static_cast<double>(size));
}

// What the OpenSSL objects an association keeps weigh: the peer's public key
// (decoded from HOST_ID) and one keyed HMAC (an association has two).
void BM_MemoryParts(benchmark::State& state) {
  constexpr std::size_t kCount = 1000;
  const crypto::PrivateKey key = bench::new_key(crypto::KeyKind::ecdsa_p256);
  const auto identity = crypto::encode_host_identity(key);
  const std::vector<std::uint8_t> secret(48, 0x42);
  double key_bytes = 0, hmac_bytes = 0;
  for (auto _ : state) {
    std::vector<crypto::PublicKey> keys;
    std::vector<crypto::HmacKey> macs;
    keys.reserve(kCount);
    macs.reserve(kCount);
    std::int64_t start = bench::memory_use().heap_bytes;
    for (std::size_t k = 0; k < kCount; ++k) {
      keys.push_back(*crypto::decode_host_identity(static_cast<std::uint16_t>(identity->algorithm),
                                                   identity->bytes));
    }
    key_bytes = static_cast<double>(bench::memory_use().heap_bytes - start) / kCount;
    start = bench::memory_use().heap_bytes;
    for (std::size_t k = 0; k < kCount; ++k) {
      macs.push_back(*crypto::HmacKey::create(crypto::Rhash::sha384, secret));
    }
    hmac_bytes = static_cast<double>(bench::memory_use().heap_bytes - start) / kCount;
  }
  state.counters["peer_key_B"] = bench::plain(key_bytes);
  state.counters["hmac_key_B"] = bench::plain(hmac_bytes);
}

const char* name_of(Event e) {
  switch (e) {
    case Event::known_peer_i1: return "known_peer_i1";
    case Event::bad_mac_update: return "bad_mac_update";
    case Event::traffic: return "traffic";
    case Event::idle_timeout: return "idle_timeout";
    case Event::close_unknown: return "close_unknown";
  }
  return "?";
}

void register_benchmarks() {
  for (std::size_t size : scale_sizes()) {
    const std::string n = std::to_string(size);
    benchmark::RegisterBenchmark(("BM_Memory/" + n).c_str(), BM_Memory, size)
        ->Iterations(1)
        ->Repetitions(1);
    for (Event e : {Event::known_peer_i1, Event::bad_mac_update, Event::traffic,
                    Event::idle_timeout, Event::close_unknown}) {
      benchmark::RegisterBenchmark((std::string("BM_Event/") + name_of(e) + "/" + n).c_str(),
                                   BM_Event, e, size)
          ->Iterations(iterations_for(e))
          ->UseManualTime()
          ->Unit(benchmark::kMicrosecond)
          ->Apply(bench::add_min_max);
    }
  }
  benchmark::RegisterBenchmark("BM_MemoryParts", BM_MemoryParts)->Iterations(1)->Repetitions(1);
  benchmark::RegisterBenchmark("BM_DeadlineHeap", BM_DeadlineHeap)->Iterations(1)->Repetitions(1);
  for (std::size_t size : {std::size_t{1'000}, std::size_t{4'000}}) {
    benchmark::RegisterBenchmark(("BM_CloseAll/" + std::to_string(size)).c_str(), BM_CloseAll, size)
        ->Iterations(1)
        ->Repetitions(1)
        ->Unit(benchmark::kMillisecond);
  }
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  register_benchmarks();
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
