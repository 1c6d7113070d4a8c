#include "io/epoll_loop.h"

#include <array>
#include <utility>

namespace hip::io {

Result<EpollLoop> EpollLoop::create() {
  const int fd = ::epoll_create1(EPOLL_CLOEXEC);
  if (fd < 0) return fail("epoll_create1");
  return EpollLoop(Fd(fd));
}

Result<void> EpollLoop::add(int fd, std::uint32_t interest, Handler handler) {
  if (contains(fd)) return fail(EEXIST, "epoll_ctl add");
  const std::uint64_t id = next_id_++;
  epoll_event ev{};
  ev.events = interest;
  ev.data.u64 = id;
  if (::epoll_ctl(epoll_.get(), EPOLL_CTL_ADD, fd, &ev) != 0) return fail("epoll_ctl add");
  entries_.emplace(id, std::make_shared<Entry>(Entry{fd, std::move(handler)}));
  ids_.emplace(fd, id);
  return {};
}

Result<void> EpollLoop::modify(int fd, std::uint32_t interest) {
  const auto it = ids_.find(fd);
  if (it == ids_.end()) return fail(ENOENT, "epoll_ctl mod");
  epoll_event ev{};
  ev.events = interest;
  ev.data.u64 = it->second;
  if (::epoll_ctl(epoll_.get(), EPOLL_CTL_MOD, fd, &ev) != 0) return fail("epoll_ctl mod");
  return {};
}

Result<void> EpollLoop::remove(int fd) {
  const auto it = ids_.find(fd);
  if (it == ids_.end()) return fail(ENOENT, "epoll_ctl del");
  entries_.erase(it->second);
  ids_.erase(it);
  // The fd may already be closed (then the kernel dropped it by itself).
  if (::epoll_ctl(epoll_.get(), EPOLL_CTL_DEL, fd, nullptr) != 0 && errno != EBADF) {
    return fail("epoll_ctl del");
  }
  return {};
}

Result<int> EpollLoop::run_once(std::chrono::milliseconds timeout) {
  std::array<epoll_event, kMaxEvents> events;
  const int wait_ms = timeout.count() < 0 ? -1
                      : timeout.count() > 0x7fffffff ? 0x7fffffff
                                                      : static_cast<int>(timeout.count());
  const int n = ::epoll_wait(epoll_.get(), events.data(), kMaxEvents, wait_ms);
  if (n < 0) {
    if (errno == EINTR) return 0;
    return fail("epoll_wait");
  }
  int ran = 0;
  for (int i = 0; i < n; ++i) {
    const auto it = entries_.find(events[i].data.u64);
    if (it == entries_.end()) continue;  // removed by an earlier handler
    // Keep the entry alive even if its handler removes it.
    const std::shared_ptr<Entry> entry = it->second;
    entry->handler(events[i].events);
    ++ran;
  }
  return ran;
}

Result<void> EpollLoop::run() {
  while (!stopping_) {
    const auto r = run_once(std::chrono::milliseconds(-1));
    if (!r) return base::unexpected(r.error());
  }
  return {};
}

}  // namespace hip::io
