// TLV rules of RFC 7401 §5.2.1: sizes and padding, ascending order with
// duplicates adjacent, the critical bit, and bounds.
#include <gtest/gtest.h>

#include <vector>

#include "base/bytes.h"
#include "wire/builder.h"
#include "wire/packet.h"

namespace hip::wire {
namespace {

using base::Hit;

struct RawParam {
  std::uint16_t type;
  std::vector<std::uint8_t> contents;
};

// Builds a packet in any order (tests need malformed ones too).
std::vector<std::uint8_t> packet_with(const std::vector<RawParam>& params) {
  std::vector<std::uint8_t> buf(kMaxPacketSize);
  PacketBuilder b(buf, PacketType::update, *Hit::parse("2001:21::1"), *Hit::parse("2001:21::2"));
  b.allow_any_order();
  for (const auto& p : params) EXPECT_TRUE(b.add_raw(p.type, p.contents));
  auto done = b.finish();
  buf.resize(done->size());
  return buf;
}

TEST(Tlv, TotalSizeIsContentsPlusHeaderPaddedTo8) {
  // 11 + Length - (Length + 3) % 8, written out by hand.
  EXPECT_EQ(param_total_size(0), 8u);
  EXPECT_EQ(param_total_size(1), 8u);
  EXPECT_EQ(param_total_size(4), 8u);
  EXPECT_EQ(param_total_size(5), 16u);
  EXPECT_EQ(param_total_size(12), 16u);
  EXPECT_EQ(param_total_size(13), 24u);
  EXPECT_EQ(param_total_size(67), 72u);  // DIFFIE_HELLMAN with a P-256 value
}

TEST(Tlv, BuilderPadsWithZeros) {
  auto bytes = packet_with({{511, {7, 8, 3}}});
  ASSERT_EQ(bytes.size(), 48u);
  const std::vector<std::uint8_t> tlv(bytes.begin() + 40, bytes.end());
  EXPECT_EQ(tlv, (std::vector<std::uint8_t>{0x01, 0xff, 0x00, 0x03, 7, 8, 3, 0}));
}

TEST(Tlv, IteratesInPacketOrderWithOffsets) {
  auto bytes = packet_with({{65, std::vector<std::uint8_t>(12, 1)}, {511, {3}}, {513, {7, 0, 1, 9}}});
  auto r = parse_packet(bytes);
  ASSERT_TRUE(r);
  std::vector<std::uint16_t> types;
  std::vector<std::size_t> offsets;
  for (const Param& p : *r) {
    types.push_back(p.type);
    offsets.push_back(p.offset);
  }
  EXPECT_EQ(types, (std::vector<std::uint16_t>{65, 511, 513}));
  EXPECT_EQ(offsets, (std::vector<std::size_t>{40, 56, 64}));
  EXPECT_EQ(r->find(ParamType::dh_group_list)->contents.size(), 1u);
  EXPECT_FALSE(r->find(ParamType::hip_mac));
}

TEST(Tlv, DuplicatesMustBeAdjacent) {
  auto adjacent = packet_with({{449, {0, 0, 0, 1}}, {449, {0, 0, 0, 2}}, {832, {0, 0, 0, 1}}});
  auto ok = parse_packet(adjacent);
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->count(449), 2u);

  auto split = packet_with({{449, {0, 0, 0, 1}}, {832, {0, 0, 0, 1}}, {449, {0, 0, 0, 2}}});
  auto bad = parse_packet(split);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ParseErrorCode::out_of_order);
  EXPECT_EQ(bad.error().detail, 449);
  EXPECT_EQ(bad.error().offset, 40u + 8 + 8);
}

TEST(Tlv, OutOfOrderIsMalformedButTheInspectorMayLook) {
  // R1 figure order of §5.3.2 (DH_GROUP_LIST after HIT_SUITE_LIST) is not wire order.
  auto bytes = packet_with({{715, {0x10}}, {511, {3}}, {513, {3, 0, 1, 5}}});
  auto strict = parse_packet(bytes);
  ASSERT_FALSE(strict);
  EXPECT_EQ(strict.error().code, ParseErrorCode::out_of_order);

  auto lenient = parse_packet(bytes, {.enforce_order = false});
  ASSERT_TRUE(lenient);
  EXPECT_EQ(order_violations(*lenient), (std::vector<std::size_t>{48}));
}

TEST(Tlv, BuilderRefusesOutOfOrderUnlessAsked) {
  std::vector<std::uint8_t> buf(kMaxPacketSize);
  PacketBuilder b(buf, PacketType::r1, Hit{}, Hit{});
  ASSERT_TRUE(b.add_raw(715, std::vector<std::uint8_t>{0x10}));
  auto r = b.add_raw(511, std::vector<std::uint8_t>{3});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ParseErrorCode::out_of_order);
}

TEST(Tlv, UnknownCriticalParameterIsReportedWithItsType) {
  auto bytes = packet_with({{65, std::vector<std::uint8_t>(12, 0)}, {1001, {1, 2}}});
  auto r = parse_packet(bytes);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ParseErrorCode::unknown_critical_parameter);
  EXPECT_EQ(r.error().detail, 1001);
  EXPECT_EQ(r.error().offset, 56u);
  // The inspector can still look at it.
  EXPECT_TRUE(parse_packet(bytes, {.reject_unknown_critical = false}));
}

TEST(Tlv, UnknownNonCriticalParameterIsKeptAndSkipped) {
  auto bytes = packet_with({{1000, {1, 2, 3}}, {61505, std::vector<std::uint8_t>(32, 0xaa)}});
  auto r = parse_packet(bytes);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->find(1000)->contents.size(), 3u);
  EXPECT_EQ(r->find(ParamType::hip_mac)->contents.size(), 32u);
}

TEST(Tlv, Version1KnowsItsOwnParameters) {
  EXPECT_TRUE(is_known_param(128, 1));   // R1_COUNTER v1
  EXPECT_FALSE(is_known_param(128, 2));
  EXPECT_TRUE(is_known_param(577, 1));   // HIP_TRANSFORM
  EXPECT_FALSE(is_known_param(579, 1));  // HIP_CIPHER is v2 only
  EXPECT_EQ(param_name(579, 2), "HIP_CIPHER");
  EXPECT_EQ(param_name(579, 1), "UNKNOWN");
}

TEST(Tlv, LengthRunningPastTheEndIsTruncated) {
  auto bytes = packet_with({{511, {3, 4, 8}}});
  base::put_u16(bytes, 42, 9);  // contents would end at 53 > 48
  auto r = parse_packet(bytes);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ParseErrorCode::truncated_parameter);
  EXPECT_EQ(r.error().offset, 40u);
}

TEST(Tlv, PaddingIsNotChecked) {
  // Padding must be zero on send but is not checked on receipt (§5.2.1); and
  // since packets and TLVs are both 8-byte aligned, a TLV whose contents fit
  // always has room for its padding.
  auto bytes = packet_with({{511, {3}}});
  bytes[45] = 0xee;
  EXPECT_TRUE(parse_packet(bytes));
}

TEST(Tlv, TooShortForATlvHeader) {
  // A packet whose parameter area is 8 bytes but starts a TLV claiming more.
  auto bytes = packet_with({{511, {3}}});
  base::put_u16(bytes, 42, 0xffff);
  EXPECT_EQ(parse_packet(bytes).error().code, ParseErrorCode::truncated_parameter);
}

}  // namespace
}  // namespace hip::wire
