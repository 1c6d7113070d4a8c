// The error every io/ call returns: the errno of the system call that failed
// and that call's name. No exceptions on the packet path (STYLE.md, Errors);
// the shape follows quiche's io/socket.h, where each socket call returns a
// status carrying errno.
#pragma once

#include <cerrno>
#include <string>

#include "base/result.h"

namespace hip::io {

struct Error {
  int code = 0;           // errno, positive
  const char* call = "";  // the call that failed; always a string literal

  bool would_block() const noexcept { return code == EAGAIN || code == EWOULDBLOCK; }
  // "recvmmsg: Resource temporarily unavailable (errno 11)"
  std::string message() const;
};

template <class T>
using Result = base::Result<T, Error>;

// The thread's current errno as an Error for `call`.
inline Error errno_error(const char* call) noexcept { return Error{errno, call}; }
inline base::Unexpected<Error> fail(const char* call) noexcept {
  return base::unexpected(errno_error(call));
}
inline base::Unexpected<Error> fail(int code, const char* call) noexcept {
  return base::unexpected(Error{code, call});
}

}  // namespace hip::io
