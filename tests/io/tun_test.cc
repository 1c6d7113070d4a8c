// Tun against the fake kernel: device set-up, the batched read loop at a
// caller's offset, truncation, errors, writes.
#include "io/tun.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <linux/if.h>
#include <linux/if_tun.h>

#include "io/fake_sys.h"
#include "io/tso_split.h"

namespace hip::io {
namespace {

using test::Bytes;
using test::FakeSys;

Bytes packet(std::uint8_t tag, std::size_t n) {
  Bytes p(n, tag);
  p[0] = 0x60;  // IPv6
  return p;
}

struct Slots {
  std::vector<Bytes> buffers;
  std::vector<PacketSlot> slots;
  Slots(std::size_t n, std::size_t offset, std::size_t room)
      : buffers(n, Bytes(offset + room, 0xee)), slots(n) {
    for (std::size_t i = 0; i < n; ++i) {
      slots[i].buffer = buffers[i];
      slots[i].offset = offset;
    }
  }
};

TEST(Tun, OpensNonBlockingTunWithoutPacketInfo) {
  FakeSys sys;
  auto tun = Tun::open({}, sys);
  ASSERT_TRUE(tun) << tun.error().message();
  ASSERT_EQ(sys.opened, std::vector<std::string>{"/dev/net/tun"});
  EXPECT_EQ(sys.open_flags, O_RDWR | O_NONBLOCK | O_CLOEXEC);
  EXPECT_EQ(sys.tun_flags, IFF_TUN | IFF_NO_PI);
  EXPECT_EQ(sys.tun_requested_name, "hip0");
  EXPECT_EQ(tun->name(), "hip0");
}

TEST(Tun, ReportsTheNameTheKernelChose) {
  FakeSys sys;
  sys.tun_assigned_name = "hip3";
  auto tun = Tun::open({"hip%d"}, sys);
  ASSERT_TRUE(tun);
  EXPECT_EQ(tun->name(), "hip3");
}

TEST(Tun, RejectsBadNamesWithoutOpening) {
  FakeSys sys;
  for (const char* name : {"", "a-very-long-name"}) {  // 16 bytes: one too many
    auto tun = Tun::open({name}, sys);
    ASSERT_FALSE(tun);
    EXPECT_EQ(tun.error().code, EINVAL);
  }
  EXPECT_TRUE(sys.opened.empty());
}

TEST(Tun, ReadsUntilEmptyAtTheCallersOffset) {
  FakeSys sys;
  auto tun = Tun::open({}, sys);
  ASSERT_TRUE(tun);
  sys.tun_packets = {packet(1, 40), packet(2, 60), packet(3, 48)};
  Slots b(5, 32, 1500);
  auto n = tun->read_batch(b.slots);
  ASSERT_TRUE(n);
  ASSERT_EQ(*n, 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ(b.slots[i].offset, 32u);
    EXPECT_FALSE(b.slots[i].truncated);
    EXPECT_EQ(b.buffers[i][31], 0xee);  // headroom untouched
    EXPECT_EQ(b.buffers[i][32], 0x60);
    EXPECT_EQ(b.buffers[i][33], i + 1);
  }
  EXPECT_EQ(b.slots[0].length, 40u);
  EXPECT_EQ(b.slots[1].length, 60u);
  EXPECT_EQ(b.slots[2].length, 48u);
  EXPECT_EQ(b.slots[3].length, 0u);  // unused
  auto none = tun->read_batch(b.slots);
  ASSERT_TRUE(none);
  EXPECT_EQ(*none, 0u);
}

TEST(Tun, StopsWhenTheSlotsAreFull) {
  FakeSys sys;
  auto tun = Tun::open({}, sys);
  ASSERT_TRUE(tun);
  sys.tun_packets = {packet(1, 40), packet(2, 40), packet(3, 40)};
  Slots b(2, 0, 100);
  auto n = tun->read_batch(b.slots);
  ASSERT_TRUE(n);
  EXPECT_EQ(*n, 2u);
  EXPECT_EQ(sys.tun_packets.size(), 1u);
  n = tun->read_batch(b.slots);
  ASSERT_TRUE(n);
  EXPECT_EQ(*n, 1u);
  EXPECT_EQ(b.buffers[0][1], 3);
}

TEST(Tun, OversizedPacketIsMarkedTruncated) {
  FakeSys sys;
  auto tun = Tun::open({}, sys);
  ASSERT_TRUE(tun);
  sys.tun_packets = {packet(1, 120), packet(2, 100), packet(3, 99)};
  Slots b(3, 16, 100);
  auto n = tun->read_batch(b.slots);
  ASSERT_TRUE(n);
  ASSERT_EQ(*n, 3u);
  EXPECT_TRUE(b.slots[0].truncated);
  EXPECT_EQ(b.slots[0].length, 100u);  // never beyond the buffer
  EXPECT_TRUE(b.slots[1].truncated);   // filled exactly: cannot tell
  EXPECT_FALSE(b.slots[2].truncated);
}

TEST(Tun, ErrorsBeforeAndAfterTheFirstPacket) {
  FakeSys sys;
  auto tun = Tun::open({}, sys);
  ASSERT_TRUE(tun);
  Slots b(4, 0, 100);
  sys.readv_errors = {EIO};
  auto first = tun->read_batch(b.slots);
  ASSERT_FALSE(first);
  EXPECT_EQ(first.error().code, EIO);

  // EINTR is retried; an error after a packet ends the batch quietly.
  sys.tun_packets = {packet(1, 40)};
  sys.readv_errors = {EINTR};
  auto n = tun->read_batch(b.slots);
  ASSERT_TRUE(n);
  EXPECT_EQ(*n, 1u);
}

TEST(Tun, WritesPacketsAndCountsRefusals) {
  FakeSys sys;
  auto tun = Tun::open({}, sys);
  ASSERT_TRUE(tun);
  Slots b(4, 8, 64);
  for (std::size_t i = 0; i < 4; ++i) {
    b.slots[i].length = 20 + i;
    b.buffers[i][8] = static_cast<std::uint8_t>(0x40 + i);
  }
  sys.write_script = {{1, 0}, {0, EINVAL}, {1, 0}, {0, EAGAIN}};
  const SendReport r = tun->write_batch(b.slots);
  EXPECT_EQ(r.sent, 2u);
  EXPECT_EQ(r.failed, 1u);
  EXPECT_EQ(r.handled, 3u);
  EXPECT_EQ(r.last_error.code, EINVAL);
  ASSERT_EQ(sys.written.size(), 2u);
  EXPECT_EQ(sys.written[0].size(), 20u);
  EXPECT_EQ(sys.written[0][0], 0x40);
  EXPECT_EQ(sys.written[1].size(), 22u);
  EXPECT_EQ(sys.written[1][0], 0x42);
}

// A read with offload on: the virtio_net_hdr, then the packet.
Bytes with_vnet(const VnetHeader& h, const Bytes& p) {
  Bytes out(kVnetHeaderBytes);
  write_vnet_header(h, std::span<std::uint8_t, kVnetHeaderBytes>(out.data(), kVnetHeaderBytes));
  out.insert(out.end(), p.begin(), p.end());
  return out;
}

TEST(TunOffload, AsksForVnetHeaderAndTso) {
  FakeSys sys;
  auto tun = Tun::open({"hip0", /*offload=*/true}, sys);
  ASSERT_TRUE(tun);
  EXPECT_EQ(sys.tun_flags, IFF_TUN | IFF_NO_PI | IFF_VNET_HDR);
  ASSERT_TRUE(sys.tun_offload_flags);
  EXPECT_EQ(*sys.tun_offload_flags,
            static_cast<unsigned long>(TUN_F_CSUM | TUN_F_TSO4 | TUN_F_TSO6));
  EXPECT_TRUE(tun->vnet_header());
  EXPECT_TRUE(tun->offload());
}

TEST(TunOffload, RefusedOffloadStillFramesWithTheHeader) {
  FakeSys sys;
  sys.tun_offload_error = EINVAL;
  auto tun = Tun::open({"hip0", true}, sys);
  ASSERT_TRUE(tun);
  EXPECT_TRUE(tun->vnet_header());
  EXPECT_FALSE(tun->offload());
}

TEST(TunOffload, ReadPacketSplitsHeaderFromPacket) {
  FakeSys sys;
  auto tun = Tun::open({"hip0", true}, sys);
  ASSERT_TRUE(tun);
  const VnetHeader h{kVnetNeedsCsum, kGsoTcpV6, 72, 1351, 40, 16};
  sys.tun_packets = {with_vnet(h, packet(7, 3000)), with_vnet({}, packet(8, 200))};
  Bytes room(4000, 0);
  auto r = tun->read_packet(room);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->length, 3000u);
  EXPECT_FALSE(r->truncated);
  EXPECT_EQ(r->vnet.gso_type, kGsoTcpV6);
  EXPECT_EQ(r->vnet.gso_size, 1351);
  EXPECT_EQ(r->vnet.csum_start, 40);
  EXPECT_EQ(room[0], 0x60);
  EXPECT_EQ(room[1], 7);
  Bytes small(200, 0);
  r = tun->read_packet(small);
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->truncated);  // filled the room exactly
  EXPECT_EQ(r->vnet.gso_type, kGsoNone);
  r = tun->read_packet(room);
  ASSERT_FALSE(r);
  EXPECT_TRUE(r.error().would_block());
}

