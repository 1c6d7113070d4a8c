#include "io/netlink.h"

#include <libmnl/libmnl.h>
#include <linux/if.h>
#include <sys/socket.h>

#include <cstring>

namespace hip::io {
namespace {

constexpr std::size_t kReceiveBufferBytes = 8192;  // MNL_SOCKET_BUFFER_SIZE's ceiling
// Answers to other requests (a stale ack after a timeout) are skipped; this
// bounds how many.
constexpr int kMaxForeignMessages = 16;

NetlinkError error_of(int code, std::string operation, std::string kernel_message = {}) {
  return NetlinkError{code, std::move(operation), std::move(kernel_message)};
}

std::string describe(const char* verb, const base::IpAddress& a, std::uint8_t prefix_len,
                     std::uint32_t ifindex) {
  return std::string(verb) + " " + a.to_string() + "/" + std::to_string(prefix_len) +
         " on ifindex " + std::to_string(ifindex);
}

bool prefix_fits(const base::IpAddress& a, std::uint8_t prefix_len) {
  return prefix_len <= (a.is_v4() ? 32 : 128);
}

}  // namespace

std::string NetlinkError::message() const {
  std::string out = operation + ": " + std::strerror(code) + " (errno " + std::to_string(code) + ")";
  if (!kernel_message.empty()) out += ": " + kernel_message;
  return out;
}

base::IpAddress orchid_prefix() { return *base::IpAddress::parse("2001:20::"); }
base::IpAddress lsi_prefix() { return *base::IpAddress::parse("1.0.0.0"); }

void Netlink::SocketCloser::operator()(mnl_socket* s) const noexcept { mnl_socket_close(s); }

Netlink::Netlink(std::unique_ptr<mnl_socket, SocketCloser> socket)
    : socket_(std::move(socket)), receive_buffer_(kReceiveBufferBytes) {}

Netlink::Netlink(Netlink&&) noexcept = default;
Netlink::~Netlink() = default;

NetlinkResult<Netlink> Netlink::open() {
  std::unique_ptr<mnl_socket, SocketCloser> s(mnl_socket_open2(NETLINK_ROUTE, SOCK_CLOEXEC));
  if (!s) return base::unexpected(error_of(errno, "open rtnetlink socket"));
  // Extended acks carry the kernel's reason; capped acks do not echo the
  // request back. Both are optional (older kernels): ignore failures.
  int on = 1;
  mnl_socket_setsockopt(s.get(), NETLINK_EXT_ACK, &on, sizeof on);
  mnl_socket_setsockopt(s.get(), NETLINK_CAP_ACK, &on, sizeof on);
  if (mnl_socket_bind(s.get(), 0, MNL_SOCKET_AUTOPID) < 0) {
    return base::unexpected(error_of(errno, "bind rtnetlink socket"));
  }
  timeval timeout{2, 0};
  if (setsockopt(mnl_socket_get_fd(s.get()), SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout) !=
      0) {
    return base::unexpected(error_of(errno, "set rtnetlink timeout"));
  }
  return Netlink(std::move(s));
}

NetlinkResult<std::uint32_t> Netlink::link_index(const std::string& name) {
  const std::string op = "find link " + name;
  if (name.empty() || name.size() >= IFNAMSIZ) return base::unexpected(error_of(ENODEV, op));
  NetlinkRequest r = build_get_link(next_seq_++, name);
  std::optional<LinkAnswer> answer;
  const auto sent = round_trip(r, op, [&](std::span<const std::uint8_t> datagram) {
    answer = find_link(datagram, r.header()->nlmsg_seq);
    return answer.has_value();
  });
  if (!sent) return base::unexpected(sent.error());
  if (answer->code != 0) {
    return base::unexpected(error_of(answer->code, op, std::move(answer->kernel_message)));
  }
  return answer->ifindex;
}

NetlinkResult<void> Netlink::set_link_up(std::uint32_t ifindex) {
  NetlinkRequest r = build_set_link(next_seq_++, ifindex, true, std::nullopt);
  return transact(r, "set link up on ifindex " + std::to_string(ifindex), false);
}

NetlinkResult<void> Netlink::set_mtu(std::uint32_t ifindex, std::uint32_t mtu) {
  NetlinkRequest r = build_set_link(next_seq_++, ifindex, std::nullopt, mtu);
  return transact(r, "set mtu " + std::to_string(mtu) + " on ifindex " + std::to_string(ifindex),
                  false);
}

NetlinkResult<void> Netlink::set_txqueuelen(std::uint32_t ifindex, std::uint32_t packets) {
  NetlinkRequest r = build_set_link(next_seq_++, ifindex, std::nullopt, std::nullopt, packets);
  return transact(r,
                  "set txqueuelen " + std::to_string(packets) + " on ifindex " +
                      std::to_string(ifindex),
                  false);
}

NetlinkResult<void> Netlink::add_address(std::uint32_t ifindex, const base::IpAddress& address,
                                         std::uint8_t prefix_len) {
  std::string op = describe("add address", address, prefix_len, ifindex);
  if (!prefix_fits(address, prefix_len)) return base::unexpected(error_of(EINVAL, std::move(op)));
  NetlinkRequest r = build_add_address(next_seq_++, ifindex, address, prefix_len);
  return transact(r, std::move(op), true);
}

NetlinkResult<void> Netlink::add_route(std::uint32_t ifindex, const base::IpAddress& destination,
                                       std::uint8_t prefix_len) {
  std::string op = describe("add route", destination, prefix_len, ifindex);
  if (!prefix_fits(destination, prefix_len)) {
    return base::unexpected(error_of(EINVAL, std::move(op)));
  }
  NetlinkRequest r = build_add_route(next_seq_++, ifindex, destination, prefix_len);
  return transact(r, std::move(op), true);
}

NetlinkResult<void> Netlink::add_hit(std::uint32_t ifindex, const base::Hit& hit) {
  const auto address = base::IpAddress::v6(hit.bytes);
  if (auto r = add_address(ifindex, address, 128); !r) return r;
  return add_route(ifindex, orchid_prefix(), kOrchidPrefixLen);
}

NetlinkResult<void> Netlink::add_lsi(std::uint32_t ifindex, const base::IpAddress& lsi) {
  if (!lsi.is_v4()) return base::unexpected(error_of(EAFNOSUPPORT, "add lsi " + lsi.to_string()));
  if (auto r = add_address(ifindex, lsi, 32); !r) return r;
  return add_route(ifindex, lsi_prefix(), kLsiPrefixLen);
}

NetlinkResult<void> Netlink::transact(NetlinkRequest& request, std::string operation,
                                      bool exist_ok) {
  std::optional<NetlinkAck> ack;
  const auto sent = round_trip(request, operation, [&](std::span<const std::uint8_t> datagram) {
    ack = find_ack(datagram, request.header()->nlmsg_seq);
    return ack.has_value();
  });
  if (!sent) return sent;
  if (ack->code == 0 || (exist_ok && ack->code == EEXIST)) return {};
  return base::unexpected(error_of(ack->code, std::move(operation), std::move(ack->kernel_message)));
}

NetlinkResult<void> Netlink::round_trip(
    NetlinkRequest& request, const std::string& operation,
    const std::function<bool(std::span<const std::uint8_t>)>& answered) {
  nlmsghdr* h = request.header();
  h->nlmsg_pid = 0;  // to the kernel
  if (mnl_socket_sendto(socket_.get(), h, h->nlmsg_len) < 0) {
    return base::unexpected(error_of(errno, operation));
  }
  for (int i = 0; i < kMaxForeignMessages; ++i) {
    const ssize_t n = mnl_socket_recvfrom(socket_.get(), receive_buffer_.data(),
                                          receive_buffer_.size());
    if (n < 0) {
      const int code = (errno == EAGAIN || errno == EWOULDBLOCK) ? ETIMEDOUT : errno;
      return base::unexpected(error_of(code, operation));
    }
    if (answered({receive_buffer_.data(), static_cast<std::size_t>(n)})) return {};
  }
  return base::unexpected(error_of(ETIMEDOUT, operation));
}

}  // namespace hip::io
