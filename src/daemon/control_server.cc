#include "daemon/control_server.h"

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace hip::daemon {
namespace {

constexpr int kListenBacklog = 16;
constexpr std::size_t kReadChunk = 4096;

std::string errno_text(int err) { return std::strerror(err); }

sockaddr_un socket_address(const std::string& path) {
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::memcpy(addr.sun_path, path.data(), path.size());  // caller checked the length
  return addr;
}

// Creates the socket's directory 0700 when missing. An existing directory is
// left as it is (it may be /tmp): the socket's own mode guards it.
base::Result<void, std::string> prepare_directory(const std::string& path) {
  const std::string dir = std::filesystem::path(path).parent_path().string();
  if (dir.empty()) return {};
  struct stat st {};
  if (stat(dir.c_str(), &st) == 0) {
    if (!S_ISDIR(st.st_mode)) return base::unexpected(dir + " is not a directory");
    return {};
  }
  if (errno != ENOENT) return base::unexpected(dir + ": " + errno_text(errno));
  if (mkdir(dir.c_str(), 0700) != 0 || chmod(dir.c_str(), 0700) != 0) {
    return base::unexpected("cannot create " + dir + ": " + errno_text(errno));
  }
  return {};
}

// A socket file left by a daemon that died is replaced; a live one is not.
base::Result<void, std::string> clear_stale_socket(const std::string& path) {
  struct stat st {};
  if (lstat(path.c_str(), &st) != 0) return {};
  if (!S_ISSOCK(st.st_mode)) {
    return base::unexpected(path + " exists and is not a socket (remove it or set another control_socket)");
  }
  const int probe = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (probe < 0) return base::unexpected("socket: " + errno_text(errno));
  const sockaddr_un addr = socket_address(path);
  const int rc = connect(probe, reinterpret_cast<const sockaddr*>(&addr), sizeof addr);
  const int err = errno;
  ::close(probe);
  if (rc == 0 || err == EAGAIN || err == EINPROGRESS) {
    return base::unexpected("another process already listens on " + path + " (is hipd running?)");
  }
  if (unlink(path.c_str()) != 0 && errno != ENOENT) {
    return base::unexpected("cannot remove the stale socket " + path + ": " + errno_text(errno));
  }
  return {};
}

}  // namespace

base::Result<std::unique_ptr<ControlServer>, std::string> ControlServer::open(
    const std::string& path, ControlHandler& handler, FdWatcher& watcher, ControlLimits limits) {
  if (path.empty() || path.size() >= sizeof(sockaddr_un::sun_path)) {
    return base::unexpected("control socket path \"" + path + "\" is empty or too long");
  }
  if (auto dir = prepare_directory(path); !dir) return base::unexpected(dir.error());
  if (auto stale = clear_stale_socket(path); !stale) return base::unexpected(stale.error());

  const int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return base::unexpected("socket: " + errno_text(errno));
  const sockaddr_un addr = socket_address(path);
  // The socket file is created 0600 from the start (umask), then made
  // exactly 0600: connecting needs write permission on it.
  const mode_t old_mask = umask(0177);
  const int bound = bind(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr);
  const int bind_errno = errno;
  umask(old_mask);
  if (bound != 0) {
    ::close(fd);
    return base::unexpected("cannot bind " + path + ": " + errno_text(bind_errno));
  }
  struct stat st {};
  if (chmod(path.c_str(), 0600) != 0 || stat(path.c_str(), &st) != 0 || listen(fd, kListenBacklog) != 0) {
    const int err = errno;
    ::close(fd);
    unlink(path.c_str());
    return base::unexpected("cannot listen on " + path + ": " + errno_text(err));
  }
  std::unique_ptr<ControlServer> server(new ControlServer(path, fd, st.st_ino, handler, watcher, limits));
  watcher.watch(fd, true, false);
  return server;
}

ControlServer::ControlServer(std::string path, int fd, ino_t inode, ControlHandler& handler,
                             FdWatcher& watcher, ControlLimits limits)
    : path_(std::move(path)), listen_fd_(fd), inode_(inode), handler_(handler), watcher_(watcher),
      limits_(limits) {}

ControlServer::~ControlServer() {
  while (!clients_.empty()) drop_client(clients_.begin()->first);
  watcher_.unwatch(listen_fd_);
  ::close(listen_fd_);
  // Remove the file only if it is still ours, not a successor's.
  struct stat st {};
  if (lstat(path_.c_str(), &st) == 0 && st.st_ino == inode_) unlink(path_.c_str());
}

void ControlServer::on_ready(int fd, bool readable, bool /*writable*/) {
  if (fd == listen_fd_) {
    if (readable) accept_clients();
    return;
  }
  auto it = clients_.find(fd);
  if (it != clients_.end()) pump(fd, it->second);
}

void ControlServer::accept_clients() {
  for (;;) {
    const int fd = accept4(listen_fd_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) {
      if (errno == EINTR || errno == ECONNABORTED) continue;
      return;  // EAGAIN: all taken; EMFILE and the like: try again on the next event
    }
    // The socket's mode already keeps others out; this also holds if its
    // directory or mode were changed by hand.
    ucred cred{};
    socklen_t len = sizeof cred;
    if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) == 0 && cred.uid != 0 &&
        cred.uid != geteuid()) {
      refuse(fd, "permission denied");
      continue;
    }
    if (clients_.size() >= limits_.max_clients) {
      refuse(fd, "too many control clients, try again later");
      continue;
    }
    ++stats_.accepted;
    Client& client = clients_[fd];
    set_interest(fd, client, true, false);
  }
}

