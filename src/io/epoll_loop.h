// hipd's event loop: one epoll instance, a handler per registered fd, one
// thread. Level-triggered, so a handler that leaves data unread is called
// again on the next iteration (handlers read in batches until EAGAIN or their
// batch is full, then return, so no fd starves the others).
//
// Handlers may add, modify or remove registrations (their own included) and
// call stop(); a handler removed during an iteration is not called for the
// rest of that iteration.
#pragma once

#include <sys/epoll.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <unordered_map>

#include "io/error.h"
#include "io/fd.h"

namespace hip::io {

inline constexpr std::uint32_t kReadable = EPOLLIN;
inline constexpr std::uint32_t kWritable = EPOLLOUT;

class EpollLoop {
 public:
  // `events` holds the EPOLLIN/EPOLLOUT/EPOLLERR/EPOLLHUP bits that woke it.
  using Handler = std::function<void(std::uint32_t events)>;

  static Result<EpollLoop> create();

  // Registers `fd` (not owned) for `interest` (kReadable | kWritable).
  Result<void> add(int fd, std::uint32_t interest, Handler handler);
  Result<void> modify(int fd, std::uint32_t interest);
  Result<void> remove(int fd);
  bool contains(int fd) const { return ids_.count(fd) != 0; }

  // Waits at most `timeout` (negative: no limit) and runs the handler of each
  // ready fd once. Returns how many handlers ran: 0 on timeout or when a
  // signal interrupted the wait.
  Result<int> run_once(std::chrono::milliseconds timeout);
  // Runs iterations until stop() is called (by a handler or before).
  Result<void> run();
  void stop() noexcept { stopping_ = true; }
  bool stopping() const noexcept { return stopping_; }

 private:
  struct Entry {
    int fd;
    Handler handler;
  };
  explicit EpollLoop(Fd epoll) : epoll_(std::move(epoll)) {}

  static constexpr int kMaxEvents = 64;

  Fd epoll_;
  std::uint64_t next_id_ = 1;
  // Keyed by a registration id rather than the fd, so an event for an fd that
  // was removed (and maybe reused) in the same iteration finds nothing.
  std::unordered_map<std::uint64_t, std::shared_ptr<Entry>> entries_;
  std::unordered_map<int, std::uint64_t> ids_;
  bool stopping_ = false;
};

}  // namespace hip::io
