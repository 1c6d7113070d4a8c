// The server side of hipd's control socket: a UNIX stream socket, root-only
// (socket 0600 in a directory created 0700), one JSON request per line and
// one JSON reply per line (control_protocol.h).
//
// It does no waiting of its own. The driver's event loop watches the fds the
// server asks for through FdWatcher and calls on_ready() when one is ready;
// everything is non-blocking plain POSIX, so it fits any epoll loop.
//
// Bounded by design: a request line longer than max_request_bytes, or a line
// that is not JSON, gets an error reply and the connection is closed; a reply
// larger than max_reply_bytes is replaced by an error; beyond max_clients a
// new client gets an error and is closed. Requests are answered one at a
// time: while a reply waits to be written the server reads nothing more from
// that client (the kernel's socket buffer holds it), so hipd keeps at most
// one request and one reply per client, and a client that never reads costs
// one slot, not memory.
//
// on_ready() tries to read whatever the event, so level- and edge-triggered
// loops both work.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "base/result.h"
#include "daemon/control_handler.h"

namespace hip::daemon {

// The event loop, as the server sees it.
class FdWatcher {
 public:
  virtual ~FdWatcher() = default;
  // Start watching `fd`, or change what is watched: call
  // ControlServer::on_ready(fd, ...) when it becomes readable (when
  // `readable`; hang-ups and errors count as readable) or writable (when
  // `writable`). Neither: keep it registered but quiet.
  virtual void watch(int fd, bool readable, bool writable) = 0;
  // Stop watching; the server closes `fd` right after.
  virtual void unwatch(int fd) = 0;
};

struct ControlLimits {
  std::size_t max_request_bytes = 4096;            // one request line
  std::size_t max_reply_bytes = 16 * 1024 * 1024;  // one reply (~20k associations)
  std::size_t max_clients = 16;
};

struct ControlServerStats {
  std::uint64_t accepted = 0;
  std::uint64_t requests = 0;
  std::uint64_t refused_clients = 0;    // over max_clients, or another user
  std::uint64_t dropped_clients = 0;    // sent garbage or too long a line
};

class ControlServer {
 public:
  // Creates the socket's directory (0700) if missing, replaces a stale
  // socket file (one nobody listens on), refuses to start when another
  // process listens there, binds with mode 0600 and starts watching.
  static base::Result<std::unique_ptr<ControlServer>, std::string> open(
      const std::string& path, ControlHandler& handler, FdWatcher& watcher,
      ControlLimits limits = {});

  // Closes every connection and the socket, and removes the socket file if
  // it is still the one this server made.
  ~ControlServer();
  ControlServer(const ControlServer&) = delete;
  ControlServer& operator=(const ControlServer&) = delete;

  // `fd` is one the server asked the watcher for; others are ignored.
  void on_ready(int fd, bool readable, bool writable);

  int listen_fd() const { return listen_fd_; }
  const std::string& path() const { return path_; }
  std::size_t client_count() const { return clients_.size(); }
  const ControlServerStats& stats() const { return stats_; }

 private:
  struct Client {
    std::string in;          // bytes of requests not yet answered
    std::string out;         // reply bytes not yet written
    std::size_t out_sent = 0;
    bool closing = false;    // close once `out` is written
    bool peer_done = false;  // the client shut down its sending side
    bool watch_read = false;   // what the watcher was last asked for
    bool watch_write = false;
  };

  ControlServer(std::string path, int fd, ino_t inode, ControlHandler& handler,
                FdWatcher& watcher, ControlLimits limits);

  enum class Io : std::uint8_t { progress, would_block, gone };

  void accept_clients();
  void refuse(int fd, std::string_view reason);
  // Moves one client as far as it goes without blocking; it may be removed.
  void pump(int fd, Client& client);
  // Queues the reply to the next complete request line; false when none.
  bool answer_one_line(Client& client);
  bool reject_long_line(Client& client);  // error reply, then close
  Io read_some(int fd, Client& client);
  Io write_some(int fd, Client& client);
  void set_interest(int fd, Client& client, bool readable, bool writable);
  void drop_client(int fd);

  std::string path_;
  int listen_fd_ = -1;
  ino_t inode_ = 0;
  ControlHandler& handler_;
  FdWatcher& watcher_;
  ControlLimits limits_;
  std::map<int, Client> clients_;
  ControlServerStats stats_;
};

}  // namespace hip::daemon
