#include "io/msg_batch.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cstring>

namespace hip::io {
namespace {

// RFC 5770 §5.1: 32 zero bits before a HIP control packet on UDP.
constexpr std::uint8_t kZeroMarker[4] = {0, 0, 0, 0};

bool is_unspecified(const base::IpAddress& a) {
  const auto b = a.bytes();
  return std::all_of(b.begin(), b.end(), [](std::uint8_t x) { return x == 0; });
}

// The 16 bytes of an address as an AF_INET6 socket of `family` sees it, or
// false when it cannot be expressed there.
bool as_v6_bytes(const base::IpAddress& a, SocketFamily family, in6_addr& out) {
  if (a.is_v4() && family != SocketFamily::dual) return false;
  const auto b = a.to_16_bytes();
  std::memcpy(&out, b.data(), 16);
  return true;
}

void put_int_hint(const cmsghdr* c, std::uint8_t& out) {
  int v = 0;
  if (c->cmsg_len >= CMSG_LEN(sizeof v)) {
    std::memcpy(&v, CMSG_DATA(c), sizeof v);
    if (v > 0 && v <= 255) out = static_cast<std::uint8_t>(v);
  }
}

}  // namespace

socklen_t encode_sockaddr(const base::IpAddress& address, std::uint16_t port,
                          SocketFamily family, sockaddr_storage& out) noexcept {
  std::memset(&out, 0, sizeof out);
  if (family == SocketFamily::v4) {
    if (!address.is_v4()) return 0;
    auto* sin = reinterpret_cast<sockaddr_in*>(&out);
    sin->sin_family = AF_INET;
    sin->sin_port = htons(port);
    std::memcpy(&sin->sin_addr, address.bytes().data(), 4);
    return sizeof(sockaddr_in);
  }
  auto* sin6 = reinterpret_cast<sockaddr_in6*>(&out);
  if (!as_v6_bytes(address, family, sin6->sin6_addr)) return 0;
  sin6->sin6_family = AF_INET6;
  sin6->sin6_port = htons(port);
  return sizeof(sockaddr_in6);
}

bool decode_sockaddr(const sockaddr_storage& in, socklen_t size, base::IpAddress& address,
                     std::uint16_t& port) noexcept {
  if (in.ss_family == AF_INET && size >= sizeof(sockaddr_in)) {
    const auto* sin = reinterpret_cast<const sockaddr_in*>(&in);
    address = base::IpAddress::v4(
        std::span<const std::uint8_t, 4>(reinterpret_cast<const std::uint8_t*>(&sin->sin_addr), 4));
    port = ntohs(sin->sin_port);
    return true;
  }
  if (in.ss_family == AF_INET6 && size >= sizeof(sockaddr_in6)) {
    const auto* sin6 = reinterpret_cast<const sockaddr_in6*>(&in);
    address = base::IpAddress::from_16_bytes(std::span<const std::uint8_t, 16>(
        reinterpret_cast<const std::uint8_t*>(&sin6->sin6_addr), 16));
    port = ntohs(sin6->sin6_port);
    return true;
  }
  return false;
}

int encode_source(const Addressing& addressing, SocketFamily family, msghdr& msg) noexcept {
  const std::size_t capacity = msg.msg_controllen;
  msg.msg_controllen = 0;
  const bool unspecified = is_unspecified(addressing.local);
  if (unspecified && addressing.ifindex == 0) return 0;  // the kernel chooses
  if (!unspecified && addressing.local.is_v4() != addressing.peer.is_v4()) return EINVAL;

  if (family == SocketFamily::v4) {
    if (!unspecified && !addressing.local.is_v4()) return EAFNOSUPPORT;
    if (capacity < CMSG_SPACE(sizeof(in_pktinfo))) return ENOBUFS;
    in_pktinfo info{};
    info.ipi_ifindex = static_cast<int>(addressing.ifindex);
    if (!unspecified) std::memcpy(&info.ipi_spec_dst, addressing.local.bytes().data(), 4);
    msg.msg_controllen = CMSG_SPACE(sizeof info);
    cmsghdr* c = CMSG_FIRSTHDR(&msg);
    c->cmsg_level = IPPROTO_IP;
    c->cmsg_type = IP_PKTINFO;
    c->cmsg_len = CMSG_LEN(sizeof info);
    std::memcpy(CMSG_DATA(c), &info, sizeof info);
    return 0;
  }

  if (capacity < CMSG_SPACE(sizeof(in6_pktinfo))) return ENOBUFS;
  in6_pktinfo info{};
  info.ipi6_ifindex = addressing.ifindex;
  if (!unspecified && !as_v6_bytes(addressing.local, family, info.ipi6_addr)) return EAFNOSUPPORT;
  msg.msg_controllen = CMSG_SPACE(sizeof info);
  cmsghdr* c = CMSG_FIRSTHDR(&msg);
  c->cmsg_level = IPPROTO_IPV6;
  c->cmsg_type = IPV6_PKTINFO;
  c->cmsg_len = CMSG_LEN(sizeof info);
  std::memcpy(CMSG_DATA(c), &info, sizeof info);
  return 0;
}

void decode_control(const msghdr& msg, RecvSlot& slot) noexcept {
  // CMSG_NXTHDR takes a non-const msghdr but only reads it.
  auto& m = const_cast<msghdr&>(msg);
  for (cmsghdr* c = CMSG_FIRSTHDR(&m); c != nullptr; c = CMSG_NXTHDR(&m, c)) {
    if (c->cmsg_level == IPPROTO_IPV6 && c->cmsg_type == IPV6_PKTINFO &&
        c->cmsg_len >= CMSG_LEN(sizeof(in6_pktinfo))) {
      in6_pktinfo info;
      std::memcpy(&info, CMSG_DATA(c), sizeof info);
      slot.addressing.local = base::IpAddress::from_16_bytes(std::span<const std::uint8_t, 16>(
          reinterpret_cast<const std::uint8_t*>(&info.ipi6_addr), 16));
      slot.addressing.ifindex = info.ipi6_ifindex;
    } else if (c->cmsg_level == IPPROTO_IPV6 && c->cmsg_type == IPV6_HOPLIMIT) {
      put_int_hint(c, slot.hop_limit);
    } else if (c->cmsg_level == IPPROTO_IPV6 && c->cmsg_type == IPV6_TCLASS) {
      int v = -1;
      if (c->cmsg_len >= CMSG_LEN(sizeof v)) std::memcpy(&v, CMSG_DATA(c), sizeof v);
      if (v >= 0 && v <= 255) slot.tclass = static_cast<std::uint8_t>(v);
    } else if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_PKTINFO &&
               c->cmsg_len >= CMSG_LEN(sizeof(in_pktinfo))) {
      in_pktinfo info;
      std::memcpy(&info, CMSG_DATA(c), sizeof info);
      slot.addressing.local = base::IpAddress::v4(std::span<const std::uint8_t, 4>(
          reinterpret_cast<const std::uint8_t*>(&info.ipi_addr), 4));
      slot.addressing.ifindex = static_cast<std::uint32_t>(info.ipi_ifindex);
    } else if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_TTL) {
      put_int_hint(c, slot.hop_limit);
    } else if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_TOS &&
               c->cmsg_len >= CMSG_LEN(1)) {
      slot.tclass = *CMSG_DATA(c);  // IP_TOS is a single byte, unlike IP_TTL
    }
  }
}

