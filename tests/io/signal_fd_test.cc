// SignalFd: blocked signals arrive as reads, in the epoll loop.
#include "io/signal_fd.h"

#include <gtest/gtest.h>
#include <pthread.h>

#include <chrono>
#include <set>

#include "io/epoll_loop.h"

namespace hip::io {
namespace {

bool is_blocked(int signo) {
  sigset_t current;
  pthread_sigmask(SIG_BLOCK, nullptr, &current);
  return sigismember(&current, signo) == 1;
}

TEST(SignalFd, DaemonSignalsArriveThroughTheLoop) {
  ASSERT_FALSE(is_blocked(SIGHUP));
  {
    auto sfd = SignalFd::create_for_daemon();
    ASSERT_TRUE(sfd) << sfd.error().message();
    EXPECT_TRUE(is_blocked(SIGTERM));
    EXPECT_TRUE(is_blocked(SIGINT));
    EXPECT_TRUE(is_blocked(SIGHUP));

    auto none = sfd->read_one();
    ASSERT_TRUE(none);
    EXPECT_EQ(*none, 0);

    // This test process has one thread, so kill() reaches this thread.
    ASSERT_EQ(::kill(::getpid(), SIGHUP), 0);
    ASSERT_EQ(::kill(::getpid(), SIGTERM), 0);

    auto loop = EpollLoop::create();
    ASSERT_TRUE(loop);
    std::set<int> seen;
    ASSERT_TRUE(loop->add(sfd->fd(), kReadable, [&](std::uint32_t) {
      for (int i = 0; i < 4; ++i) {
        auto s = sfd->read_one();
        ASSERT_TRUE(s);
        if (*s == 0) break;
        seen.insert(*s);
      }
    }));
    for (int i = 0; i < 10 && seen.size() < 2; ++i) {
      ASSERT_TRUE(loop->run_once(std::chrono::milliseconds(100)));
    }
    EXPECT_EQ(seen, (std::set<int>{SIGHUP, SIGTERM}));
  }
  // Destroyed: the previous mask is back.
  EXPECT_FALSE(is_blocked(SIGHUP));
  EXPECT_FALSE(is_blocked(SIGTERM));
}

TEST(SignalFd, InvalidSignalIsAnError) {
  auto sfd = SignalFd::create({12345});
  ASSERT_FALSE(sfd);
  EXPECT_EQ(sfd.error().code, EINVAL);
}

}  // namespace
}  // namespace hip::io
