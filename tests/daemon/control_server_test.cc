// The control server over a real UNIX socket in a temp directory, driven by
// a poll() loop on this thread (as the driver's epoll loop will drive it),
// with a fake handler. Every wait is bounded.
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <optional>
#include <string>

#include "daemon/control_fakes.h"
#include "daemon/control_samples.h"
#include "daemon/control_server.h"
#include "daemon/temp_dir.h"

namespace hip::daemon {
namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

constexpr auto kWait = std::chrono::seconds(3);

int connect_to(const std::string& path) {
  const int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::memcpy(addr.sun_path, path.data(), path.size());
  if (connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

void send_all(int fd, std::string_view data) {
  std::size_t sent = 0;
  while (sent < data.size()) {
    const ssize_t n = send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
    ASSERT_GT(n, 0) << std::strerror(errno);
    sent += static_cast<std::size_t>(n);
  }
}

class ControlServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    handler_.status_reply = test::sample_status();
    handler_.peers_reply = test::sample_peers();
    path_ = dir_.file("run/hipd/control.sock");
  }
  void TearDown() override {
    for (int fd : clients_) ::close(fd);
  }

  void open_server(ControlLimits limits = {}) {
    // The parent of the socket's directory must exist; the directory itself
    // is created by the server.
    ASSERT_EQ(mkdir(dir_.file("run").c_str(), 0755), 0);
    auto opened = ControlServer::open(path_, handler_, watcher_, limits);
    ASSERT_TRUE(opened) << opened.error();
    server_ = std::move(*opened);
  }

  int client() {
    const int fd = connect_to(path_);
    EXPECT_GE(fd, 0) << std::strerror(errno);
    clients_.push_back(fd);
    return fd;
  }

  // Runs the server until `fd` has a whole reply line (returned without the
  // newline) or closes (nullopt). Leftover bytes stay in `pending`.
  std::optional<std::string> reply_line(int fd) {
    const auto deadline = Clock::now() + kWait;
    std::string& pending = pending_[fd];
    while (Clock::now() < deadline) {
      if (const auto nl = pending.find('\n'); nl != std::string::npos) {
        std::string line = pending.substr(0, nl);
        pending.erase(0, nl + 1);
        return line;
      }
      watcher_.run_once(*server_, 10);
      char buffer[65536];
      const ssize_t n = recv(fd, buffer, sizeof buffer, MSG_DONTWAIT);
      if (n == 0) return std::nullopt;
      if (n > 0) pending.append(buffer, static_cast<std::size_t>(n));
    }
    ADD_FAILURE() << "no reply within " << kWait.count() << " s";
    return std::nullopt;
  }

  // True when the server closes `fd` (within the bounded wait).
  bool closed_by_server(int fd) {
    const auto deadline = Clock::now() + kWait;
    while (Clock::now() < deadline) {
      watcher_.run_once(*server_, 10);
      char buffer[4096];
      const ssize_t n = recv(fd, buffer, sizeof buffer, MSG_DONTWAIT);
      if (n == 0 || (n < 0 && errno == ECONNRESET)) return true;
    }
    return false;
  }

  void pump_until(const std::function<bool()>& done) {
    const auto deadline = Clock::now() + kWait;
    while (!done() && Clock::now() < deadline) watcher_.run_once(*server_, 10);
    EXPECT_TRUE(done());
  }

  test::TempDir dir_;
  std::string path_;
  test::FakeHandler handler_;
  test::PollWatcher watcher_;
  std::unique_ptr<ControlServer> server_;
  std::vector<int> clients_;
  std::map<int, std::string> pending_;
};

TEST_F(ControlServerTest, SocketIsRootOnlyInAPrivateDirectory) {
  open_server();
  struct stat st {};
  ASSERT_EQ(stat(path_.c_str(), &st), 0);
  EXPECT_TRUE(S_ISSOCK(st.st_mode));
  EXPECT_EQ(st.st_mode & 07777, 0600u);
  ASSERT_EQ(stat(dir_.file("run/hipd").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0700u);
  EXPECT_TRUE(watcher_.watching(server_->listen_fd()));

  server_.reset();  // closing removes the socket file and stops watching
  EXPECT_NE(stat(path_.c_str(), &st), 0);
  EXPECT_EQ(watcher_.watched(), 0u);
}

TEST_F(ControlServerTest, AnswersEachCommand) {
  open_server();
  const int fd = client();
  send_all(fd, "{\"cmd\":\"status\"}\n");
  auto line = reply_line(fd);
  ASSERT_TRUE(line);
  auto status = decode_status_reply(json::parse(*line));
  ASSERT_TRUE(status) << *line;
  EXPECT_EQ(status->associations.size(), 2u);

  send_all(fd, "{\"cmd\":\"connect\",\"hit\":\"" + std::string(test::kSamplePeerHit) + "\"}\n");
  line = reply_line(fd);
  ASSERT_TRUE(line);
  EXPECT_TRUE(decode_connect_reply(json::parse(*line))) << *line;

  send_all(fd, "{\"cmd\":\"close\",\"hit\":\"" + std::string(test::kSamplePeerHit) + "\"}\r\n");
  line = reply_line(fd);
  ASSERT_TRUE(line);
  EXPECT_EQ(json::parse(*line)["state"], "CLOSING");

  send_all(fd, "{\"cmd\":\"peers\"}\n");
  line = reply_line(fd);
  ASSERT_TRUE(line);
  EXPECT_TRUE(decode_peers_reply(json::parse(*line))) << *line;
  ASSERT_EQ(handler_.calls.size(), 4u);
  EXPECT_EQ(server_->stats().requests, 4u);
}

TEST_F(ControlServerTest, PipelinedRequestsAreAnsweredInOrder) {
  open_server();
  const int fd = client();
  send_all(fd, "{\"cmd\":\"peers\"}\n\n{\"cmd\":\"status\"}\n{\"cmd\":\"peers\"}\n");
  auto first = reply_line(fd);
  auto second = reply_line(fd);
  auto third = reply_line(fd);
  ASSERT_TRUE(first && second && third);
  EXPECT_TRUE(json::parse(*first).contains("peers"));
  EXPECT_TRUE(json::parse(*second).contains("associations"));
  EXPECT_TRUE(json::parse(*third).contains("peers"));
}

TEST_F(ControlServerTest, ALastRequestWithoutNewlineIsAnsweredAtShutdown) {
  open_server();
  const int fd = client();
  send_all(fd, "{\"cmd\":\"peers\"}");
  ASSERT_EQ(shutdown(fd, SHUT_WR), 0);
  auto line = reply_line(fd);
  ASSERT_TRUE(line);
  EXPECT_TRUE(json::parse(*line).contains("peers"));
  EXPECT_TRUE(closed_by_server(fd));
}

TEST_F(ControlServerTest, GarbageGetsAnErrorAndTheConnectionCloses) {
  open_server();
  const int fd = client();
  send_all(fd, "hello\n{\"cmd\":\"status\"}\n");
  auto line = reply_line(fd);
  ASSERT_TRUE(line);
  EXPECT_EQ(json::parse(*line)["ok"], false);
  EXPECT_TRUE(closed_by_server(fd));
  EXPECT_TRUE(handler_.calls.empty());  // nothing after the garbage was answered
  EXPECT_EQ(server_->stats().dropped_clients, 1u);
  pump_until([&] { return server_->client_count() == 0; });
}

TEST_F(ControlServerTest, AWellFormedBadRequestKeepsTheConnection) {
  open_server();
  const int fd = client();
  send_all(fd, "{\"cmd\":\"reboot\"}\n{\"cmd\":\"peers\"}\n");
  auto error = reply_line(fd);
  ASSERT_TRUE(error);
  EXPECT_NE(json::parse(*error)["error"].get<std::string>().find("unknown command"), std::string::npos);
  auto peers = reply_line(fd);
  ASSERT_TRUE(peers);
  EXPECT_EQ(json::parse(*peers)["ok"], true);
}

TEST_F(ControlServerTest, TooLongALineGetsAnErrorAndTheConnectionCloses) {
  ControlLimits limits;
  limits.max_request_bytes = 256;
  open_server(limits);
  const int fd = client();
  send_all(fd, std::string(10000, 'x'));  // no newline ever
  auto line = reply_line(fd);
  ASSERT_TRUE(line);
  EXPECT_NE(json::parse(*line)["error"].get<std::string>().find("longer than 256 bytes"), std::string::npos);
  EXPECT_TRUE(closed_by_server(fd));

  const int second = client();  // the server goes on
  send_all(second, std::string(300, ' ') + "\n");
  line = reply_line(second);
  ASSERT_TRUE(line);
  EXPECT_EQ(json::parse(*line)["ok"], false);
}

TEST_F(ControlServerTest, ClientsBeyondTheLimitAreTurnedAway) {
  ControlLimits limits;
  limits.max_clients = 2;
  open_server(limits);
  const int a = client();
  const int b = client();
  pump_until([&] { return server_->client_count() == 2; });
  const int c = client();
  auto refused = reply_line(c);
  ASSERT_TRUE(refused);
  EXPECT_NE(json::parse(*refused)["error"].get<std::string>().find("too many"), std::string::npos);
  EXPECT_TRUE(closed_by_server(c));
  EXPECT_EQ(server_->stats().refused_clients, 1u);
  // The first two still work, and a slot frees up when one leaves.
  send_all(b, "{\"cmd\":\"peers\"}\n");
  EXPECT_TRUE(reply_line(b));
  ::close(a);
  clients_.erase(clients_.begin());
  pump_until([&] { return server_->client_count() == 1; });
  const int d = client();
  send_all(d, "{\"cmd\":\"peers\"}\n");
  auto line = reply_line(d);
  ASSERT_TRUE(line);
  EXPECT_EQ(json::parse(*line)["ok"], true);
}

TEST_F(ControlServerTest, AClientThatVanishesMidRequestIsForgotten) {
  open_server();
  const int fd = client();
  send_all(fd, "{\"cmd\":\"sta");
  pump_until([&] { return server_->client_count() == 1; });
  ::close(fd);
  clients_.clear();
  pump_until([&] { return server_->client_count() == 0; });
  EXPECT_TRUE(handler_.calls.empty());
  EXPECT_EQ(watcher_.watched(), 1u);  // the listening socket only
}

TEST_F(ControlServerTest, ARepliesTooLargeIsReplacedByAnError) {
  ControlLimits limits;
  limits.max_reply_bytes = 200;
  open_server(limits);
  const int fd = client();
  send_all(fd, "{\"cmd\":\"status\"}\n");
  auto line = reply_line(fd);
  ASSERT_TRUE(line);
  EXPECT_NE(json::parse(*line)["error"].get<std::string>().find("reply too large"), std::string::npos);
}

TEST_F(ControlServerTest, AHandlerExceptionCostsOneRequestOnly) {
  open_server();
  handler_.throw_on_status = true;
  const int fd = client();
  send_all(fd, "{\"cmd\":\"status\"}\n{\"cmd\":\"peers\"}\n");
  auto error = reply_line(fd);
  ASSERT_TRUE(error);
  EXPECT_NE(json::parse(*error)["error"].get<std::string>().find("internal error"), std::string::npos);
  auto peers = reply_line(fd);
  ASSERT_TRUE(peers);
  EXPECT_EQ(json::parse(*peers)["ok"], true);
}

// A client that asks and never reads: hipd holds one reply for it, not all.
TEST_F(ControlServerTest, AClientThatDoesNotReadIsNotBufferedWithoutBound) {
  // A big status reply (~35 kB), so a few fill the socket buffers.
  for (int i = 0; i < 40; ++i) handler_.status_reply.associations.push_back(handler_.status_reply.associations[0]);
  open_server();
  const int fd = client();
  constexpr int kRequests = 60;
  std::string requests;
  for (int i = 0; i < kRequests; ++i) requests += "{\"cmd\":\"status\"}\n";
  send_all(fd, requests);  // 1 kB: fits in the socket buffer
  for (int i = 0; i < 100; ++i) watcher_.run_once(*server_, 1);
  // Stalled on the full socket: only as many replies as the buffers hold.
  const std::size_t answered_while_stalled = handler_.calls.size();
  EXPECT_LT(answered_while_stalled, static_cast<std::size_t>(kRequests));
  EXPECT_GT(answered_while_stalled, 0u);
  // Reading now gets every reply, whole and in order.
  for (int i = 0; i < kRequests; ++i) {
    auto line = reply_line(fd);
    ASSERT_TRUE(line) << "reply " << i;
    ASSERT_EQ(line->front(), '{');
    ASSERT_EQ(line->back(), '}');
  }
  EXPECT_EQ(handler_.calls.size(), static_cast<std::size_t>(kRequests));
}

TEST_F(ControlServerTest, StaleSocketIsReplacedLiveOneIsNot) {
  ASSERT_EQ(mkdir(dir_.file("run").c_str(), 0755), 0);
  ASSERT_EQ(mkdir(dir_.file("run/hipd").c_str(), 0700), 0);
  // A socket file nobody listens on, as a crashed hipd leaves it.
  const int stale = socket(AF_UNIX, SOCK_STREAM, 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::memcpy(addr.sun_path, path_.data(), path_.size());
  ASSERT_EQ(bind(stale, reinterpret_cast<const sockaddr*>(&addr), sizeof addr), 0);
  ::close(stale);

  auto first = ControlServer::open(path_, handler_, watcher_);
  ASSERT_TRUE(first) << first.error();
  test::PollWatcher other_watcher;
  auto second = ControlServer::open(path_, handler_, other_watcher);
  ASSERT_FALSE(second);
  EXPECT_NE(second.error().find("already listens"), std::string::npos) << second.error();
  // The refused second server must not have removed the first one's socket.
  struct stat st {};
  EXPECT_EQ(stat(path_.c_str(), &st), 0);
}

TEST_F(ControlServerTest, RefusesAPathThatIsNotASocket) {
  ASSERT_EQ(mkdir(dir_.file("run").c_str(), 0755), 0);
  ASSERT_EQ(mkdir(dir_.file("run/hipd").c_str(), 0700), 0);
  dir_.write("run/hipd/control.sock", "a regular file");
  auto server = ControlServer::open(path_, handler_, watcher_);
  ASSERT_FALSE(server);
  EXPECT_NE(server.error().find("is not a socket"), std::string::npos) << server.error();
  auto too_long = ControlServer::open("/tmp/" + std::string(200, 'x'), handler_, watcher_);
  EXPECT_FALSE(too_long);
}

}  // namespace
}  // namespace hip::daemon
