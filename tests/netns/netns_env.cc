#include "netns/netns_env.h"

#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <sstream>
#include <thread>

#include "support/subprocess.h"

namespace hip::netns_test {
namespace {

using namespace std::chrono_literals;

constexpr const char* kPrefix = "hipio-";

std::atomic<int> g_counter{0};

// Deletes namespaces named hipio-<pid>-* whose process is gone.
void sweep_stale() {
  std::string out;
  if (run({"ip", "netns", "list"}, &out) != 0) return;
  std::istringstream lines(out);
  std::string line;
  while (std::getline(lines, line)) {
    const std::string name = line.substr(0, line.find(' '));
    if (name.rfind(kPrefix, 0) != 0) continue;
    const std::string rest = name.substr(std::string(kPrefix).size());
    const long pid = std::strtol(rest.c_str(), nullptr, 10);
    if (pid <= 0) continue;
    if (::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH) {
      run({"ip", "netns", "del", name});
    }
  }
}

}  // namespace

int run(const std::vector<std::string>& argv, std::string* output) {
  const test::CommandResult r = test::run_command(argv);
  if (output != nullptr) *output = r.out + r.err;
  return r.exit_code;
}

std::string why_unavailable() {
  if (::geteuid() != 0) return "needs root (creates network namespaces)";
  if (test::find_in_path("ip").empty()) return "`ip` (iproute2) not found";
  std::string out;
  if (run({"ip", "netns", "list"}, &out) != 0) return "`ip netns` unavailable: " + out;
  return {};
}

std::unique_ptr<NamespacePair> NamespacePair::create(std::string& error) {
  sweep_stale();
  const std::string base =
      std::string(kPrefix) + std::to_string(::getpid()) + "-" + std::to_string(g_counter++);
  const std::string a = base + "-a";
  const std::string b = base + "-b";
  std::string out;
  if (run({"ip", "netns", "add", a}, &out) != 0) {
    error = "ip netns add: " + out;
    return nullptr;
  }
  if (run({"ip", "netns", "add", b}, &out) != 0) {
    run({"ip", "netns", "del", a});
    error = "ip netns add: " + out;
    return nullptr;
  }
  // From here the destructor cleans up.
  std::unique_ptr<NamespacePair> pair(new NamespacePair(a, b));
  const std::vector<std::vector<std::string>> steps = {
      {"ip", "link", "add", "va", "netns", a, "type", "veth", "peer", "name", "vb", "netns", b},
      {"ip", "-n", a, "link", "set", "lo", "up"},
      {"ip", "-n", b, "link", "set", "lo", "up"},
      {"ip", "-n", a, "addr", "add", "192.0.2.1/24", "dev", "va"},
      {"ip", "-n", a, "addr", "add", "198.51.100.1/24", "dev", "va"},
      {"ip", "-n", a, "addr", "add", "2001:db8::1/64", "dev", "va", "nodad"},
      {"ip", "-n", a, "addr", "add", "2001:db8:1::1/64", "dev", "va", "nodad"},
      {"ip", "-n", b, "addr", "add", "192.0.2.2/24", "dev", "vb"},
      {"ip", "-n", b, "addr", "add", "198.51.100.2/24", "dev", "vb"},
      {"ip", "-n", b, "addr", "add", "2001:db8::2/64", "dev", "vb", "nodad"},
      {"ip", "-n", b, "addr", "add", "2001:db8:1::2/64", "dev", "vb", "nodad"},
      {"ip", "-n", a, "link", "set", "va", "up"},
      {"ip", "-n", b, "link", "set", "vb", "up"},
  };
  for (const auto& step : steps) {
    if (run(step, &out) != 0) {
      error = step[3] + " " + step[4] + ": " + out;
      return nullptr;
    }
  }
  const auto link_up = [&](const std::string& ns, const std::string& dev) {
    std::string o;
    return run({"ip", "-n", ns, "link", "show", "dev", dev}, &o) == 0 &&
           o.find("state UP") != std::string::npos;
  };
  if (!wait_until([&] { return link_up(a, "va") && link_up(b, "vb"); }, 3s)) {
    error = "veth pair not up within 3 s";
    return nullptr;
  }
  const bool local = wait_until(
      [&] {
        return address_is_local(a, "2001:db8::1") && address_is_local(a, "2001:db8:1::1") &&
               address_is_local(b, "2001:db8::2") && address_is_local(b, "2001:db8:1::2");
      },
      3s);
  if (!local) {
    error = "IPv6 addresses not usable within 3 s";
    return nullptr;
  }
  return pair;
}

bool wait_until(const std::function<bool()>& ready, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!ready()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(10ms);
  }
  return true;
}

bool address_is_local(const std::string& ns, const std::string& address) {
  std::string out;
  return run({"ip", "-n", ns, "route", "get", address}, &out) == 0 && out.rfind("local ", 0) == 0;
}

NamespacePair::~NamespacePair() {
  run({"ip", "netns", "del", a_});
  run({"ip", "netns", "del", b_});
}

bool run_in(const std::string& ns, const std::function<void()>& fn) {
  bool entered = false;
  std::thread t([&] {
    const int fd = ::open(("/run/netns/" + ns).c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return;
    const bool ok = ::setns(fd, CLONE_NEWNET) == 0;
    ::close(fd);
    if (!ok) return;
    entered = true;
    fn();
  });
  t.join();
  return entered;
}

bool wait_readable(int fd, std::chrono::milliseconds timeout) {
  pollfd p{fd, POLLIN, 0};
  const int ms = static_cast<int>(timeout.count());
  return ::poll(&p, 1, ms < 0 ? 0 : ms) == 1 && (p.revents & POLLIN) != 0;
}

}  // namespace hip::netns_test
