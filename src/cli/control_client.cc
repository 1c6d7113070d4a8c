#include "cli/control_client.h"

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <iostream>

#include "daemon/config.h"
#include "daemon/control_protocol.h"

namespace hip::cli {
namespace {

// Far above any status reply hipd sends (it caps them at 16 MiB).
constexpr std::size_t kMaxReplyBytes = 64 * 1024 * 1024;

using Clock = std::chrono::steady_clock;

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

// Waits for `events` on `fd` until `deadline`; false on timeout or error.
bool wait_for(int fd, short events, Clock::time_point deadline) {
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) return false;
    pollfd p{fd, events, 0};
    const int rc = poll(&p, 1, static_cast<int>(left.count()));
    if (rc > 0) return true;
    if (rc == 0) return false;
    if (errno != EINTR) return false;
  }
}

ControlFailure failure(ControlFailureKind kind, std::string message) {
  return ControlFailure{kind, std::move(message)};
}

}  // namespace

ControlFailure describe_connect_error(int err, const std::string& path) {
  switch (err) {
    case ENOENT:
      return failure(ControlFailureKind::not_running,
                     "hipd is not running (no control socket at " + path + ")");
    case ECONNREFUSED:
      return failure(ControlFailureKind::not_running,
                     "hipd is not running (nobody listens on " + path + "; a stale socket?)");
    case EACCES:
    case EPERM:
      return failure(ControlFailureKind::permission_denied,
                     "permission denied: run as root (cannot open " + path + ")");
    case ENOTDIR:
    case ENAMETOOLONG:
      return failure(ControlFailureKind::unreachable,
                     "bad control socket path " + path + ": " + std::strerror(err));
    default:
      return failure(ControlFailureKind::unreachable,
                     "cannot reach hipd at " + path + ": " + std::strerror(err));
  }
}

int exit_code_for(const ControlFailure& f) {
  switch (f.kind) {
    case ControlFailureKind::not_running:
    case ControlFailureKind::permission_denied:
    case ControlFailureKind::unreachable:
      return 2;
    case ControlFailureKind::timeout:
    case ControlFailureKind::bad_reply:
    case ControlFailureKind::daemon_error:
      return 1;
  }
  return 1;
}

base::Result<nlohmann::json, ControlFailure> control_call(const std::string& socket_path,
                                                          const nlohmann::json& request,
                                                          std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  sockaddr_un addr{};
  if (socket_path.empty() || socket_path.size() >= sizeof addr.sun_path) {
    return base::unexpected(describe_connect_error(ENAMETOOLONG, socket_path));
  }
  addr.sun_family = AF_UNIX;
  std::memcpy(addr.sun_path, socket_path.data(), socket_path.size());

  Fd fd(socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
  if (fd.get() < 0) return base::unexpected(describe_connect_error(errno, socket_path));
  if (connect(fd.get(), reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0) {
    // A full listen queue: wait for room rather than fail.
    if (errno != EAGAIN && errno != EINPROGRESS) {
      return base::unexpected(describe_connect_error(errno, socket_path));
    }
    if (!wait_for(fd.get(), POLLOUT, deadline)) {
      return base::unexpected(failure(ControlFailureKind::timeout,
                                      "hipd did not accept the connection on " + socket_path));
    }
    int err = 0;
    socklen_t len = sizeof err;
    getsockopt(fd.get(), SOL_SOCKET, SO_ERROR, &err, &len);
    if (err != 0) return base::unexpected(describe_connect_error(err, socket_path));
  }

  const std::string line = daemon::to_line(request) + "\n";
  std::size_t sent = 0;
  while (sent < line.size()) {
    const ssize_t n = send(fd.get(), line.data() + sent, line.size() - sent, MSG_NOSIGNAL);
    if (n > 0) {
      sent += static_cast<std::size_t>(n);
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else if (n < 0 && errno == EAGAIN && wait_for(fd.get(), POLLOUT, deadline)) {
      continue;
    } else {
      return base::unexpected(failure(ControlFailureKind::bad_reply,
                                      "hipd closed the control connection before the request was sent"));
    }
  }

  std::string reply;
  for (;;) {
    if (const auto nl = reply.find('\n'); nl != std::string::npos) {
      reply.resize(nl);
      break;
    }
    if (!wait_for(fd.get(), POLLIN, deadline)) {
      return base::unexpected(failure(ControlFailureKind::timeout,
                                      "hipd did not answer within " +
                                          std::to_string(timeout.count() / 1000) + " s"));
    }
    char buffer[65536];
    const ssize_t n = recv(fd.get(), buffer, sizeof buffer, 0);
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
    if (n <= 0) {
      if (!reply.empty()) break;  // a last line without its newline
      return base::unexpected(
          failure(ControlFailureKind::bad_reply, "hipd closed the control connection without a reply"));
    }
    reply.append(buffer, static_cast<std::size_t>(n));
    if (reply.size() > kMaxReplyBytes) {
      return base::unexpected(failure(ControlFailureKind::bad_reply, "hipd's reply is too large"));
    }
  }
  auto doc = nlohmann::json::parse(reply, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object()) {
    return base::unexpected(failure(ControlFailureKind::bad_reply, "hipd's reply is not JSON"));
  }
  return doc;
}

int report_failure(std::string_view command, const ControlFailure& f, bool json) {
  std::cerr << "hipctl " << command << ": " << f.message << "\n";
  if (json) std::cout << daemon::encode_error(f.message).dump(2) << "\n";
  return exit_code_for(f);
}

void add_socket_option(CLI::App& command, std::string& socket_path) {
  socket_path = std::string(daemon::kDefaultControlSocket);
  command.add_option("--socket", socket_path, "hipd's control socket")
      ->envname("HIPD_CONTROL_SOCKET")
      ->capture_default_str();
}

}  // namespace hip::cli
