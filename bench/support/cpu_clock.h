// CPU time of the calling thread, for timing engine calls one by one. The
// bench machine is shared: wall-clock time would count other people's work,
// the thread's CPU time counts only ours (CLOCK_THREAD_CPUTIME_ID, which the
// kernel keeps per thread; a read costs well under a microsecond).
#pragma once

#include <time.h>

#include <cstdint>

namespace hip::bench {

inline std::int64_t thread_cpu_ns() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return std::int64_t{ts.tv_sec} * 1'000'000'000 + ts.tv_nsec;
}

// Adds the CPU time of each timed call to `total`.
//   CpuMeter m(total); engine.on_hip_packet(...);  // timed until m goes
class CpuMeter {
 public:
  explicit CpuMeter(std::int64_t& total) : total_(total), start_(thread_cpu_ns()) {}
  ~CpuMeter() { total_ += thread_cpu_ns() - start_; }
  CpuMeter(const CpuMeter&) = delete;
  CpuMeter& operator=(const CpuMeter&) = delete;

 private:
  std::int64_t& total_;
  std::int64_t start_;
};

}  // namespace hip::bench
