// The syscall seam: the few system calls the socket and TUN adapters make,
// behind an interface, so that the parts with logic (batching, address and
// control-message handling, framing, the TUN read loop) run in unit tests
// against a fake kernel without root. The idea is quiche's
// qbone/platform/kernel_interface.h.
//
// epoll, timerfd, signalfd and netlink are not behind the seam: they need no
// privileges, so their tests use the real kernel.
//
// Every call returns the syscall's result or an Error with its errno; a fake
// returns the same values the kernel would.
#pragma once

#include <sys/socket.h>
#include <sys/uio.h>

#include <cstddef>

#include "io/error.h"

namespace hip::io {

class Sys {
 public:
  virtual ~Sys() = default;

  virtual Result<int> socket(int domain, int type, int protocol) noexcept = 0;
  virtual Result<void> setsockopt(int fd, int level, int name, const void* value,
                                  socklen_t size) noexcept = 0;
  virtual Result<void> getsockopt(int fd, int level, int name, void* value,
                                  socklen_t* size) noexcept = 0;
  virtual Result<void> bind(int fd, const sockaddr* address, socklen_t size) noexcept = 0;
  virtual Result<void> getsockname(int fd, sockaddr* address, socklen_t* size) noexcept = 0;
  virtual Result<int> recvmmsg(int fd, mmsghdr* messages, unsigned count, int flags) noexcept = 0;
  virtual Result<int> sendmmsg(int fd, mmsghdr* messages, unsigned count, int flags) noexcept = 0;
  virtual Result<int> open(const char* path, int flags) noexcept = 0;
  virtual Result<void> ioctl(int fd, unsigned long request, void* arg) noexcept = 0;
  virtual Result<std::size_t> readv(int fd, const iovec* iov, int count) noexcept = 0;
  virtual Result<std::size_t> writev(int fd, const iovec* iov, int count) noexcept = 0;
  virtual void close(int fd) noexcept = 0;
};

// The real kernel.
Sys& linux_sys() noexcept;

}  // namespace hip::io
