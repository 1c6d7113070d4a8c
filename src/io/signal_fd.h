// Signals as readable events in the epoll loop: SIGTERM/SIGINT (shut down:
// close associations, remove the TUN device) and SIGHUP (reload).
//
// The signals are blocked in the calling thread, and threads inherit the mask:
// create the SignalFd in main() before any thread starts, or another thread
// that has them unblocked takes the signal and its default action kills hipd.
// The destructor restores the previous mask; a signal still pending then is
// delivered with its default action.
#pragma once

#include <signal.h>

#include <initializer_list>

#include "io/error.h"
#include "io/fd.h"

namespace hip::io {

class SignalFd {
 public:
  static Result<SignalFd> create(std::initializer_list<int> signals);
  // SIGTERM, SIGINT and SIGHUP: what hipd handles.
  static Result<SignalFd> create_for_daemon() { return create({SIGTERM, SIGINT, SIGHUP}); }

  SignalFd(SignalFd&& other) noexcept;
  SignalFd& operator=(SignalFd&&) = delete;
  ~SignalFd();

  int fd() const noexcept { return fd_.get(); }
  // The next pending signal's number, or 0 when none is pending.
  Result<int> read_one() noexcept;

 private:
  SignalFd(Fd fd, const sigset_t& previous) : fd_(std::move(fd)), previous_(previous) {}

  Fd fd_;
  sigset_t previous_;
  bool restore_ = true;
};

}  // namespace hip::io
