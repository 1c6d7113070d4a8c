#include "io/fake_sys.h"

#include <arpa/inet.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <netinet/in.h>
#include <sys/ioctl.h>

#include <algorithm>
#include <cstring>

namespace hip::io::test {
namespace {

Bytes gather(const msghdr& h) {
  Bytes out;
  for (std::size_t i = 0; i < h.msg_iovlen; ++i) {
    const auto* p = static_cast<const std::uint8_t*>(h.msg_iov[i].iov_base);
    out.insert(out.end(), p, p + h.msg_iov[i].iov_len);
  }
  return out;
}

std::vector<Cmsg> read_cmsgs(const msghdr& h) {
  std::vector<Cmsg> out;
  if (h.msg_control == nullptr) return out;
  auto& m = const_cast<msghdr&>(h);
  for (cmsghdr* c = CMSG_FIRSTHDR(&m); c != nullptr; c = CMSG_NXTHDR(&m, c)) {
    const std::size_t n = c->cmsg_len - CMSG_LEN(0);
    out.push_back(Cmsg{c->cmsg_level, c->cmsg_type, Bytes(CMSG_DATA(c), CMSG_DATA(c) + n)});
  }
  return out;
}

// Writes control messages the way the kernel does (put_cmsg): each aligned
// to CMSG_SPACE; returns the bytes used, or sets MSG_CTRUNC.
std::size_t write_cmsgs(msghdr& h, const std::vector<Cmsg>& cmsgs) {
  auto* base = static_cast<std::uint8_t*>(h.msg_control);
  std::size_t used = 0;
  for (const Cmsg& c : cmsgs) {
    const std::size_t space = CMSG_SPACE(c.data.size());
    if (base == nullptr || used + space > h.msg_controllen) {
      h.msg_flags |= MSG_CTRUNC;
      break;
    }
    auto* hdr = reinterpret_cast<cmsghdr*>(base + used);
    std::memset(hdr, 0, space);
    hdr->cmsg_len = CMSG_LEN(c.data.size());
    hdr->cmsg_level = c.level;
    hdr->cmsg_type = c.type;
    std::memcpy(CMSG_DATA(hdr), c.data.data(), c.data.size());
    used += space;
  }
  return used;
}

}  // namespace

bool FakeSys::has_option(int level, int name, int value) const {
  return std::any_of(options.begin(), options.end(), [&](const OptionSet& o) {
    return o.level == level && o.name == name && o.value == value;
  });
}

int FakeSys::new_fd() {
  const int fd = next_fd_++;
  open_fds.insert(fd);
  return fd;
}

Result<int> FakeSys::socket(int domain, int type, int protocol) noexcept {
  sockets.push_back({domain, type, protocol});
  if (socket_error) return fail(*socket_error, "socket");
  return new_fd();
}

Result<void> FakeSys::setsockopt(int, int level, int name, const void* value,
                                 socklen_t size) noexcept {
  if (const auto it = refused_options.find({level, name}); it != refused_options.end()) {
    return fail(it->second, "setsockopt");
  }
  int v = 0;
  if (size >= sizeof v) std::memcpy(&v, value, sizeof v);
  options.push_back({level, name, v});
  return {};
}

Result<void> FakeSys::getsockopt(int, int level, int name, void* value,
                                 socklen_t* size) noexcept {
  // The last value set, doubled for buffer sizes as the kernel reports them.
  for (auto it = options.rbegin(); it != options.rend(); ++it) {
    if (it->level == level && it->name == name && *size >= sizeof(int)) {
      const int v = level == SOL_SOCKET ? 2 * it->value : it->value;
      std::memcpy(value, &v, sizeof v);
      *size = sizeof v;
      return {};
    }
  }
  return fail(ENOPROTOOPT, "getsockopt");
}

Result<void> FakeSys::bind(int, const sockaddr* address, socklen_t size) noexcept {
  sockaddr_storage s{};
  std::memcpy(&s, address, std::min<std::size_t>(size, sizeof s));
  bound = s;
  return {};
}

Result<void> FakeSys::getsockname(int, sockaddr* address, socklen_t* size) noexcept {
  if (!bound) return fail(EINVAL, "getsockname");
  sockaddr_storage s = *bound;
  const in_port_t port = htons(ephemeral_port);
  if (s.ss_family == AF_INET) reinterpret_cast<sockaddr_in*>(&s)->sin_port = port;
  if (s.ss_family == AF_INET6) reinterpret_cast<sockaddr_in6*>(&s)->sin6_port = port;
  const socklen_t n = s.ss_family == AF_INET ? sizeof(sockaddr_in) : sizeof(sockaddr_in6);
  std::memcpy(address, &s, std::min(n, *size));
  *size = n;
  return {};
}

Result<int> FakeSys::recvmmsg(int, mmsghdr* messages, unsigned count, int) noexcept {
  unsigned n = 0;
  for (; n < count && !inbound.empty(); ++n) {
    const Inbound in = inbound.front();
    inbound.pop_front();
    msghdr& h = messages[n].msg_hdr;
    h.msg_flags = 0;
    std::size_t copied = 0;
    for (std::size_t i = 0; i < h.msg_iovlen && copied < in.bytes.size(); ++i) {
      const std::size_t k = std::min(h.msg_iov[i].iov_len, in.bytes.size() - copied);
      std::memcpy(h.msg_iov[i].iov_base, in.bytes.data() + copied, k);
      copied += k;
    }
    if (copied < in.bytes.size()) h.msg_flags |= MSG_TRUNC;
    messages[n].msg_len = static_cast<unsigned>(copied);
    if (h.msg_name != nullptr) {
      const socklen_t k = std::min(h.msg_namelen, in.from_size);
      std::memcpy(h.msg_name, &in.from, k);
      h.msg_namelen = in.from_size;
    }
    h.msg_controllen = write_cmsgs(h, in.cmsgs);
  }
  if (n == 0) return fail(EAGAIN, "recvmmsg");
  return static_cast<int>(n);
}

Result<int> FakeSys::sendmmsg(int, mmsghdr* messages, unsigned count, int) noexcept {
  sendmmsg_counts.push_back(count);
  unsigned limit = count;
  if (!send_script.empty()) {
    const Step step = send_script.front();
    send_script.pop_front();
    if (step.accept == 0) return fail(step.error, "sendmmsg");
    limit = std::min<unsigned>(count, static_cast<unsigned>(step.accept));
  }
  for (unsigned i = 0; i < limit; ++i) {
    const msghdr& h = messages[i].msg_hdr;
    Sent s;
    s.bytes = gather(h);
    s.iov_count = h.msg_iovlen;
    std::memcpy(&s.to, h.msg_name, std::min<std::size_t>(h.msg_namelen, sizeof s.to));
    s.to_size = h.msg_namelen;
    s.cmsgs = read_cmsgs(h);
    messages[i].msg_len = static_cast<unsigned>(s.bytes.size());
    sent.push_back(std::move(s));
  }
  return static_cast<int>(limit);
}

Result<int> FakeSys::open(const char* path, int flags) noexcept {
  opened.emplace_back(path);
  open_flags = flags;
  return new_fd();
}

Result<void> FakeSys::ioctl(int, unsigned long request, void* arg) noexcept {
  if (request == TUNSETOFFLOAD) {
    // Like the kernel: the flags are the argument's value.
    if (tun_offload_error != 0) return fail(tun_offload_error, "ioctl");
    tun_offload_flags = reinterpret_cast<std::uintptr_t>(arg);
    return {};
  }
  if (request != TUNSETIFF) return fail(ENOTTY, "ioctl");
  auto* ifr = static_cast<ifreq*>(arg);
  tun_flags = ifr->ifr_flags;
  tun_requested_name = ifr->ifr_name;
  // Like the kernel: a name with "%d" gets numbered.
  if (tun_requested_name.find("%d") != std::string::npos) {
    std::memset(ifr->ifr_name, 0, IFNAMSIZ);
    std::memcpy(ifr->ifr_name, tun_assigned_name.data(),
                std::min<std::size_t>(tun_assigned_name.size(), IFNAMSIZ - 1));
  }
  return {};
}

Result<std::size_t> FakeSys::readv(int, const iovec* iov, int count) noexcept {
  if (!readv_errors.empty()) {
    const int e = readv_errors.front();
    readv_errors.pop_front();
    return fail(e, "readv");
  }
  if (tun_packets.empty()) return fail(EAGAIN, "readv");
  const Bytes p = tun_packets.front();
  tun_packets.pop_front();
  std::size_t copied = 0;
  for (int i = 0; i < count && copied < p.size(); ++i) {
    const std::size_t k = std::min(iov[i].iov_len, p.size() - copied);
    std::memcpy(iov[i].iov_base, p.data() + copied, k);
    copied += k;
  }
  return p.size();  // the kernel's tun_put_user reports the whole packet
}

Result<std::size_t> FakeSys::writev(int, const iovec* iov, int count) noexcept {
  if (!write_script.empty()) {
    const Step step = write_script.front();
    write_script.pop_front();
    if (step.accept == 0) return fail(step.error, "writev");
  }
  Bytes out;
  for (int i = 0; i < count; ++i) {
    const auto* p = static_cast<const std::uint8_t*>(iov[i].iov_base);
    out.insert(out.end(), p, p + iov[i].iov_len);
  }
  written.push_back(out);
  return out.size();
}

void FakeSys::close(int fd) noexcept {
  open_fds.erase(fd);
  closed.push_back(fd);
}

sockaddr_storage sockaddr_v4(const char* address, std::uint16_t port, socklen_t& size) {
  sockaddr_storage s{};
  auto* sin = reinterpret_cast<sockaddr_in*>(&s);
  sin->sin_family = AF_INET;
  sin->sin_port = htons(port);
  inet_pton(AF_INET, address, &sin->sin_addr);
  size = sizeof(sockaddr_in);
  return s;
}

sockaddr_storage sockaddr_v6(const char* address, std::uint16_t port, socklen_t& size) {
  sockaddr_storage s{};
  auto* sin6 = reinterpret_cast<sockaddr_in6*>(&s);
  sin6->sin6_family = AF_INET6;
  sin6->sin6_port = htons(port);
  inet_pton(AF_INET6, address, &sin6->sin6_addr);
  size = sizeof(sockaddr_in6);
  return s;
}

}  // namespace hip::io::test
