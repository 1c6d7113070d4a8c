#include "io/signal_fd.h"

#include <pthread.h>
#include <sys/signalfd.h>
#include <unistd.h>

namespace hip::io {

Result<SignalFd> SignalFd::create(std::initializer_list<int> signals) {
  sigset_t set;
  sigemptyset(&set);
  for (const int s : signals) {
    if (sigaddset(&set, s) != 0) return fail(EINVAL, "sigaddset");
  }
  sigset_t previous;
  // pthread_sigmask reports errors as its return value, not in errno.
  if (const int rc = ::pthread_sigmask(SIG_BLOCK, &set, &previous); rc != 0) {
    return fail(rc, "pthread_sigmask");
  }
  const int fd = ::signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
  if (fd < 0) {
    const Error e = errno_error("signalfd");
    ::pthread_sigmask(SIG_SETMASK, &previous, nullptr);
    return base::unexpected(e);
  }
  return SignalFd(Fd(fd), previous);
}

SignalFd::SignalFd(SignalFd&& other) noexcept
    : fd_(std::move(other.fd_)), previous_(other.previous_), restore_(other.restore_) {
  other.restore_ = false;
}

SignalFd::~SignalFd() {
  if (restore_) ::pthread_sigmask(SIG_SETMASK, &previous_, nullptr);
}

Result<int> SignalFd::read_one() noexcept {
  signalfd_siginfo info{};
  const ssize_t n = ::read(fd_.get(), &info, sizeof info);
  if (n < 0) {
    if (errno == EAGAIN) return 0;
    return fail("read signalfd");
  }
  if (static_cast<std::size_t>(n) != sizeof info) return fail(EIO, "read signalfd");
  return static_cast<int>(info.ssi_signo);
}

}  // namespace hip::io
