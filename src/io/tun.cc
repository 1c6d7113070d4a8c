#include "io/tun.h"

#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <sys/ioctl.h>

#include <array>
#include <cstring>

namespace hip::io {
namespace {

// Bounded retries after EINTR (signals come through the signalfd).
constexpr int kMaxInterrupts = 8;
// What hipd can take apart: partial checksums and TCP super-packets over
// IPv4 and IPv6 (no ECN-marked super-packets, no UDP segmentation).
constexpr unsigned kOffloads = TUN_F_CSUM | TUN_F_TSO4 | TUN_F_TSO6;
// Segments merged into one write at most (64 KB / 1.2 KB, and the iovec
// array on the stack).
constexpr std::size_t kMaxCoalescedPackets = 64;
// An all-zero virtio_net_hdr: no offload, checksum complete.
constexpr std::uint8_t kPlainVnetHeader[kVnetHeaderBytes] = {};

}  // namespace

Result<Tun> Tun::open(const TunConfig& config, Sys& sys) {
  if (config.name.empty() || config.name.size() >= IFNAMSIZ) return fail(EINVAL, "tun name");
  auto fd = sys.open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
  if (!fd) return base::unexpected(Error{fd.error().code, "open /dev/net/tun"});
  Fd owner(*fd, sys);

  ifreq request{};
  request.ifr_flags = static_cast<short>(IFF_TUN | IFF_NO_PI | (config.offload ? IFF_VNET_HDR : 0));
  std::memcpy(request.ifr_name, config.name.data(), config.name.size());
  if (auto r = sys.ioctl(owner.get(), TUNSETIFF, &request); !r) {
    return base::unexpected(Error{r.error().code, "ioctl TUNSETIFF"});
  }
  request.ifr_name[IFNAMSIZ - 1] = '\0';
  bool offload = false;
  if (config.offload) {
    // TUNSETOFFLOAD takes the flags as the argument's value, not a pointer.
    // A refusal leaves a working device without offloads.
    void* flags = reinterpret_cast<void*>(static_cast<std::uintptr_t>(kOffloads));
    offload = static_cast<bool>(sys.ioctl(owner.get(), TUNSETOFFLOAD, flags));
  }
  return Tun(std::move(owner), std::string(request.ifr_name), config.offload, offload);
}

Result<TunRead> Tun::read_packet(std::span<std::uint8_t> room) noexcept {
  std::uint8_t header[kVnetHeaderBytes] = {};
  const iovec iov[2] = {{header, kVnetHeaderBytes}, {room.data(), room.size()}};
  const iovec* first = vnet_header_ ? &iov[0] : &iov[1];
  const int count = vnet_header_ ? 2 : 1;
  for (int attempt = 0; attempt <= kMaxInterrupts; ++attempt) {
    auto n = fd_.sys().readv(fd_.get(), first, count);
    if (!n) {
      if (n.error().code == EINTR) continue;
      return base::unexpected(n.error());
    }
    const std::size_t header_bytes = vnet_header_ ? kVnetHeaderBytes : 0;
    if (*n < header_bytes) return fail(EIO, "readv: short virtio_net_hdr");
    TunRead read;
    if (vnet_header_) read.vnet = parse_vnet_header(std::span<const std::uint8_t, kVnetHeaderBytes>(header));
    const std::size_t bytes = *n - header_bytes;
    // As in read_batch: a read that fills the room may have been cut.
    read.length = bytes < room.size() ? bytes : room.size();
    read.truncated = bytes >= room.size();
    return read;
  }
  return fail(EINTR, "readv");
}

Result<std::size_t> Tun::read_batch(std::span<PacketSlot> slots) noexcept {
  std::size_t count = 0;
  int interrupts = 0;
  while (count < slots.size()) {
    PacketSlot& slot = slots[count];
    const std::size_t offset = slot.offset < slot.buffer.size() ? slot.offset : slot.buffer.size();
    const std::size_t room = slot.buffer.size() - offset;
    std::uint8_t header[kVnetHeaderBytes] = {};
    const iovec iov[2] = {{header, kVnetHeaderBytes}, {slot.buffer.data() + offset, room}};
    auto n = vnet_header_ ? fd_.sys().readv(fd_.get(), iov, 2)
                          : fd_.sys().readv(fd_.get(), &iov[1], 1);
    if (!n) {
      if (n.error().code == EINTR && ++interrupts <= kMaxInterrupts) continue;
      if (n.error().would_block() || count > 0) break;
      return base::unexpected(n.error());
    }
    if (*n == 0) break;  // no packet (never expected from a TUN device)
    std::size_t bytes = *n;
    VnetHeader vnet;
    if (vnet_header_) {
      if (bytes < kVnetHeaderBytes) break;  // never expected
      bytes -= kVnetHeaderBytes;
      vnet = parse_vnet_header(std::span<const std::uint8_t, kVnetHeaderBytes>(header));
    }
    // A packet larger than the room is cut; the kernel then returns the full
    // length (tun_put_user), or exactly the room: either way, truncated.
    slot.length = bytes < room ? bytes : room;
    slot.truncated = bytes >= room;
    if (!slot.truncated && vnet.gso_type != kGsoNone) slot.truncated = true;
    if (!slot.truncated && !complete_checksum(vnet, slot.packet())) slot.truncated = true;
    ++count;
  }
  return count;
}

Result<void> Tun::write(std::span<const std::uint8_t> packet) noexcept {
  const iovec iov[2] = {{const_cast<std::uint8_t*>(kPlainVnetHeader), kVnetHeaderBytes},
                        {const_cast<std::uint8_t*>(packet.data()), packet.size()}};
  return vnet_header_ ? writev_retrying(iov, 2) : writev_retrying(&iov[1], 1);
}

Result<void> Tun::writev_retrying(const iovec* iov, int count) noexcept {
  for (int attempt = 0; attempt <= kMaxInterrupts; ++attempt) {
    auto n = fd_.sys().writev(fd_.get(), iov, count);
    if (n) return {};
    if (n.error().code != EINTR) return base::unexpected(n.error());
  }
  return fail(EINTR, "writev");
}

Result<void> Tun::write_merged(std::span<const PacketSlot> packets,
                               const CoalescePlan& plan) noexcept {
  std::uint8_t header[kVnetHeaderBytes];
  write_vnet_header(merge_first_headers(plan, packets),
                    std::span<std::uint8_t, kVnetHeaderBytes>(header));
  // The header, the first packet whole, then the others' payloads: the
  // kernel gathers them (no copy here).
  std::array<iovec, kMaxCoalescedPackets + 1> iov;
  iov[0] = {header, kVnetHeaderBytes};
  for (std::size_t i = 0; i < plan.count; ++i) {
    const std::span<std::uint8_t> p = packets[i].packet();
    const std::size_t skip = i == 0 ? 0 : plan.header_bytes;
    iov[i + 1] = {p.data() + skip, p.size() - skip};
  }
  return writev_retrying(iov.data(), static_cast<int>(plan.count + 1));
}

SendReport Tun::write_batch(std::span<const PacketSlot> packets) noexcept {
  SendReport report;
  std::size_t i = 0;
  while (i < packets.size()) {
    const CoalescePlan plan = coalesce_ ? plan_coalesce(packets.subspan(i), kMaxCoalescedPackets)
                                        : CoalescePlan{};
    const auto r = plan.count > 1 ? write_merged(packets.subspan(i), plan) : write(packets[i].packet());
    if (!r && r.error().would_block()) break;
    i += plan.count;
    if (r) {
      report.sent += plan.count;
      continue;
    }
    report.failed += plan.count;
    report.last_error = r.error();
    if (plan.count > 1 && r.error().code == EINVAL) coalesce_ = false;
  }
  report.handled = i;
  return report;
}

}  // namespace hip::io