void ControlServer::refuse(int fd, std::string_view reason) {
  ++stats_.refused_clients;
  const std::string line = to_line(encode_error(reason)) + "\n";
  [[maybe_unused]] const ssize_t n = send(fd, line.data(), line.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
  ::close(fd);
}

void ControlServer::pump(int fd, Client& client) {
  for (;;) {
    if (!client.out.empty()) {
      const Io wrote = write_some(fd, client);
      if (wrote == Io::gone) return drop_client(fd);
      if (wrote == Io::would_block) return set_interest(fd, client, false, true);
      continue;
    }
    if (client.closing) return drop_client(fd);
    if (answer_one_line(client)) continue;
    if (client.peer_done) return drop_client(fd);
    const Io read = read_some(fd, client);
    if (read == Io::gone) return drop_client(fd);
    if (read == Io::would_block) return set_interest(fd, client, true, false);
  }
}

bool ControlServer::answer_one_line(Client& client) {
  std::size_t end = client.in.find('\n');
  if (end == std::string::npos) {
    if (client.in.size() > limits_.max_request_bytes) return reject_long_line(client);
    // A last request without its newline still counts once the client is done.
    if (!client.peer_done || client.in.empty()) return false;
    end = client.in.size();
  }
  std::string line = client.in.substr(0, end);
  client.in.erase(0, std::min(end + 1, client.in.size()));
  if (!line.empty() && line.back() == '\r') line.pop_back();
  if (line.size() > limits_.max_request_bytes) return reject_long_line(client);
  if (line.find_first_not_of(" \t") == std::string::npos) return true;  // blank line: no reply
  ++stats_.requests;
  LineReply reply = handle_request_line(line, handler_);
  if (reply.line.size() > limits_.max_reply_bytes) {
    reply.line = to_line(encode_error("reply too large (" + std::to_string(reply.line.size()) + " bytes)"));
  }
  client.out = std::move(reply.line);
  client.out.push_back('\n');
  if (reply.fatal) {
    client.in.clear();
    client.closing = true;
    ++stats_.dropped_clients;
  }
  return true;
}

bool ControlServer::reject_long_line(Client& client) {
  client.in.clear();
  client.out = to_line(encode_error("request line longer than " +
                                    std::to_string(limits_.max_request_bytes) + " bytes")) + "\n";
  client.closing = true;
  ++stats_.dropped_clients;
  return true;
}

ControlServer::Io ControlServer::read_some(int fd, Client& client) {
  char buffer[kReadChunk];
  for (;;) {
    const ssize_t n = recv(fd, buffer, sizeof buffer, MSG_DONTWAIT);
    if (n > 0) {
      client.in.append(buffer, static_cast<std::size_t>(n));
      return Io::progress;
    }
    if (n == 0) {
      client.peer_done = true;
      return Io::progress;
    }
    if (errno == EINTR) continue;
    return (errno == EAGAIN || errno == EWOULDBLOCK) ? Io::would_block : Io::gone;
  }
}

ControlServer::Io ControlServer::write_some(int fd, Client& client) {
  for (;;) {
    const char* data = client.out.data() + client.out_sent;
    const std::size_t left = client.out.size() - client.out_sent;
    const ssize_t n = send(fd, data, left, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n >= 0) {
      client.out_sent += static_cast<std::size_t>(n);
      if (client.out_sent == client.out.size()) {
        client.out.clear();
        client.out_sent = 0;
        return Io::progress;
      }
      continue;
    }
    if (errno == EINTR) continue;
    return (errno == EAGAIN || errno == EWOULDBLOCK) ? Io::would_block : Io::gone;
  }
}

void ControlServer::set_interest(int fd, Client& client, bool readable, bool writable) {
  if (client.watch_read == readable && client.watch_write == writable) return;
  client.watch_read = readable;
  client.watch_write = writable;
  watcher_.watch(fd, readable, writable);
}

void ControlServer::drop_client(int fd) {
  watcher_.unwatch(fd);
  ::close(fd);
  clients_.erase(fd);
}

}  // namespace hip::daemon
