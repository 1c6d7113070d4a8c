// hipctl status/connect/close/peers run as a user would run them (a separate
// process) against a control server this test runs on a temp socket, with a
// fake handler standing in for hipd's engine.
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <grp.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/control_client.h"
#include "daemon/control_fakes.h"
#include "daemon/control_samples.h"
#include "daemon/temp_dir.h"
#include "support/subprocess.h"

namespace hip::cli {
namespace {

using nlohmann::json;

test::CommandResult hipctl(const std::vector<std::string>& args) {
  std::vector<std::string> argv = {HIPCTL_PATH};
  argv.insert(argv.end(), args.begin(), args.end());
  return test::run_command(argv);
}

class HipctlControlTest : public ::testing::Test {
 protected:
  void SetUp() override {
    handler_.status_reply = test::sample_status();
    handler_.peers_reply = test::sample_peers();
    socket_ = dir_.file("control.sock");
  }
  void start() { server_ = std::make_unique<test::ServerThread>(socket_, handler_); }
  // Stops the server thread so the test may read what the handler saw.
  void stop() { server_.reset(); }

  test::TempDir dir_;
  std::string socket_;
  test::FakeHandler handler_;
  std::unique_ptr<test::ServerThread> server_;
};

TEST_F(HipctlControlTest, StatusPrintsTheTable) {
  start();
  auto r = hipctl({"status", "--socket", socket_});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  for (const char* expected : {"PEER HIT", "STATE", "SPI IN", "TRANSFORM", "BYTES OUT", "AGE", "REKEY",
                               test::kSamplePeerHit, "ESTABLISHED", "198.51.100.7", "0x00001234",
                               "aes-128-gcm", "1.2 MB", "3m12s", "hipd up 2h05m"}) {
    EXPECT_NE(r.out.find(expected), std::string::npos) << expected << "\n" << r.out;
  }
  EXPECT_TRUE(r.err.empty()) << r.err;
}

TEST_F(HipctlControlTest, StatusJsonParses) {
  start();
  auto r = hipctl({"--json", "status", "--socket", socket_});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  const json doc = json::parse(r.out, nullptr, false);
  ASSERT_FALSE(doc.is_discarded()) << r.out;
  EXPECT_EQ(doc["associations"][0]["peer_hit"], test::kSamplePeerHit);
  EXPECT_EQ(doc["associations"][0]["inbound"]["bytes"], 1234567);
  EXPECT_EQ(doc["counters"]["hip"]["dropped"]["bad_mac"], 2);
  // The global flag also works after the command.
  auto after = hipctl({"status", "--json", "--socket", socket_});
  EXPECT_EQ(after.exit_code, 0) << after.err;
  EXPECT_FALSE(json::parse(after.out, nullptr, false).is_discarded());
}

TEST_F(HipctlControlTest, SocketFromTheEnvironment) {
  start();
  ASSERT_EQ(setenv("HIPD_CONTROL_SOCKET", socket_.c_str(), 1), 0);
  auto r = hipctl({"peers"});
  unsetenv("HIPD_CONTROL_SOCKET");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("203.0.113.5"), std::string::npos) << r.out;
}

TEST_F(HipctlControlTest, PeersTableAndJson) {
  start();
  auto r = hipctl({"peers", "--socket", socket_});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("LOCATORS"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("198.51.100.7, 2001:db8::7"), std::string::npos) << r.out;
  auto j = hipctl({"--json", "peers", "--socket", socket_});
  EXPECT_EQ(j.exit_code, 0) << j.err;
  const json doc = json::parse(j.out, nullptr, false);
  ASSERT_FALSE(doc.is_discarded()) << j.out;
  EXPECT_EQ(doc["peers"].size(), 2u);
  EXPECT_EQ(doc["peers"][1]["udp"], true);
}

TEST_F(HipctlControlTest, ConnectPassesHitAndLocator) {
  start();
  auto r = hipctl({"connect", test::kSamplePeerHit, "--locator", "203.0.113.9", "--socket", socket_});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find(std::string("connecting to ") + test::kSamplePeerHit + " at 203.0.113.9: I1-SENT"),
            std::string::npos)
      << r.out;
  auto j = hipctl({"--json", "connect", test::kSamplePeerHit, "--socket", socket_});
  EXPECT_EQ(j.exit_code, 0) << j.err;
  EXPECT_EQ(json::parse(j.out)["state"], "I1-SENT");
  stop();
  ASSERT_EQ(handler_.calls.size(), 2u);
  EXPECT_EQ(handler_.calls[0].hit, base::Hit::parse(test::kSamplePeerHit));
  EXPECT_EQ(handler_.calls[0].locator, base::IpAddress::parse("203.0.113.9"));
  EXPECT_FALSE(handler_.calls[1].locator);
}

TEST_F(HipctlControlTest, DaemonErrorsExitOneWithTheirText) {
  handler_.connect_error = "no locator known for that HIT";
  handler_.close_error = "no association with that HIT";
  start();
  auto c = hipctl({"connect", test::kSamplePeerHit, "--socket", socket_});
  EXPECT_EQ(c.exit_code, 1);
  EXPECT_NE(c.err.find("hipctl connect: hipd: no locator known for that HIT"), std::string::npos) << c.err;
  auto d = hipctl({"--json", "close", test::kSamplePeerHit, "--socket", socket_});
  EXPECT_EQ(d.exit_code, 1);
  EXPECT_NE(d.err.find("hipd: no association with that HIT"), std::string::npos) << d.err;
  EXPECT_EQ(json::parse(d.out)["ok"], false);
}

