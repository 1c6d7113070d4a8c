#include "io/timer_fd.h"

#include <sys/timerfd.h>
#include <unistd.h>

#include <limits>

namespace hip::io {
namespace {

constexpr std::int64_t kNsPerSecond = 1'000'000'000;

}  // namespace

base::Time monotonic_now() noexcept {
  timespec ts{};
  ::clock_gettime(CLOCK_MONOTONIC, &ts);  // cannot fail for this clock
  return to_engine_time(ts);
}

base::Time to_engine_time(const timespec& ts) noexcept {
  constexpr std::int64_t kMaxSeconds = std::numeric_limits<std::int64_t>::max() / kNsPerSecond - 1;
  if (ts.tv_sec < 0) return base::time_from_ns(0);
  if (ts.tv_sec > kMaxSeconds) return base::kNever;
  return base::time_from_ns(static_cast<std::int64_t>(ts.tv_sec) * kNsPerSecond + ts.tv_nsec);
}

timespec to_timespec(base::Time t) noexcept {
  const std::int64_t ns = base::to_ns(t);
  if (ns <= 0) return timespec{0, 0};
  timespec ts{};
  ts.tv_sec = static_cast<time_t>(ns / kNsPerSecond);
  ts.tv_nsec = static_cast<long>(ns % kNsPerSecond);
  return ts;
}

Result<TimerFd> TimerFd::create() {
  const int fd = ::timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
  if (fd < 0) return fail("timerfd_create");
  return TimerFd(Fd(fd));
}

Result<void> TimerFd::arm_at(base::Time deadline) noexcept {
  if (deadline == base::kNever) return disarm();
  itimerspec spec{};
  spec.it_value = to_timespec(deadline);
  // An all-zero it_value would disarm; the clock's zero is long past anyway.
  if (spec.it_value.tv_sec == 0 && spec.it_value.tv_nsec == 0) spec.it_value.tv_nsec = 1;
  if (::timerfd_settime(fd_.get(), TFD_TIMER_ABSTIME, &spec, nullptr) != 0) {
    return fail("timerfd_settime");
  }
  return {};
}

Result<void> TimerFd::disarm() noexcept {
  const itimerspec spec{};
  if (::timerfd_settime(fd_.get(), 0, &spec, nullptr) != 0) return fail("timerfd_settime");
  return {};
}

Result<std::uint64_t> TimerFd::read_expirations() noexcept {
  std::uint64_t count = 0;
  const ssize_t n = ::read(fd_.get(), &count, sizeof count);
  if (n < 0) {
    if (errno == EAGAIN) return std::uint64_t{0};
    return fail("read timerfd");
  }
  return count;
}

}  // namespace hip::io