MsgBatch::MsgBatch(std::size_t capacity)
    : messages_(capacity), iovecs_(2 * capacity), names_(capacity), controls_(capacity) {}

unsigned MsgBatch::prepare_receive(std::span<RecvSlot> slots) noexcept {
  const std::size_t n = std::min(slots.size(), capacity());
  for (std::size_t i = 0; i < n; ++i) {
    RecvSlot& s = slots[i];
    const std::size_t offset = std::min(s.offset, s.buffer.size());
    iovecs_[i] = iovec{s.buffer.data() + offset, s.buffer.size() - offset};
    msghdr& h = messages_[i].msg_hdr;
    h = msghdr{};
    h.msg_name = &names_[i];
    h.msg_namelen = sizeof(sockaddr_storage);
    h.msg_iov = &iovecs_[i];
    h.msg_iovlen = 1;
    h.msg_control = controls_[i].bytes;
    h.msg_controllen = kControlBytes;
    messages_[i].msg_len = 0;
  }
  return static_cast<unsigned>(n);
}

void MsgBatch::finish_receive(std::span<RecvSlot> slots, unsigned n) noexcept {
  for (unsigned i = 0; i < n && i < slots.size() && i < capacity(); ++i) {
    RecvSlot& s = slots[i];
    const msghdr& h = messages_[i].msg_hdr;
    s.status = (h.msg_flags & MSG_TRUNC) != 0 ? RecvStatus::truncated : RecvStatus::ok;
    s.payload_offset = std::min(s.offset, s.buffer.size());
    s.length = std::min<std::size_t>(messages_[i].msg_len, s.buffer.size() - s.payload_offset);
    s.ip_header_bytes = 0;
    s.addressing = Addressing{};
    s.hop_limit = 0;
    s.tclass = 0;
    decode_sockaddr(names_[i], h.msg_namelen, s.addressing.peer, s.addressing.peer_port);
    decode_control(h, s);
  }
}

unsigned MsgBatch::prepare_send(std::span<const SendItem> items, SocketFamily family,
                                bool allow_marker, int& error) noexcept {
  error = 0;
  const std::size_t limit = std::min(items.size(), capacity());
  unsigned n = 0;
  for (; n < limit; ++n) {
    const SendItem& item = items[n];
    msghdr& h = messages_[n].msg_hdr;
    h = msghdr{};
    messages_[n].msg_len = 0;
    int e = 0;
    const socklen_t name_size = encode_sockaddr(item.addressing.peer, item.addressing.peer_port,
                                                family, names_[n]);
    if (name_size == 0) e = EAFNOSUPPORT;
    if (e == 0 && item.hip_marker && !allow_marker) e = EINVAL;
    if (e == 0) {
      h.msg_control = controls_[n].bytes;
      h.msg_controllen = kControlBytes;
      e = encode_source(item.addressing, family, h);
      if (h.msg_controllen == 0) h.msg_control = nullptr;
    }
    if (e != 0) {
      if (n == 0) error = e;
      break;
    }
    h.msg_name = &names_[n];
    h.msg_namelen = name_size;
    iovec* iov = &iovecs_[2 * n];
    std::size_t count = 0;
    if (item.hip_marker) {
      iov[count++] = iovec{const_cast<std::uint8_t*>(kZeroMarker), sizeof kZeroMarker};
    }
    // sendmsg only reads the payload.
    iov[count++] = iovec{const_cast<std::uint8_t*>(item.payload.data()), item.payload.size()};
    h.msg_iov = iov;
    h.msg_iovlen = count;
  }
  return n;
}

}  // namespace hip::io
