#include "sim/sa_table.h"

#include <gtest/gtest.h>

namespace hip::sim {
namespace {

using engine::Direction;

base::Hit hit(std::uint8_t last) {
  base::Hit h;
  h.bytes[0] = 0x20;
  h.bytes[1] = 0x01;
  h.bytes[15] = last;
  return h;
}

engine::InstallSa sa(Direction dir, std::uint32_t spi, std::uint8_t local, std::uint8_t peer,
                     std::uint8_t key = 1) {
  engine::InstallSa s;
  s.local_hit = hit(local);
  s.peer_hit = hit(peer);
  s.direction = dir;
  s.spi = spi;
  s.esp_suite = 13;
  s.encryption_key = std::vector<std::uint8_t>(36, key);
  return s;
}

const base::Time kT = base::time_from_ns(5);

TEST(SaTable, FindsInboundBySpiAndOutboundByPeer) {
  SaTable t;
  t.install(sa(Direction::inbound, 100, 1, 2), kT);
  t.install(sa(Direction::outbound, 200, 1, 2), kT);
  t.install(sa(Direction::outbound, 300, 1, 3), kT);
  ASSERT_NE(t.inbound(100), nullptr);
  EXPECT_EQ(t.inbound(100)->sa.peer_hit, hit(2));
  EXPECT_EQ(t.inbound(200), nullptr);  // outbound SPIs are not ours to receive on
  ASSERT_NE(t.outbound_to(hit(3)), nullptr);
  EXPECT_EQ(t.outbound_to(hit(3))->sa.spi, 300u);
  EXPECT_EQ(t.inbound_from(hit(2))->sa.spi, 100u);
  EXPECT_EQ(t.outbound_to(hit(9)), nullptr);
  EXPECT_EQ(t.size(), 3u);
}

TEST(SaTable, ReinstallReplacesAndTheNewestOutboundWins) {
  SaTable t;
  t.install(sa(Direction::outbound, 200, 1, 2, 1), kT);
  t.install(sa(Direction::outbound, 200, 1, 2, 7), kT);
  EXPECT_EQ(t.size(), 1u);
  EXPECT_EQ(t.outbound_to(hit(2))->sa.encryption_key[0], 7);
  t.install(sa(Direction::outbound, 201, 1, 2), kT);  // a rekey before the old one goes
  EXPECT_EQ(t.outbound_to(hit(2))->sa.spi, 201u);
  EXPECT_EQ(t.installs(), 3u);
}

TEST(SaTable, RemoveNeedsAnInstalledSa) {
  SaTable t;
  t.install(sa(Direction::inbound, 100, 1, 2), kT);
  engine::RemoveSa r{hit(1), hit(2), Direction::inbound, 100};
  EXPECT_TRUE(t.remove(r));
  EXPECT_FALSE(t.remove(r));
  EXPECT_EQ(t.removals(), 1u);
  EXPECT_EQ(t.unknown_removals(), 1u);
  EXPECT_EQ(t.inbound(100), nullptr);
}

TEST(SaTable, MismatchNamesEveryDifference) {
  auto out = sa(Direction::outbound, 500, 1, 2);
  auto in = sa(Direction::inbound, 500, 2, 1);
  EXPECT_EQ(sa_mismatch(out, in), "");
  in.spi = 501;
  in.encryption_key[3] ^= 1;
  in.local_hit = hit(4);
  const std::string why = sa_mismatch(out, in);
  EXPECT_NE(why.find("SPI 500 != 501"), std::string::npos) << why;
  EXPECT_NE(why.find("encryption keys differ"), std::string::npos) << why;
  EXPECT_NE(why.find("HITs are not mirrored"), std::string::npos) << why;
  EXPECT_EQ(why.find("authentication"), std::string::npos) << why;
  EXPECT_NE(sa_mismatch(in, out).find("not outbound"), std::string::npos);
}

}  // namespace
}  // namespace hip::sim