TEST_F(HipctlControlTest, CloseSaysClosing) {
  start();
  auto r = hipctl({"close", test::kSamplePeerHit, "--socket", socket_});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("CLOSING"), std::string::npos) << r.out;
}

TEST_F(HipctlControlTest, BadArgumentsExitTwoWithoutAskingHipd) {
  start();
  auto r = hipctl({"close", "2001:db8::1", "--socket", socket_});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("not a HIT"), std::string::npos) << r.err;
  auto l = hipctl({"connect", test::kSamplePeerHit, "--locator", "2001:20::5", "--socket", socket_});
  EXPECT_EQ(l.exit_code, 2);
  EXPECT_NE(l.err.find("is a HIT"), std::string::npos) << l.err;
  auto missing = hipctl({"connect", "--socket", socket_});
  EXPECT_EQ(missing.exit_code, 2);
  stop();
  EXPECT_TRUE(handler_.calls.empty());
}

TEST_F(HipctlControlTest, NotRunningWhenTheSocketIsMissing) {
  const std::string path = dir_.file("absent.sock");
  auto r = hipctl({"status", "--socket", path});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("hipd is not running (no control socket at " + path + ")"), std::string::npos)
      << r.err;
  auto j = hipctl({"--json", "peers", "--socket", path});
  EXPECT_EQ(j.exit_code, 2);
  EXPECT_EQ(json::parse(j.out)["ok"], false);
}

TEST_F(HipctlControlTest, NotRunningWhenNobodyListens) {
  const int fd = socket(AF_UNIX, SOCK_STREAM, 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::memcpy(addr.sun_path, socket_.data(), socket_.size());
  ASSERT_EQ(bind(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr), 0);
  ::close(fd);  // the file stays, nobody listens: a hipd that died
  auto r = hipctl({"status", "--socket", socket_});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("hipd is not running (nobody listens on " + socket_), std::string::npos) << r.err;
}

// Runs hipctl as the unprivileged user `nobody` (we are root): exit code
// and stderr, or exit code 127 when it could not be started.
test::CommandResult hipctl_as_nobody(const std::vector<std::string>& args) {
  test::CommandResult result;
  int err_pipe[2];
  if (pipe(err_pipe) != 0) return result;
  // Everything allocated before fork(): the server thread may hold malloc's lock.
  std::vector<std::string> argv = {HIPCTL_PATH};
  argv.insert(argv.end(), args.begin(), args.end());
  std::vector<char*> raw;
  for (auto& a : argv) raw.push_back(a.data());
  raw.push_back(nullptr);
  const pid_t pid = fork();
  if (pid == 0) {
    dup2(err_pipe[1], STDERR_FILENO);
    close(err_pipe[0]);
    close(err_pipe[1]);
    if (setgroups(0, nullptr) != 0 || setgid(65534) != 0 || setuid(65534) != 0) _exit(127);
    execv(raw[0], raw.data());
    _exit(127);
  }
  close(err_pipe[1]);
  char buffer[4096];
  for (ssize_t n; (n = read(err_pipe[0], buffer, sizeof buffer)) > 0;) {
    result.err.append(buffer, static_cast<std::size_t>(n));
  }
  close(err_pipe[0]);
  int status = 0;
  if (pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status)) {
    result.exit_code = WEXITSTATUS(status);
  }
  return result;
}

TEST_F(HipctlControlTest, PermissionDeniedMessageMapping) {
  const ControlFailure f = describe_connect_error(EACCES, "/run/hipd/control.sock");
  EXPECT_EQ(f.kind, ControlFailureKind::permission_denied);
  EXPECT_EQ(f.message, "permission denied: run as root (cannot open /run/hipd/control.sock)");
  EXPECT_EQ(exit_code_for(f), 2);
  EXPECT_EQ(describe_connect_error(EPERM, "/x").kind, ControlFailureKind::permission_denied);
  EXPECT_EQ(describe_connect_error(ENOENT, "/x").kind, ControlFailureKind::not_running);
  EXPECT_EQ(describe_connect_error(ECONNREFUSED, "/x").kind, ControlFailureKind::not_running);
  EXPECT_EQ(describe_connect_error(ENOTDIR, "/x").kind, ControlFailureKind::unreachable);
  EXPECT_EQ(exit_code_for({ControlFailureKind::daemon_error, "x"}), 1);
}

// The real thing: the socket's directory is 0700 (as /run/hipd is), so a
// user other than its owner cannot reach the socket.
TEST_F(HipctlControlTest, PermissionDeniedForAnotherUser) {
  start();
  test::CommandResult r;
  if (geteuid() == 0) {
    r = hipctl_as_nobody({"status", "--socket", socket_});
    if (r.exit_code == 127) GTEST_SKIP() << "cannot run hipctl as nobody: " << r.err;
  } else {
    ASSERT_EQ(chmod(socket_.c_str(), 0), 0);
    r = hipctl({"status", "--socket", socket_});
  }
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("permission denied: run as root (cannot open " + socket_ + ")"), std::string::npos)
      << r.err;
}

TEST_F(HipctlControlTest, ControlCallTimesOutOnASilentServer) {
  // A listener that accepts (the kernel does) but never answers.
  const int fd = socket(AF_UNIX, SOCK_STREAM, 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::memcpy(addr.sun_path, socket_.data(), socket_.size());
  ASSERT_EQ(bind(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr), 0);
  ASSERT_EQ(listen(fd, 4), 0);
  auto r = control_call(socket_, json{{"cmd", "status"}}, std::chrono::milliseconds(200));
  ::close(fd);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ControlFailureKind::timeout);
  EXPECT_EQ(exit_code_for(r.error()), 1);
}

}  // namespace
}  // namespace hip::cli
