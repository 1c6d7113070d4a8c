// A fake kernel behind io::Sys for unit tests without root: it records every
// call, delivers queued datagrams (with source address and control messages)
// to recvmmsg and queued packets to readv, and follows a script for sendmmsg
// and writev (accept n, then fail with an errno), like wireguard-go's
// conn/bindtest and tun/tuntest.
#pragma once

#include <sys/socket.h>

#include <cstdint>
#include <cstring>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "io/sys.h"

namespace hip::io::test {

using Bytes = std::vector<std::uint8_t>;

struct Cmsg {
  int level = 0;
  int type = 0;
  Bytes data;
};

template <class T>
Cmsg make_cmsg(int level, int type, const T& value) {
  Cmsg c{level, type, Bytes(sizeof(T))};
  std::memcpy(c.data.data(), &value, sizeof(T));
  return c;
}

struct Inbound {
  Bytes bytes;
  sockaddr_storage from{};
  socklen_t from_size = 0;
  std::vector<Cmsg> cmsgs;
};

struct Sent {
  Bytes bytes;  // all iovecs, concatenated
  std::size_t iov_count = 0;
  sockaddr_storage to{};
  socklen_t to_size = 0;
  std::vector<Cmsg> cmsgs;
};

// One scripted sendmmsg/writev call: take at most `accept` messages, then
// (when none was taken) fail with `error`.
struct Step {
  int accept = 0;
  int error = 0;
};

struct SocketCall {
  int domain;
  int type;
  int protocol;
};

struct OptionSet {
  int level;
  int name;
  int value;
};

class FakeSys final : public Sys {
 public:
  // State a test arranges.
  std::deque<Inbound> inbound;           // for recvmmsg
  std::deque<Bytes> tun_packets;         // for readv
  std::deque<int> readv_errors;          // consumed before packets, one per call
  std::deque<Step> send_script;          // sendmmsg; empty: accept all
  std::deque<Step> write_script;         // writev; empty: accept all
  std::map<std::pair<int, int>, int> refused_options;  // (level, name) -> errno
  std::optional<int> socket_error;
  std::string tun_assigned_name = "hip0";  // the name TUNSETIFF reports for "%d" names
  int tun_offload_error = 0;               // TUNSETOFFLOAD fails with it when non-zero
  std::uint16_t ephemeral_port = 40000;

  // What happened.
  std::vector<SocketCall> sockets;
  std::vector<OptionSet> options;
  std::optional<sockaddr_storage> bound;
  std::vector<Sent> sent;
  std::vector<unsigned> sendmmsg_counts;  // the vlen of each sendmmsg call
  std::vector<Bytes> written;
  std::vector<std::string> opened;
  int open_flags = 0;
  short tun_flags = 0;
  std::optional<unsigned long> tun_offload_flags;  // the last TUNSETOFFLOAD argument
  std::string tun_requested_name;
  std::set<int> open_fds;
  std::vector<int> closed;

  bool has_option(int level, int name, int value) const;

  Result<int> socket(int domain, int type, int protocol) noexcept override;
  Result<void> setsockopt(int fd, int level, int name, const void* value,
                          socklen_t size) noexcept override;
  Result<void> getsockopt(int fd, int level, int name, void* value,
                          socklen_t* size) noexcept override;
  Result<void> bind(int fd, const sockaddr* address, socklen_t size) noexcept override;
  Result<void> getsockname(int fd, sockaddr* address, socklen_t* size) noexcept override;
  Result<int> recvmmsg(int fd, mmsghdr* messages, unsigned count, int flags) noexcept override;
  Result<int> sendmmsg(int fd, mmsghdr* messages, unsigned count, int flags) noexcept override;
  Result<int> open(const char* path, int flags) noexcept override;
  Result<void> ioctl(int fd, unsigned long request, void* arg) noexcept override;
  Result<std::size_t> readv(int fd, const iovec* iov, int count) noexcept override;
  Result<std::size_t> writev(int fd, const iovec* iov, int count) noexcept override;
  void close(int fd) noexcept override;

 private:
  int new_fd();
  int next_fd_ = 1000;  // far from the test process's real descriptors
};

// Socket addresses for arranging inbound datagrams.
sockaddr_storage sockaddr_v4(const char* address, std::uint16_t port, socklen_t& size);
sockaddr_storage sockaddr_v6(const char* address, std::uint16_t port, socklen_t& size);

}  // namespace hip::io::test
