// EpollLoop over pipes and eventfds: readiness, handler bookkeeping, stop().
#include "io/epoll_loop.h"

#include <gtest/gtest.h>
#include <fcntl.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <vector>

namespace hip::io {
namespace {

using std::chrono::milliseconds;

struct Pipe {
  Fd read_end;
  Fd write_end;
  Pipe() {
    int fds[2];
    EXPECT_EQ(::pipe2(fds, O_NONBLOCK | O_CLOEXEC), 0);
    read_end = Fd(fds[0]);
    write_end = Fd(fds[1]);
  }
  void put(char c) { ASSERT_EQ(::write(write_end.get(), &c, 1), 1); }
  char take() {
    char c = 0;
    EXPECT_EQ(::read(read_end.get(), &c, 1), 1);
    return c;
  }
};

Fd make_eventfd() { return Fd(::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)); }

void signal_eventfd(const Fd& fd) {
  const std::uint64_t one = 1;
  ASSERT_EQ(::write(fd.get(), &one, sizeof one), static_cast<ssize_t>(sizeof one));
}

TEST(EpollLoop, TimesOutWithNothingReady) {
  auto loop = EpollLoop::create();
  ASSERT_TRUE(loop) << loop.error().message();
  Pipe p;
  int calls = 0;
  ASSERT_TRUE(loop->add(p.read_end.get(), kReadable, [&](std::uint32_t) { ++calls; }));
  const auto start = std::chrono::steady_clock::now();
  const auto n = loop->run_once(milliseconds(20));
  ASSERT_TRUE(n);
  EXPECT_EQ(*n, 0);
  EXPECT_EQ(calls, 0);
  EXPECT_GE(std::chrono::steady_clock::now() - start, milliseconds(15));
}

TEST(EpollLoop, RunsTheHandlerOfTheReadyFdOnly) {
  auto loop = EpollLoop::create();
  ASSERT_TRUE(loop);
  Pipe a;
  Pipe b;
  std::vector<char> seen;
  std::uint32_t events_a = 0;
  ASSERT_TRUE(loop->add(a.read_end.get(), kReadable, [&](std::uint32_t ev) {
    events_a = ev;
    seen.push_back(a.take());
  }));
  ASSERT_TRUE(loop->add(b.read_end.get(), kReadable, [&](std::uint32_t) { seen.push_back(b.take()); }));
  a.put('x');
  const auto n = loop->run_once(milliseconds(1000));
  ASSERT_TRUE(n);
  EXPECT_EQ(*n, 1);
  EXPECT_EQ(seen, std::vector<char>{'x'});
  EXPECT_TRUE(events_a & EPOLLIN);
}

TEST(EpollLoop, LevelTriggeredCallsAgainWhileDataRemains) {
  auto loop = EpollLoop::create();
  ASSERT_TRUE(loop);
  Pipe p;
  int calls = 0;
  ASSERT_TRUE(loop->add(p.read_end.get(), kReadable, [&](std::uint32_t) {
    ++calls;
    p.take();  // one byte per wake-up; the second byte wakes it again
  }));
  p.put('1');
  p.put('2');
  ASSERT_TRUE(loop->run_once(milliseconds(1000)));
  ASSERT_TRUE(loop->run_once(milliseconds(1000)));
  EXPECT_EQ(calls, 2);
  const auto n = loop->run_once(milliseconds(0));
  ASSERT_TRUE(n);
  EXPECT_EQ(*n, 0);
}

TEST(EpollLoop, ModifyToWritableAndBack) {
  auto loop = EpollLoop::create();
  ASSERT_TRUE(loop);
  Pipe p;
  std::uint32_t last = 0;
  ASSERT_TRUE(loop->add(p.write_end.get(), 0, [&](std::uint32_t ev) { last = ev; }));
  auto n = loop->run_once(milliseconds(0));
  ASSERT_TRUE(n);
  EXPECT_EQ(*n, 0);  // no interest yet
  ASSERT_TRUE(loop->modify(p.write_end.get(), kWritable));
  n = loop->run_once(milliseconds(1000));
  ASSERT_TRUE(n);
  EXPECT_EQ(*n, 1);
  EXPECT_TRUE(last & EPOLLOUT);
}

TEST(EpollLoop, HandlerRemovedEarlierInTheIterationIsNotCalled) {
  auto loop = EpollLoop::create();
  ASSERT_TRUE(loop);
  Fd e1 = make_eventfd();
  Fd e2 = make_eventfd();
  int calls = 0;
  // Whichever runs first removes the other, so exactly one runs.
  ASSERT_TRUE(loop->add(e1.get(), kReadable, [&](std::uint32_t) {
    ++calls;
    ASSERT_TRUE(loop->remove(e2.get()));
    ASSERT_TRUE(loop->remove(e1.get()));
  }));
  ASSERT_TRUE(loop->add(e2.get(), kReadable, [&](std::uint32_t) {
    ++calls;
    ASSERT_TRUE(loop->remove(e1.get()));
    ASSERT_TRUE(loop->remove(e2.get()));
  }));
  signal_eventfd(e1);
  signal_eventfd(e2);
  const auto n = loop->run_once(milliseconds(1000));
  ASSERT_TRUE(n);
  EXPECT_EQ(*n, 1);
  EXPECT_EQ(calls, 1);
  EXPECT_FALSE(loop->contains(e1.get()));
  EXPECT_FALSE(loop->contains(e2.get()));
}

TEST(EpollLoop, DuplicateAndUnknownRegistrationsAreErrors) {
  auto loop = EpollLoop::create();
  ASSERT_TRUE(loop);
  Fd e = make_eventfd();
  ASSERT_TRUE(loop->add(e.get(), kReadable, [](std::uint32_t) {}));
  const auto again = loop->add(e.get(), kReadable, [](std::uint32_t) {});
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, EEXIST);
  const auto unknown = loop->remove(12345);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, ENOENT);
  const auto bad = loop->modify(12345, kReadable);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ENOENT);
}

TEST(EpollLoop, RunReturnsAfterStopFromAHandler) {
  auto loop = EpollLoop::create();
  ASSERT_TRUE(loop);
  Fd e = make_eventfd();
  int calls = 0;
  ASSERT_TRUE(loop->add(e.get(), kReadable, [&](std::uint32_t) {
    std::uint64_t v = 0;
    ASSERT_EQ(::read(e.get(), &v, sizeof v), static_cast<ssize_t>(sizeof v));
    if (++calls == 3) {
      loop->stop();
    } else {
      signal_eventfd(e);
    }
  }));
  signal_eventfd(e);
  ASSERT_TRUE(loop->run());
  EXPECT_EQ(calls, 3);
  EXPECT_TRUE(loop->stopping());
}

TEST(EpollLoop, ErrorMessageNamesTheCall) {
  const Error e{EBADF, "epoll_ctl add"};
  EXPECT_NE(e.message().find("epoll_ctl add"), std::string::npos);
  EXPECT_NE(e.message().find("errno 9"), std::string::npos);
  EXPECT_FALSE(e.would_block());
  EXPECT_TRUE((Error{EAGAIN, "x"}.would_block()));
}

}  // namespace
}  // namespace hip::io
