#include <gtest/gtest.h>

#include <vector>

#include "wire/builder.h"
#include "wire/packet.h"

namespace hip::wire {
namespace {

using base::Hit;

std::vector<std::uint8_t> empty_packet(PacketType type, std::uint16_t controls = 0,
                                       std::uint8_t version = kVersion2) {
  std::vector<std::uint8_t> buf(kMaxPacketSize);
  PacketBuilder b(buf, type, *Hit::parse("2001:2a::1"), *Hit::parse("2001:2b::2"), controls, version);
  auto p = b.finish();
  buf.resize(p->size());
  return buf;
}

ParseErrorCode error_of(const std::vector<std::uint8_t>& bytes) {
  auto r = parse_packet(bytes);
  EXPECT_FALSE(r);
  return r ? ParseErrorCode::no_buffer : r.error().code;
}

TEST(Header, ParsesEveryPacketType) {
  for (PacketType t : {PacketType::i1, PacketType::r1, PacketType::i2, PacketType::r2,
                       PacketType::update, PacketType::notify, PacketType::close,
                       PacketType::close_ack}) {
    auto bytes = empty_packet(t, kControlAnonymous);
    auto r = parse_packet(bytes);
    ASSERT_TRUE(r) << to_string(t);
    const Header& h = r->header();
    EXPECT_EQ(h.type, t);
    EXPECT_EQ(h.version, 2);
    EXPECT_EQ(h.header_length, 4);
    EXPECT_EQ(h.next_header, 59);
    EXPECT_EQ(h.controls, kControlAnonymous);
    EXPECT_TRUE(h.fixed_bits_ok);
    EXPECT_EQ(h.sender, *Hit::parse("2001:2a::1"));
    EXPECT_EQ(h.receiver, *Hit::parse("2001:2b::2"));
    EXPECT_EQ(r->begin(), r->end());
  }
}

TEST(Header, Version1IsRecognisedAndReported) {
  auto bytes = empty_packet(PacketType::i1, 0, kVersion1);
  EXPECT_EQ(bytes[3], 0x11);
  auto r = parse_packet(bytes);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->header().version, 1);
}

TEST(Header, OtherVersionsAreRejected) {
  auto bytes = empty_packet(PacketType::i1);
  bytes[3] = 0x31;
  EXPECT_EQ(error_of(bytes), ParseErrorCode::unsupported_version);
  EXPECT_EQ(parse_packet(bytes).error().offset, 3u);
}

TEST(Header, TruncatedHeader) {
  auto bytes = empty_packet(PacketType::i1);
  for (std::size_t n = 0; n < kHeaderSize; ++n) {
    std::vector<std::uint8_t> cut(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(n));
    EXPECT_EQ(error_of(cut), ParseErrorCode::truncated_header) << n;
  }
}

TEST(Header, HeaderLengthBelowMinimum) {
  auto bytes = empty_packet(PacketType::i1);
  bytes[1] = 3;
  EXPECT_EQ(error_of(bytes), ParseErrorCode::bad_header_length);
}

TEST(Header, HeaderLengthBeyondDatagram) {
  auto bytes = empty_packet(PacketType::i1);
  bytes[1] = 5;  // claims 48 bytes, the datagram has 40
  EXPECT_EQ(error_of(bytes), ParseErrorCode::length_mismatch);
}

TEST(Header, UnknownPacketTypeIsDropped) {
  auto bytes = empty_packet(PacketType::i1);
  bytes[2] = 5;
  EXPECT_EQ(error_of(bytes), ParseErrorCode::unknown_packet_type);
}

TEST(Header, FixedAndReservedBitsAreIgnoredOnReceipt) {
  auto bytes = empty_packet(PacketType::r2);
  bytes[2] |= 0x80;  // fixed bit 16 set (SHIM6 would use it)
  bytes[3] = 0x2e;   // RES = 7, fixed bit 31 clear
  auto r = parse_packet(bytes);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->header().type, PacketType::r2);
  EXPECT_FALSE(r->header().fixed_bits_ok);
  EXPECT_EQ(r->header().reserved, 7);
}

TEST(Header, TrailingBytesAfterThePacketAreIgnored) {
  auto bytes = empty_packet(PacketType::update);
  bytes.insert(bytes.end(), {1, 2, 3});
  auto r = parse_packet(bytes);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->bytes().size(), kHeaderSize);
  EXPECT_EQ(r->trailing_bytes(), 3u);
}

TEST(Builder, RefusesBuffersTooSmall) {
  std::vector<std::uint8_t> tiny(39);
  PacketBuilder b(tiny, PacketType::i1, Hit{}, Hit{});
  EXPECT_TRUE(b.failed());
  EXPECT_FALSE(b.finish());

  std::vector<std::uint8_t> small(48);
  PacketBuilder c(small, PacketType::i1, Hit{}, Hit{});
  const std::uint8_t nine[9] = {};
  auto r = c.add_raw(511, nine);  // needs 16 bytes, 8 left
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ParseErrorCode::no_buffer);
}

TEST(Builder, NeverExceedsTheLargestHeaderLength) {
  std::vector<std::uint8_t> big(4096);
  PacketBuilder b(big, PacketType::r1, Hit{}, Hit{});
  std::vector<std::uint8_t> blob(2000);
  ASSERT_TRUE(b.add_raw(705, blob));  // 2008 bytes with T/L and padding
  auto more = b.add_raw(707, std::span<const std::uint8_t>(blob.data(), 1));
  ASSERT_FALSE(more);
  auto p = b.finish();
  ASSERT_TRUE(p);
  EXPECT_EQ(p->size(), kMaxPacketSize);
  EXPECT_EQ((*p)[1], 255);
}

}  // namespace
}  // namespace hip::wire