TEST(TunOffload, ReadBatchCompletesChecksumsAndRefusesSuperPackets) {
  FakeSys sys;
  auto tun = Tun::open({"hip0", true}, sys);
  ASSERT_TRUE(tun);
  // An 8-byte "transport header" at 40 with a partial checksum field at 46
  // holding 0: after completion it is ~(sum of bytes 40..) (RFC 1071).
  Bytes udp(56, 0);
  udp[0] = 0x60;
  udp[40] = 0x12;
  udp[41] = 0x34;
  udp[48] = 0x01;
  VnetHeader partial;
  partial.flags = kVnetNeedsCsum;
  partial.csum_start = 40;
  partial.csum_offset = 6;
  const VnetHeader super{kVnetNeedsCsum, kGsoTcpV6, 72, 1351, 40, 16};
  sys.tun_packets = {with_vnet(partial, udp), with_vnet(super, packet(3, 500))};
  Slots b(2, 16, 1500);
  auto n = tun->read_batch(b.slots);
  ASSERT_TRUE(n);
  ASSERT_EQ(*n, 2u);
  EXPECT_FALSE(b.slots[0].truncated);
  EXPECT_EQ(b.slots[0].length, 56u);
  // 0x1234 + 0x0100 = 0x1334; complement 0xECCB.
  EXPECT_EQ(b.buffers[0][16 + 46], 0xec);
  EXPECT_EQ(b.buffers[0][16 + 47], 0xcb);
  EXPECT_TRUE(b.slots[1].truncated);
}

