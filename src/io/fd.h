// Owns one file descriptor and closes it through the Sys that opened it (so a
// fake kernel's descriptors never reach the real close()).
#pragma once

#include <utility>

#include "io/sys.h"

namespace hip::io {

class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd, Sys& sys = linux_sys()) noexcept : fd_(fd), sys_(&sys) {}
  ~Fd() { reset(); }
  Fd(Fd&& other) noexcept : fd_(std::exchange(other.fd_, -1)), sys_(other.sys_) {}
  Fd& operator=(Fd&& other) noexcept {
    if (this != &other) {
      reset();
      fd_ = std::exchange(other.fd_, -1);
      sys_ = other.sys_;
    }
    return *this;
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;

  int get() const noexcept { return fd_; }
  bool valid() const noexcept { return fd_ >= 0; }
  Sys& sys() const noexcept { return *sys_; }
  void reset() noexcept {
    if (fd_ >= 0) sys_->close(fd_);
    fd_ = -1;
  }

 private:
  int fd_ = -1;
  Sys* sys_ = &linux_sys();
};

}  // namespace hip::io
