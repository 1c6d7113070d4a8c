// Network namespaces for tests that need real sockets and devices, created
// and removed by the test itself.
//
// Topology (documentation prefixes only, no route to anything else):
//
//   namespace A                                   namespace B
//   va: 192.0.2.1/24     198.51.100.1/24  <-veth->  vb: 192.0.2.2/24     198.51.100.2/24
//       2001:db8::1/64   2001:db8:1::1/64               2001:db8::2/64   2001:db8:1::2/64
//
// The second prefix on each side lets a test send from an address that is not
// the kernel's first choice and see that the explicit source was used.
//
// How code runs inside a namespace: run_in() starts a std::thread that joins
// the namespace with setns(CLONE_NEWNET) and runs a function there. The
// network namespace is a per-thread attribute, so only that thread moves, and
// a socket or TUN device created there stays in that namespace for its whole
// life, whichever thread uses it later. So tests create their fds in run_in()
// and then drive them from the test's own thread, with gtest assertions as
// usual and no inter-process plumbing (fork() would need pipes to report
// results). Commands that need a namespace (ping) go through `ip netns exec`.
//
// Readiness: create() returns when both veth ends are operationally up (the
// kernel activates a device's queue asynchronously after "link set up" and
// drops packets until then) and every IPv6 address has its local route (the
// kernel installs it from a work queue after the netlink ack, even with
// nodad). Tests that add addresses later wait with address_is_local().
//
// Cleanup: NamespacePair's destructor deletes both namespaces (the veth pair
// and any TUN device inside go with them), also when a test fails. Names carry
// the test's PID; namespaces left by a test process that was killed (a CTest
// timeout) are removed by the next run, which deletes "hipio-<pid>-*" for
// PIDs that no longer exist. No process is ever killed by name.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "io/datagram.h"

namespace hip::netns_test {

// Empty when these tests can run here; otherwise why not (for GTEST_SKIP).
std::string why_unavailable();

class NamespacePair {
 public:
  // Creates the two namespaces and the veth pair; nullptr (and `error`) on
  // failure, after removing whatever was created.
  static std::unique_ptr<NamespacePair> create(std::string& error);
  ~NamespacePair();
  NamespacePair(const NamespacePair&) = delete;
  NamespacePair& operator=(const NamespacePair&) = delete;

  const std::string& a() const { return a_; }
  const std::string& b() const { return b_; }

 private:
  NamespacePair(std::string a, std::string b) : a_(std::move(a)), b_(std::move(b)) {}
  std::string a_;
  std::string b_;
};

// Polls `ready` every 10 ms until it is true or `timeout` has passed.
bool wait_until(const std::function<bool()>& ready, std::chrono::milliseconds timeout);

// True when namespace `ns` routes `address` to itself (`ip route get` says
// "local"): packets to it are delivered.
bool address_is_local(const std::string& ns, const std::string& address);

// Runs `fn` on a thread inside namespace `ns` and waits for it. False when
// the thread could not enter the namespace (fn did not run).
bool run_in(const std::string& ns, const std::function<void()>& fn);

// Runs a command (argv, no shell) and returns its exit code; output goes to
// `output` (stdout then stderr).
int run(const std::vector<std::string>& argv, std::string* output = nullptr);

// A received datagram, copied out of its slot.
struct Received {
  io::RecvStatus status = io::RecvStatus::ok;
  std::vector<std::uint8_t> payload;
  io::Addressing addressing;
  std::uint8_t hop_limit = 0;
  std::size_t ip_header_bytes = 0;
};

struct ReceiveLog {
  std::vector<Received> datagrams;
  std::size_t largest_batch = 0;  // most datagrams one receive call returned
};

// Polls `fd` and calls `receive` (a socket's receive_batch) until `want`
// datagrams have arrived or `timeout` has passed.
template <class Socket>
ReceiveLog receive_n(Socket& socket, std::size_t want, std::chrono::milliseconds timeout);

// Waits until `fd` is readable, at most `timeout`.
bool wait_readable(int fd, std::chrono::milliseconds timeout);

}  // namespace hip::netns_test

#include "netns/netns_env_inl.h"