TEST(TunOffload, WritesPrependAPlainHeader) {
  FakeSys sys;
  auto tun = Tun::open({"hip0", true}, sys);
  ASSERT_TRUE(tun);
  const Bytes p = packet(5, 60);
  ASSERT_TRUE(tun->write(p));
  ASSERT_EQ(sys.written.size(), 1u);
  ASSERT_EQ(sys.written[0].size(), kVnetHeaderBytes + 60);
  EXPECT_EQ(Bytes(sys.written[0].begin(), sys.written[0].begin() + kVnetHeaderBytes),
            Bytes(kVnetHeaderBytes, 0));
  EXPECT_EQ(Bytes(sys.written[0].begin() + kVnetHeaderBytes, sys.written[0].end()), p);
}

TEST(TunOffload, WriteBatchMergesOneFlowsSegments) {
  FakeSys sys;
  auto tun = Tun::open({"hip0", true}, sys);
  ASSERT_TRUE(tun);
  // Two IPv6/TCP segments with valid checksums (all-zero addresses and
  // ports keep the arithmetic short), then an unrelated packet.
  auto tcp = [](std::uint32_t seq, std::uint8_t fill) {
    Bytes p(40 + 20 + 100, fill);
    std::fill(p.begin(), p.begin() + 60, std::uint8_t{0});
    p[0] = 0x60;
    p[5] = 120;  // payload length
    p[6] = 6;
    p[40 + 7] = static_cast<std::uint8_t>(seq);
    p[40 + 12] = 0x50;
    p[40 + 13] = 0x10;  // ACK
    // Sum: pseudo (length 120 + proto 6) + data offset/flags word 0x5010 +
    // seq word + 50 words of fill*0x0101; folded, complemented.
    std::uint32_t sum = 120 + 6 + 0x5010 + seq + 50u * fill * 0x0101u;
    while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
    const auto check = static_cast<std::uint16_t>(~sum);
    p[40 + 16] = static_cast<std::uint8_t>(check >> 8);
    p[40 + 17] = static_cast<std::uint8_t>(check);
    return p;
  };
  std::vector<Bytes> ps = {tcp(0, 1), tcp(100, 2), packet(9, 80)};
  std::vector<PacketSlot> slots;
  for (auto& p : ps) slots.push_back({p, 0, p.size()});
  const SendReport r = tun->write_batch(slots);
  EXPECT_EQ(r.sent, 3u);
  EXPECT_EQ(r.handled, 3u);
  ASSERT_EQ(sys.written.size(), 2u);
  const Bytes& merged = sys.written[0];
  ASSERT_EQ(merged.size(), kVnetHeaderBytes + 60 + 200);
  const VnetHeader h =
      parse_vnet_header(std::span<const std::uint8_t, kVnetHeaderBytes>(merged.data(), kVnetHeaderBytes));
  EXPECT_EQ(h.gso_type, kGsoTcpV6);
  EXPECT_EQ(h.gso_size, 100);
  EXPECT_EQ(merged[kVnetHeaderBytes + 4] * 256 + merged[kVnetHeaderBytes + 5], 220);
  EXPECT_EQ(merged[kVnetHeaderBytes + 60], 1);
  EXPECT_EQ(merged[kVnetHeaderBytes + 160], 2);
  EXPECT_EQ(sys.written[1].size(), kVnetHeaderBytes + 80);
}

}  // namespace
}  // namespace hip::io
