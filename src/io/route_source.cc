#include "io/route_source.h"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>

namespace hip::io {

namespace {

// Closes the probe socket on every path out.
struct ProbeSocket {
  int fd = -1;
  ~ProbeSocket() {
    if (fd >= 0) ::close(fd);
  }
};

}  // namespace

Result<base::IpAddress> route_source(const base::IpAddress& peer) noexcept {
  ProbeSocket probe;
  sockaddr_storage remote{};
  socklen_t remote_size = 0;
  const auto bytes = peer.bytes();
  if (peer.is_v4()) {
    auto* sin = reinterpret_cast<sockaddr_in*>(&remote);
    sin->sin_family = AF_INET;
    sin->sin_port = htons(9);  // any port: connect() on UDP sends nothing
    std::memcpy(&sin->sin_addr, bytes.data(), 4);
    remote_size = sizeof(sockaddr_in);
    probe.fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  } else {
    auto* sin6 = reinterpret_cast<sockaddr_in6*>(&remote);
    sin6->sin6_family = AF_INET6;
    sin6->sin6_port = htons(9);
    std::memcpy(&sin6->sin6_addr, bytes.data(), 16);
    remote_size = sizeof(sockaddr_in6);
    probe.fd = ::socket(AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  }
  if (probe.fd < 0) return fail("socket");
  if (::connect(probe.fd, reinterpret_cast<const sockaddr*>(&remote), remote_size) != 0) {
    return fail("connect");
  }
  sockaddr_storage local{};
  socklen_t local_size = sizeof(local);
  if (::getsockname(probe.fd, reinterpret_cast<sockaddr*>(&local), &local_size) != 0) {
    return fail("getsockname");
  }
  if (local.ss_family == AF_INET) {
    const auto* sin = reinterpret_cast<const sockaddr_in*>(&local);
    std::array<std::uint8_t, 4> out{};
    std::memcpy(out.data(), &sin->sin_addr, 4);
    return base::IpAddress::v4(out);
  }
  const auto* sin6 = reinterpret_cast<const sockaddr_in6*>(&local);
  std::array<std::uint8_t, 16> out{};
  std::memcpy(out.data(), &sin6->sin6_addr, 16);
  return base::IpAddress::v6(out);
}

}  // namespace hip::io
