// The TUN device hip0: applications' packets to HITs (and LSIs) come out of
// it, decrypted packets from peers go into it. Opened as IFF_TUN | IFF_NO_PI,
// so each read or write is exactly one IP packet with no extra header.
// Creating it needs CAP_NET_ADMIN; the device lives as long as the fd (no
// TUNSETPERSIST), so hipd's exit removes it with its addresses and routes.
//
// Reads go straight into the caller's buffers at the caller's offset, so the
// ESP headroom is there without a copy (esp/packet.h: read at kEspHeadroom
// into kEspHeadroom + MTU + kEspTailroom bytes). One wake-up reads packets
// until the kernel has none left (EAGAIN) or the slots are full, the TUN
// counterpart of recvmmsg (wireguard-go tun.Device.Read with `offset`).
//
// Later optimisation (not done): IFF_VNET_HDR with TUNSETOFFLOAD lets the
// kernel hand over 64 KB TSO/GSO super-packets with a virtio_net_hdr in a
// first iovec; hipd would split them before ESP (wireguard-go tun/offload_linux.go).
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>

#include "io/datagram.h"
#include "io/error.h"
#include "io/fd.h"
#include "io/sys.h"

namespace hip::io {

struct TunConfig {
  std::string name = "hip0";  // at most 15 bytes (IFNAMSIZ - 1); "%d" lets the kernel number it
};

class Tun {
 public:
  static Result<Tun> open(const TunConfig& config = {}, Sys& sys = linux_sys());

  int fd() const noexcept { return fd_.get(); }
  // The name the kernel gave the device.
  const std::string& name() const noexcept { return name_; }

  // Reads packets into slots[0], slots[1], ... (each at its offset, length
  // set) until none is left or every slot is used. Returns how many were
  // read; 0 when none was waiting. An error is returned only when it
  // happened before any packet was read (otherwise the next call sees it).
  Result<std::size_t> read_batch(std::span<PacketSlot> slots) noexcept;

  // Writes one IP packet.
  Result<void> write(std::span<const std::uint8_t> packet) noexcept;
  // Writes each slot's packet in order. Packets the kernel refuses (EINVAL:
  // not IPv4/IPv6) count as failed; on EAGAIN the rest are left (handled).
  SendReport write_batch(std::span<const PacketSlot> packets) noexcept;

 private:
  Tun(Fd fd, std::string name) : fd_(std::move(fd)), name_(std::move(name)) {}

  Fd fd_;
  std::string name_;
};

}  // namespace hip::io
