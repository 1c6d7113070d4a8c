// Time as the engine sees it: a strong time point on a clock the engine never
// reads. Drivers pass `now` in (hipd from CLOCK_MONOTONIC, the simulator from
// its virtual clock), so a seed reproduces a whole simulated run.
#pragma once

#include <chrono>
#include <cstdint>

namespace hip::base {

struct EngineClock {
  using duration = std::chrono::nanoseconds;
  using rep = duration::rep;
  using period = duration::period;
  using time_point = std::chrono::time_point<EngineClock, duration>;
  static constexpr bool is_steady = true;
};

using Duration = EngineClock::duration;
using Time = EngineClock::time_point;

inline constexpr Time kNever = Time::max();

constexpr Time time_from_ns(std::int64_t ns) { return Time(Duration(ns)); }
constexpr std::int64_t to_ns(Time t) { return t.time_since_epoch().count(); }
constexpr double to_seconds(Duration d) { return std::chrono::duration<double>(d).count(); }

}  // namespace hip::base
