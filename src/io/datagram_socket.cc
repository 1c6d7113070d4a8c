#include "io/datagram_socket.h"

#include <netinet/in.h>

namespace hip::io {
namespace {

// Retries after EINTR before an item counts as failed (signals arrive through
// the signalfd, so EINTR is rare; the bound keeps the loop finite).
constexpr int kMaxInterrupts = 8;

}  // namespace

Result<DatagramSocket> DatagramSocket::open(Sys& sys, SocketFamily family, int type, int protocol,
                                            const SocketBuffers& buffers, std::size_t max_batch) {
  if (max_batch == 0) return fail(EINVAL, "socket batch size");
  const int domain = family == SocketFamily::v4 ? AF_INET : AF_INET6;
  auto fd = sys.socket(domain, type | SOCK_NONBLOCK | SOCK_CLOEXEC, protocol);
  if (!fd) return base::unexpected(fd.error());
  DatagramSocket s(Fd(*fd, sys), family, max_batch);
  // Raw IPv6 sockets carry IPv6 only, and the kernel refuses IPV6_V6ONLY on
  // them (EINVAL: they count as bound to their protocol).
  if (family != SocketFamily::v4 && type != SOCK_RAW) {
    const auto r = s.set_option(IPPROTO_IPV6, IPV6_V6ONLY, family == SocketFamily::v6 ? 1 : 0);
    if (!r) return base::unexpected(r.error());
  }
  if (const auto r = s.set_buffers(buffers); !r) return base::unexpected(r.error());
  return s;
}

Result<void> DatagramSocket::set_option(int level, int name, int value) noexcept {
  return fd_.sys().setsockopt(fd_.get(), level, name, &value, sizeof value);
}

Result<int> DatagramSocket::get_option(int level, int name) noexcept {
  int value = 0;
  socklen_t size = sizeof value;
  const auto r = fd_.sys().getsockopt(fd_.get(), level, name, &value, &size);
  if (!r) return base::unexpected(r.error());
  return value;
}

Result<void> DatagramSocket::bind(const base::IpAddress& address, std::uint16_t port) noexcept {
  sockaddr_storage name;
  const socklen_t size = encode_sockaddr(address, port, family_, name);
  if (size == 0) return fail(EAFNOSUPPORT, "bind");
  return fd_.sys().bind(fd_.get(), reinterpret_cast<const sockaddr*>(&name), size);
}

Result<void> DatagramSocket::set_buffers(const SocketBuffers& buffers) noexcept {
  struct Pair {
    int bytes;
    int force;
    int plain;
  };
  const Pair pairs[] = {{buffers.receive_bytes, SO_RCVBUFFORCE, SO_RCVBUF},
                        {buffers.send_bytes, SO_SNDBUFFORCE, SO_SNDBUF}};
  for (const Pair& p : pairs) {
    if (p.bytes <= 0) continue;
    if (set_option(SOL_SOCKET, p.force, p.bytes)) continue;
    if (const auto r = set_option(SOL_SOCKET, p.plain, p.bytes); !r) return r;
  }
  return {};
}

Result<std::size_t> DatagramSocket::receive(std::span<RecvSlot> slots) noexcept {
  const unsigned n = batch_.prepare_receive(slots);
  if (n == 0) return std::size_t{0};
  auto got = fd_.sys().recvmmsg(fd_.get(), batch_.messages(), n, 0);
  if (!got) {
    if (got.error().would_block() || got.error().code == EINTR) return std::size_t{0};
    return base::unexpected(got.error());
  }
  const unsigned count = static_cast<unsigned>(*got) > n ? n : static_cast<unsigned>(*got);
  batch_.finish_receive(slots, count);
  return std::size_t{count};
}

SendReport DatagramSocket::send(std::span<const SendItem> items, bool allow_marker) noexcept {
  SendReport report;
  std::size_t i = 0;
  int interrupts = 0;
  // Each round either sends at least one item, fails one, or stops: bounded.
  while (i < items.size()) {
    int encode_error = 0;
    const unsigned n = batch_.prepare_send(items.subspan(i), family_, allow_marker, encode_error);
    if (n == 0) {
      ++report.failed;
      report.last_error = Error{encode_error, "sendmmsg"};
      ++i;
      continue;
    }
    auto sent = fd_.sys().sendmmsg(fd_.get(), batch_.messages(), n, 0);
    if (!sent) {
      if (sent.error().would_block()) break;
      if (sent.error().code == EINTR && ++interrupts <= kMaxInterrupts) continue;
      // sendmmsg reports an error only for the first message of the call:
      // that item fails, the rest get another try.
      ++report.failed;
      report.last_error = sent.error();
      ++i;
      continue;
    }
    if (*sent <= 0) break;  // nothing taken: treat as a full buffer
    const std::size_t k = static_cast<std::size_t>(*sent) > n ? n : static_cast<std::size_t>(*sent);
    report.sent += k;
    i += k;
  }
  report.handled = i;
  return report;
}

}  // namespace hip::io
