// What hipd's driver counts itself (the engine and esp/ count the rest): every
// packet it drops before the engine or the data plane sees it, and every send
// the kernel refused. Shown by `hipctl status` under "daemon".
#pragma once

#include <cstdint>
#include <vector>

#include "daemon/control_protocol.h"
#include "daemon/pending_queue.h"

namespace hip::daemon {

struct DriverCounters {
  std::uint64_t tun_packets = 0;          // read from hip0
  std::uint64_t tun_truncated = 0;        // larger than the buffer (never with our MTU)
  std::uint64_t tun_not_hip = 0;          // no SA and the destination is no known HIT/LSI
  std::uint64_t tun_no_locator = 0;       // a peer HIT we know no locator for
  std::uint64_t tun_write_failed = 0;
  std::uint64_t hip_received = 0;         // HIP control packets handed to the engine
  std::uint64_t hip_truncated = 0;        // larger than the buffer (bad input)
  std::uint64_t hip_sent = 0;
  std::uint64_t hip_send_failed = 0;
  std::uint64_t esp_received = 0;         // ESP packets handed to esp/
  std::uint64_t esp_truncated = 0;
  std::uint64_t esp_sent = 0;
  std::uint64_t esp_send_failed = 0;      // refused by the kernel, or the socket was full
  std::uint64_t udp_malformed = 0;        // UDP 10500 datagrams that are neither HIP nor ESP
  std::uint64_t udp_ignored = 0;          // NAT keepalives and STUN
  std::uint64_t no_socket = 0;            // a path needing a socket hipd has not opened
  std::uint64_t sa_install_failed = 0;
  std::uint64_t rekey_due = 0;            // a sequence counter neared its end
  std::uint64_t reloads = 0;
  std::uint64_t reload_failed = 0;

  void append_to(std::vector<NamedCount>& out, const PendingCounters& pending) const;
};

}  // namespace hip::daemon
