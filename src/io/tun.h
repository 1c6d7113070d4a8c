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
// With `offload`, the device is opened with IFF_VNET_HDR and TUNSETOFFLOAD
// (TUN_F_CSUM | TUN_F_TSO4 | TUN_F_TSO6): every read and write carries a
// virtio_net_hdr (io/tso_split.h), and the kernel hands over TCP
// super-packets of up to 64 KB with partial checksums; read_packet() returns
// them with their header for the caller to split. Writes send an all-zero
// header (a plain, fully checksummed packet).
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>

#include "io/datagram.h"
#include "io/error.h"
#include "io/fd.h"
#include "io/sys.h"
#include "io/tcp_coalesce.h"
#include "io/tso_split.h"

namespace hip::io {

struct TunConfig {
  std::string name = "hip0";  // at most 15 bytes (IFNAMSIZ - 1); "%d" lets the kernel number it
  bool offload = false;       // IFF_VNET_HDR + TUNSETOFFLOAD (checksum and TSO offload)
};

// One packet read by read_packet().
struct TunRead {
  VnetHeader vnet;        // all zero without offload
  std::size_t length = 0;
  bool truncated = false;  // longer than the room: drop it
};

class Tun {
 public:
  static Result<Tun> open(const TunConfig& config = {}, Sys& sys = linux_sys());

  int fd() const noexcept { return fd_.get(); }
  // The name the kernel gave the device.
  const std::string& name() const noexcept { return name_; }
  // Reads and writes carry a virtio_net_hdr (offload was asked for).
  bool vnet_header() const noexcept { return vnet_header_; }
  // The kernel accepted TUNSETOFFLOAD: super-packets and partial checksums
  // may come. False on a kernel that refused it (then reads are plain
  // packets behind an all-zero header).
  bool offload() const noexcept { return offload_; }

  // Reads one packet into `room` (from its start); its virtio_net_hdr, when
  // the device has one, goes to TunRead::vnet. A would-block error when
  // none is waiting.
  Result<TunRead> read_packet(std::span<std::uint8_t> room) noexcept;

  // Reads packets into slots[0], slots[1], ... (each at its offset, length
  // set) until none is left or every slot is used. Returns how many were
  // read; 0 when none was waiting. An error is returned only when it
  // happened before any packet was read (otherwise the next call sees it).
  // With a virtio_net_hdr, partial checksums are completed in place and
  // super-packets (which need read_packet and a split) are marked truncated.
  Result<std::size_t> read_batch(std::span<PacketSlot> slots) noexcept;

  // Writes one IP packet.
  Result<void> write(std::span<const std::uint8_t> packet) noexcept;
  // Writes each slot's packet in order. Packets the kernel refuses (EINVAL:
  // not IPv4/IPv6) count as failed; on EAGAIN the rest are left (handled).
  // With offload, runs of TCP segments of one flow go as one super-packet
  // (io/tcp_coalesce.h; the first packet's headers are rewritten in place);
  // the report still counts packets.
  SendReport write_batch(std::span<const PacketSlot> packets) noexcept;

 private:
  // Writes packets[0, plan.count) as one super-packet.
  Result<void> write_merged(std::span<const PacketSlot> packets,
                            const CoalescePlan& plan) noexcept;
  Result<void> writev_retrying(const iovec* iov, int count) noexcept;

  Tun(Fd fd, std::string name, bool vnet_header, bool offload)
      : fd_(std::move(fd)),
        name_(std::move(name)),
        vnet_header_(vnet_header),
        offload_(offload),
        coalesce_(offload) {}

  Fd fd_;
  std::string name_;
  bool vnet_header_ = false;
  bool offload_ = false;
  // Merged writes; off for good once the kernel refuses one (EINVAL).
  bool coalesce_ = false;
};

}  // namespace hip::io
