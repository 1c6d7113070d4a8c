#include "io/tun.h"

#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <sys/ioctl.h>

#include <cstring>

namespace hip::io {
namespace {

// Bounded retries after EINTR (signals come through the signalfd).
constexpr int kMaxInterrupts = 8;

}  // namespace

Result<Tun> Tun::open(const TunConfig& config, Sys& sys) {
  if (config.name.empty() || config.name.size() >= IFNAMSIZ) return fail(EINVAL, "tun name");
  auto fd = sys.open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
  if (!fd) return base::unexpected(Error{fd.error().code, "open /dev/net/tun"});
  Fd owner(*fd, sys);

  ifreq request{};
  request.ifr_flags = IFF_TUN | IFF_NO_PI;
  std::memcpy(request.ifr_name, config.name.data(), config.name.size());
  if (auto r = sys.ioctl(owner.get(), TUNSETIFF, &request); !r) {
    return base::unexpected(Error{r.error().code, "ioctl TUNSETIFF"});
  }
  request.ifr_name[IFNAMSIZ - 1] = '\0';
  return Tun(std::move(owner), std::string(request.ifr_name));
}

Result<std::size_t> Tun::read_batch(std::span<PacketSlot> slots) noexcept {
  std::size_t count = 0;
  int interrupts = 0;
  while (count < slots.size()) {
    PacketSlot& slot = slots[count];
    const std::size_t offset = slot.offset < slot.buffer.size() ? slot.offset : slot.buffer.size();
    const std::size_t room = slot.buffer.size() - offset;
    const iovec iov{slot.buffer.data() + offset, room};
    auto n = fd_.sys().readv(fd_.get(), &iov, 1);
    if (!n) {
      if (n.error().code == EINTR && ++interrupts <= kMaxInterrupts) continue;
      if (n.error().would_block() || count > 0) break;
      return base::unexpected(n.error());
    }
    if (*n == 0) break;  // no packet (never expected from a TUN device)
    // A packet larger than the room is cut; the kernel then returns the full
    // length (tun_put_user), or exactly the room: either way, truncated.
    slot.length = *n < room ? *n : room;
    slot.truncated = *n >= room;
    ++count;
  }
  return count;
}

Result<void> Tun::write(std::span<const std::uint8_t> packet) noexcept {
  const iovec iov{const_cast<std::uint8_t*>(packet.data()), packet.size()};
  for (int attempt = 0; attempt <= kMaxInterrupts; ++attempt) {
    auto n = fd_.sys().writev(fd_.get(), &iov, 1);
    if (n) return {};
    if (n.error().code != EINTR) return base::unexpected(n.error());
  }
  return fail(EINTR, "writev");
}

SendReport Tun::write_batch(std::span<const PacketSlot> packets) noexcept {
  SendReport report;
  std::size_t i = 0;
  for (; i < packets.size(); ++i) {
    const auto r = write(packets[i].packet());
    if (r) {
      ++report.sent;
      continue;
    }
    if (r.error().would_block()) break;
    ++report.failed;
    report.last_error = r.error();
  }
  report.handled = i;
  return report;
}

}  // namespace hip::io
