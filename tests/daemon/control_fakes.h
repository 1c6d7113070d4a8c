// Test doubles for the control server: a handler that answers with canned
// replies and records what it was asked, a poll()-based FdWatcher standing in
// for the driver's epoll loop, and a thread running that loop for tests that
// start hipctl as a separate process.
#pragma once

#include <poll.h>

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "daemon/control_handler.h"
#include "daemon/control_server.h"

namespace hip::test {

class FakeHandler : public daemon::ControlHandler {
 public:
  daemon::StatusReply status_reply;
  daemon::PeersReply peers_reply;
  std::string connect_error;  // non-empty: connect() fails with it
  std::string close_error;
  bool throw_on_status = false;
  engine::State connect_state = engine::State::i1_sent;
  std::vector<daemon::ControlRequest> calls;

  daemon::StatusReply status() override {
    calls.push_back(daemon::ControlRequest::of(daemon::ControlCommand::status));
    if (throw_on_status) throw std::runtime_error("handler bug");
    return status_reply;
  }
  daemon::PeersReply peers() override {
    calls.push_back(daemon::ControlRequest::of(daemon::ControlCommand::peers));
    return peers_reply;
  }
  base::Result<daemon::ConnectReply, std::string> connect(
      const base::Hit& peer, const std::optional<base::IpAddress>& locator) override {
    calls.push_back(daemon::ControlRequest::of(daemon::ControlCommand::connect, peer, locator));
    if (!connect_error.empty()) return base::unexpected(connect_error);
    const base::IpAddress where = locator ? *locator : *base::IpAddress::parse("192.0.2.7");
    return daemon::ConnectReply{peer, where, false, connect_state};
  }
  base::Result<daemon::CloseReply, std::string> close(const base::Hit& peer) override {
    calls.push_back(daemon::ControlRequest::of(daemon::ControlCommand::close, peer));
    if (!close_error.empty()) return base::unexpected(close_error);
    return daemon::CloseReply{peer, engine::State::closing};
  }
};

// What the driver's event loop does, with poll(): remembers the interest the
// server asked for and hands readiness back to it.
class PollWatcher : public daemon::FdWatcher {
 public:
  void watch(int fd, bool readable, bool writable) override { interest_[fd] = {readable, writable}; }
  void unwatch(int fd) override { interest_.erase(fd); }

  bool watching(int fd) const { return interest_.count(fd) != 0; }
  std::size_t watched() const { return interest_.size(); }

  // One poll() round; returns how many fds were ready.
  int run_once(daemon::ControlServer& server, int timeout_ms) {
    std::vector<pollfd> fds;
    for (const auto& [fd, want] : interest_) {
      short events = 0;
      if (want.first) events |= POLLIN;
      if (want.second) events |= POLLOUT;
      fds.push_back({fd, events, 0});
    }
    const int n = poll(fds.data(), fds.size(), timeout_ms);
    if (n <= 0) return 0;
    for (const pollfd& p : fds) {
      if (p.revents == 0) continue;
      // Dispatching may close other fds of this round: skip those.
      if (!watching(p.fd)) continue;
      const bool readable = (p.revents & (POLLIN | POLLHUP | POLLERR)) != 0;
      const bool writable = (p.revents & POLLOUT) != 0;
      server.on_ready(p.fd, readable, writable);
    }
    return n;
  }

 private:
  std::map<int, std::pair<bool, bool>> interest_;
};

// A control server on `path` served from its own thread until destroyed. The
// handler must not be touched by the test while the thread runs.
class ServerThread {
 public:
  ServerThread(const std::string& path, daemon::ControlHandler& handler) {
    auto opened = daemon::ControlServer::open(path, handler, watcher_);
    if (!opened) throw std::runtime_error(opened.error());
    server_ = std::move(*opened);
    thread_ = std::thread([this] {
      while (!stop_.load()) watcher_.run_once(*server_, 20);
    });
  }
  ~ServerThread() {
    stop_.store(true);
    thread_.join();
  }
  ServerThread(const ServerThread&) = delete;
  ServerThread& operator=(const ServerThread&) = delete;

 private:
  PollWatcher watcher_;
  std::unique_ptr<daemon::ControlServer> server_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace hip::test
