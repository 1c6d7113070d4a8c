// TimerFd at absolute engine times, and the CLOCK_MONOTONIC <-> base::Time
// conversion.
#include "io/timer_fd.h"

#include <gtest/gtest.h>
#include <poll.h>

#include <chrono>

#include "io/epoll_loop.h"

namespace hip::io {
namespace {

using namespace std::chrono_literals;

bool readable_within(int fd, int ms) {
  pollfd p{fd, POLLIN, 0};
  return ::poll(&p, 1, ms) == 1 && (p.revents & POLLIN);
}

TEST(TimeConversion, TimespecToEngineTimeAndBack) {
  // 5 s + 7 ns = 5'000'000'007 ns, by hand.
  const timespec ts{5, 7};
  const base::Time t = to_engine_time(ts);
  EXPECT_EQ(base::to_ns(t), 5'000'000'007);
  const timespec back = to_timespec(t);
  EXPECT_EQ(back.tv_sec, 5);
  EXPECT_EQ(back.tv_nsec, 7);
  const timespec half = to_timespec(base::time_from_ns(1'500'000'000));
  EXPECT_EQ(half.tv_sec, 1);
  EXPECT_EQ(half.tv_nsec, 500'000'000);
}

TEST(TimeConversion, ClampsOutOfRange) {
  EXPECT_EQ(base::to_ns(to_engine_time(timespec{-3, 0})), 0);
  const timespec zero = to_timespec(base::time_from_ns(-42));
  EXPECT_EQ(zero.tv_sec, 0);
  EXPECT_EQ(zero.tv_nsec, 0);
}

TEST(TimeConversion, MonotonicNowMatchesClockGettime) {
  timespec before{};
  ::clock_gettime(CLOCK_MONOTONIC, &before);
  const base::Time now = monotonic_now();
  timespec after{};
  ::clock_gettime(CLOCK_MONOTONIC, &after);
  const std::int64_t lo = std::int64_t{before.tv_sec} * 1'000'000'000 + before.tv_nsec;
  const std::int64_t hi = std::int64_t{after.tv_sec} * 1'000'000'000 + after.tv_nsec;
  EXPECT_GE(base::to_ns(now), lo);
  EXPECT_LE(base::to_ns(now), hi);
}

TEST(TimerFd, FiresAtTheAbsoluteDeadlineNotBefore) {
  auto timer = TimerFd::create();
  ASSERT_TRUE(timer) << timer.error().message();
  const base::Time deadline = monotonic_now() + 40ms;
  ASSERT_TRUE(timer->arm_at(deadline));
  auto loop = EpollLoop::create();
  ASSERT_TRUE(loop);
  base::Time fired_at{};
  ASSERT_TRUE(loop->add(timer->fd(), kReadable, [&](std::uint32_t) {
    fired_at = monotonic_now();
    auto n = timer->read_expirations();
    ASSERT_TRUE(n);
    EXPECT_EQ(*n, 1u);
  }));
  for (int i = 0; i < 20 && fired_at == base::Time{}; ++i) {
    ASSERT_TRUE(loop->run_once(100ms));
  }
  ASSERT_NE(fired_at, base::Time{}) << "timer did not fire within 2 s";
  EXPECT_GE(fired_at, deadline);
  EXPECT_LT(fired_at, deadline + 1s);
  // Read once: not readable any more, nothing counted.
  auto again = timer->read_expirations();
  ASSERT_TRUE(again);
  EXPECT_EQ(*again, 0u);
}

TEST(TimerFd, PastDeadlineFiresAtOnce) {
  auto timer = TimerFd::create();
  ASSERT_TRUE(timer);
  ASSERT_TRUE(timer->arm_at(monotonic_now() - 1s));
  EXPECT_TRUE(readable_within(timer->fd(), 500));
  // The clock's zero also counts as past (and must not disarm the timer).
  ASSERT_TRUE(timer->read_expirations());
  ASSERT_TRUE(timer->arm_at(base::time_from_ns(0)));
  EXPECT_TRUE(readable_within(timer->fd(), 500));
}

TEST(TimerFd, NeverAndDisarmDoNotFire) {
  auto timer = TimerFd::create();
  ASSERT_TRUE(timer);
  ASSERT_TRUE(timer->arm_at(monotonic_now() + 20ms));
  ASSERT_TRUE(timer->arm_at(base::kNever));
  EXPECT_FALSE(readable_within(timer->fd(), 60));
  ASSERT_TRUE(timer->arm_at(monotonic_now() + 20ms));
  ASSERT_TRUE(timer->disarm());
  EXPECT_FALSE(readable_within(timer->fd(), 60));
}

TEST(TimerFd, RearmingMovesTheDeadline) {
  auto timer = TimerFd::create();
  ASSERT_TRUE(timer);
  ASSERT_TRUE(timer->arm_at(monotonic_now() + 10s));
  const base::Time sooner = monotonic_now() + 20ms;
  ASSERT_TRUE(timer->arm_at(sooner));
  EXPECT_TRUE(readable_within(timer->fd(), 1000));
  EXPECT_GE(monotonic_now(), sooner);
}

}  // namespace
}  // namespace hip::io
