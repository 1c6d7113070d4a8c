#include "io/sys.h"

#include <fcntl.h>
#include <sys/ioctl.h>
#include <unistd.h>

namespace hip::io {
namespace {

class LinuxSys final : public Sys {
 public:
  Result<int> socket(int domain, int type, int protocol) noexcept override {
    const int fd = ::socket(domain, type, protocol);
    if (fd < 0) return fail("socket");
    return fd;
  }
  Result<void> setsockopt(int fd, int level, int name, const void* value,
                          socklen_t size) noexcept override {
    if (::setsockopt(fd, level, name, value, size) != 0) return fail("setsockopt");
    return {};
  }
  Result<void> getsockopt(int fd, int level, int name, void* value,
                          socklen_t* size) noexcept override {
    if (::getsockopt(fd, level, name, value, size) != 0) return fail("getsockopt");
    return {};
  }
  Result<void> bind(int fd, const sockaddr* address, socklen_t size) noexcept override {
    if (::bind(fd, address, size) != 0) return fail("bind");
    return {};
  }
  Result<void> getsockname(int fd, sockaddr* address, socklen_t* size) noexcept override {
    if (::getsockname(fd, address, size) != 0) return fail("getsockname");
    return {};
  }
  Result<int> recvmmsg(int fd, mmsghdr* messages, unsigned count, int flags) noexcept override {
    const int n = ::recvmmsg(fd, messages, count, flags, nullptr);
    if (n < 0) return fail("recvmmsg");
    return n;
  }
  Result<int> sendmmsg(int fd, mmsghdr* messages, unsigned count, int flags) noexcept override {
    const int n = ::sendmmsg(fd, messages, count, flags);
    if (n < 0) return fail("sendmmsg");
    return n;
  }
  Result<int> open(const char* path, int flags) noexcept override {
    const int fd = ::open(path, flags);
    if (fd < 0) return fail("open");
    return fd;
  }
  Result<void> ioctl(int fd, unsigned long request, void* arg) noexcept override {
    if (::ioctl(fd, request, arg) != 0) return fail("ioctl");
    return {};
  }
  Result<std::size_t> readv(int fd, const iovec* iov, int count) noexcept override {
    const ssize_t n = ::readv(fd, iov, count);
    if (n < 0) return fail("readv");
    return static_cast<std::size_t>(n);
  }
  Result<std::size_t> writev(int fd, const iovec* iov, int count) noexcept override {
    const ssize_t n = ::writev(fd, iov, count);
    if (n < 0) return fail("writev");
    return static_cast<std::size_t>(n);
  }
  void close(int fd) noexcept override { ::close(fd); }
};

}  // namespace

Sys& linux_sys() noexcept {
  static LinuxSys sys;
  return sys;
}

}  // namespace hip::io
