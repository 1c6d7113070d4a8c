// Stripping the IPv4 header a raw socket delivers (RFC 791 §3.1), on crafted
// buffers written byte by byte here.
#include "io/ipv4_header.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "io/raw_socket.h"

namespace hip::io {
namespace {

using Bytes = std::vector<std::uint8_t>;

// 192.0.2.1 -> 198.51.100.7, protocol 139, TTL 61, TOS 0xb8, total `total`,
// IHL `ihl` (options filled with NOP, 0x01).
Bytes header(std::uint8_t ihl, std::uint16_t total) {
  Bytes h = {static_cast<std::uint8_t>(0x40 | ihl), 0xb8,
             static_cast<std::uint8_t>(total >> 8), static_cast<std::uint8_t>(total),
             0x12, 0x34, 0x40, 0x00,  // ID, DF
             61, 139, 0x00, 0x00,     // TTL, protocol, checksum (not checked here)
             192, 0, 2, 1,
             198, 51, 100, 7};
  while (h.size() < std::size_t{ihl} * 4) h.push_back(0x01);
  return h;
}

Bytes packet(std::uint8_t ihl, std::size_t payload_bytes, std::size_t total_extra = 0) {
  const auto total = static_cast<std::uint16_t>(ihl * 4 + payload_bytes + total_extra);
  Bytes p = header(ihl, total);
  for (std::size_t i = 0; i < payload_bytes; ++i) p.push_back(static_cast<std::uint8_t>(0xa0 + i));
  return p;
}

TEST(Ipv4Header, ParsesPlainHeader) {
  const Bytes p = packet(5, 12);
  const auto h = parse_ipv4_header(p);
  ASSERT_TRUE(h);
  EXPECT_EQ(h->header_bytes, 20u);
  EXPECT_EQ(h->total_bytes, 32u);
  EXPECT_EQ(h->protocol, 139);
  EXPECT_EQ(h->ttl, 61);
  EXPECT_EQ(h->tos, 0xb8);
  EXPECT_EQ(h->source.to_string(), "192.0.2.1");
  EXPECT_EQ(h->destination.to_string(), "198.51.100.7");
}

TEST(Ipv4Header, OptionsAreSkipped) {
  const Bytes p = packet(7, 4);
  const auto h = parse_ipv4_header(p);
  ASSERT_TRUE(h);
  EXPECT_EQ(h->header_bytes, 28u);
}

TEST(Ipv4Header, RejectsBadInput) {
  struct Case {
    const char* name;
    Bytes bytes;
    Ipv4HeaderError error;
  };
  Bytes v6 = packet(5, 4);
  v6[0] = 0x65;
  Bytes short_total = packet(5, 4);
  short_total[2] = 0;
  short_total[3] = 19;
  const std::vector<Case> cases = {
      {"empty", {}, Ipv4HeaderError::truncated},
      {"nineteen_bytes", [] { Bytes b = packet(5, 0); b.resize(19); return b; }(),
       Ipv4HeaderError::truncated},
      {"version_6", v6, Ipv4HeaderError::not_ipv4},
      {"ihl_4", [] { Bytes b = packet(5, 4); b[0] = 0x44; return b; }(),
       Ipv4HeaderError::bad_header_length},
      {"ihl_beyond_data", [] { Bytes b = packet(5, 4); b[0] = 0x4f; return b; }(),
       Ipv4HeaderError::truncated},
      {"total_below_header", short_total, Ipv4HeaderError::bad_total_length},
      {"total_beyond_data", packet(5, 4, 1), Ipv4HeaderError::bad_total_length},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const auto h = parse_ipv4_header(c.bytes);
    ASSERT_FALSE(h);
    EXPECT_EQ(h.error(), c.error);
  }
}

TEST(StripIpv4Header, MovesTheSlotToThePayload) {
  // As the kernel leaves it: the datagram read at offset 32 of a buffer.
  Bytes buffer(32, 0xee);
  const Bytes p = packet(6, 10);
  buffer.insert(buffer.end(), p.begin(), p.end());
  buffer.resize(buffer.size() + 16, 0xee);  // unused room after it
  RecvSlot slot;
  slot.buffer = buffer;
  slot.offset = 32;
  slot.payload_offset = 32;
  slot.length = p.size();
  strip_ipv4_header(slot);
  ASSERT_EQ(slot.status, RecvStatus::ok);
  EXPECT_EQ(slot.ip_header_bytes, 24u);
  EXPECT_EQ(slot.payload_offset, 56u);
  EXPECT_EQ(slot.length, 10u);
  EXPECT_EQ(slot.payload()[0], 0xa0);
  EXPECT_EQ(slot.payload()[9], 0xa9);
  EXPECT_EQ(slot.addressing.peer.to_string(), "192.0.2.1");
  EXPECT_EQ(slot.addressing.local.to_string(), "198.51.100.7");
  EXPECT_EQ(slot.hop_limit, 61);
  EXPECT_EQ(slot.tclass, 0xb8);
}

TEST(StripIpv4Header, TotalLengthBoundsThePayload) {
  // Two bytes of trailing junk after what Total Length covers.
  Bytes p = packet(5, 6);
  p.push_back(0x99);
  p.push_back(0x99);
  RecvSlot slot;
  slot.buffer = p;
  slot.length = p.size();
  strip_ipv4_header(slot);
  ASSERT_EQ(slot.status, RecvStatus::ok);
  EXPECT_EQ(slot.length, 6u);
}

TEST(StripIpv4Header, BadHeaderMarksTheSlot) {
  Bytes p = packet(5, 6);
  p[0] = 0x60;
  RecvSlot slot;
  slot.buffer = p;
  slot.length = p.size();
  strip_ipv4_header(slot);
  EXPECT_EQ(slot.status, RecvStatus::bad_ip_header);
}

}  // namespace
}  // namespace hip::io
