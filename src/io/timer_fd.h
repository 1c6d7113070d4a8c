// The engine's clock on hipd, and a timerfd armed at the engine's next
// deadline (engine.h: drain actions, then arm with next_deadline()).
//
// hipd's base::Time is CLOCK_MONOTONIC in nanoseconds, unchanged: the
// conversion is the identity, so a deadline computed by the engine is handed
// to timerfd_settime(TFD_TIMER_ABSTIME) as it is, with no drift between the
// two clocks. CLOCK_MONOTONIC does not jump with wall-clock changes and
// (unlike CLOCK_BOOTTIME) stops during suspend, which is what retransmission
// timers want.
#pragma once

#include <time.h>

#include <cstdint>

#include "base/time.h"
#include "io/error.h"
#include "io/fd.h"

namespace hip::io {

// CLOCK_MONOTONIC now, as engine time.
base::Time monotonic_now() noexcept;
// A CLOCK_MONOTONIC timespec as engine time and back. Times before the clock's
// zero or beyond timespec's range are clamped.
base::Time to_engine_time(const timespec& ts) noexcept;
timespec to_timespec(base::Time t) noexcept;

class TimerFd {
 public:
  // CLOCK_MONOTONIC, non-blocking, close-on-exec.
  static Result<TimerFd> create();

  int fd() const noexcept { return fd_.get(); }

  // One-shot expiry at the absolute engine time `deadline`: at once if it has
  // passed, never for base::kNever (disarms).
  Result<void> arm_at(base::Time deadline) noexcept;
  Result<void> disarm() noexcept;
  // Reads the expiry count, which also clears readability; 0 when the timer
  // has not fired since the last read (EAGAIN).
  Result<std::uint64_t> read_expirations() noexcept;

 private:
  explicit TimerFd(Fd fd) : fd_(std::move(fd)) {}
  Fd fd_;
};

}  // namespace hip::io
