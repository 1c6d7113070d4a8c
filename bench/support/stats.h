// Small statistics for benchmark samples, and the extra aggregates the
// in-process suite reports over repetitions (Google Benchmark computes mean,
// median and stddev; we also want min and max).
#pragma once

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdint>
#include <vector>

namespace hip::bench {

// Median of the samples (mean of the two middle ones for an even count); 0
// for none. Takes a copy: the caller's order is kept.
inline double median(std::vector<double> v) {
  if (v.empty()) return 0;
  const std::size_t mid = v.size() / 2;
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(mid), v.end());
  const double upper = v[mid];
  if (v.size() % 2 == 1) return upper;
  const double lower = *std::max_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(mid));
  return (lower + upper) / 2;
}

// Registers "min" and "max" next to the built-in aggregates, so that
// --benchmark_repetitions=N reports median with min-max for every counter.
// Use as ->Apply(add_min_max).
inline void add_min_max(benchmark::internal::Benchmark* b) {
  b->ComputeStatistics("min",
                          [](const std::vector<double>& v) { return *std::min_element(v.begin(), v.end()); })
      ->ComputeStatistics("max",
                          [](const std::vector<double>& v) { return *std::max_element(v.begin(), v.end()); });
}

// A counter Google Benchmark reports as it is (not divided by time or iterations).
inline benchmark::Counter plain(double value) { return benchmark::Counter(value); }

}  // namespace hip::bench
