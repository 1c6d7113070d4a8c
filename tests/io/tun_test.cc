// Tun against the fake kernel: device set-up, the batched read loop at a
// caller's offset, truncation, errors, writes.
#include "io/tun.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <linux/if.h>
#include <linux/if_tun.h>

#include "io/fake_sys.h"

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

}  // namespace
}  // namespace hip::io
