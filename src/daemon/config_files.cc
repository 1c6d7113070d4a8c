#include "daemon/config_files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "daemon/config.h"

namespace hip::daemon {
namespace {

std::string errno_text(int err) {
  if (err == ENOENT) return "not found";
  if (err == EACCES) return "permission denied";
  return std::strerror(err);
}

}  // namespace

std::string ConfigError::describe() const {
  std::string out = file;
  if (line > 0) {
    out += ":" + std::to_string(line);
    if (column > 0) out += ":" + std::to_string(column);
  }
  return out + ": " + message;
}

base::Result<std::string, std::string> read_config_text(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return base::unexpected(errno_text(errno));
  struct stat st {};
  if (fstat(fd, &st) != 0) {
    const int err = errno;
    ::close(fd);
    return base::unexpected(errno_text(err));
  }
  if (S_ISDIR(st.st_mode)) {
    ::close(fd);
    return base::unexpected(std::string("is a directory"));
  }
  std::string text;
  char buffer[16384];
  for (;;) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int err = errno;
      ::close(fd);
      return base::unexpected(errno_text(err));
    }
    if (n == 0) break;
    if (text.size() + static_cast<std::size_t>(n) > kMaxConfigFileBytes) {
      ::close(fd);
      return base::unexpected(std::string("larger than 32 MiB"));
    }
    text.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return text;
}

}  // namespace hip::daemon
