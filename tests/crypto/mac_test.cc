// HIP_MAC, HIP_MAC_2 and RVS_HMAC (RFC 7401 §6.4.1, RFC 8004 §4.2.1). The
// covered bytes are rebuilt here by hand from the RFC text and MAC'd with the
// `openssl mac` CLI, independently of wire::covered_bytes and of HmacKey.
#include "crypto/mac.h"

#include <gtest/gtest.h>

#include <array>
#include <vector>

#include "base/bytes.h"
#include "crypto/openssl_cli.h"
#include "crypto/rng.h"

namespace hip::crypto {
namespace {

using test::ByteVec;
using test::hex;
using test::unhex;

const base::Hit kSender = *base::Hit::parse("2001:21:aaaa::1");
const base::Hit kReceiver = *base::Hit::parse("2001:21:bbbb::2");

std::string cli_digest(Rhash hash) {
  switch (hash) {
    case Rhash::sha256: return "SHA256";
    case Rhash::sha384: return "SHA384";
    case Rhash::sha1: return "SHA1";
  }
  return "";
}

ByteVec cli_hmac(Rhash hash, std::span<const std::uint8_t> key, std::span<const std::uint8_t> data) {
  test::TempDir dir;
  test::write_file(dir.file("data.bin"), data);
  auto r = test::run("openssl mac -digest " + cli_digest(hash) + " -macopt hexkey:" + hex(key) +
                     " -in " + dir.file("data.bin") + " HMAC");
  EXPECT_EQ(r.status, 0);
  return unhex(r.out);
}

ByteVec random_bytes(std::size_t n, std::uint64_t seed) {
  ByteVec v(n);
  SeededRng(seed).fill(v);
  return v;
}

// A TLV as it appears on the wire: type, length, contents, zero padding to 8.
ByteVec tlv(std::uint16_t type, const ByteVec& contents) {
  ByteVec out(4);
  base::put_u16(out, 0, type);
  base::put_u16(out, 2, static_cast<std::uint16_t>(contents.size()));
  out.insert(out.end(), contents.begin(), contents.end());
  while (out.size() % 8 != 0) out.push_back(0);
  return out;
}

// §6.4.1 by hand: header with Header Length = covered size / 8 - 1 and
// Checksum 0, the given TLVs, then the appended HOST_ID (HIP_MAC_2 only).
ByteVec covered_by_hand(const ByteVec& packet, const std::vector<ByteVec>& covered_tlvs,
                        const ByteVec& host_id = {}) {
  ByteVec out(packet.begin(), packet.begin() + 40);
  for (const ByteVec& t : covered_tlvs) out.insert(out.end(), t.begin(), t.end());
  out.insert(out.end(), host_id.begin(), host_id.end());
  out[1] = static_cast<std::uint8_t>(out.size() / 8 - 1);
  out[4] = out[5] = 0;
  return out;
}

class MacTest : public ::testing::TestWithParam<Rhash> {
 protected:
  Rhash hash() const { return GetParam(); }
  ByteVec key_ = random_bytes(rhash_size(GetParam()), 3);
};

TEST_P(MacTest, HmacMatchesOpensslMacCli) {
  HIP_REQUIRE_OPENSSL_CLI();
  auto key = HmacKey::create(hash(), key_);
  ASSERT_TRUE(key);
  for (std::size_t size : {0, 1, 64, 500}) {
    const ByteVec data = random_bytes(size, size + 100);
    std::array<std::uint8_t, 64> mac{};
    ASSERT_TRUE(key->compute(data, mac));  // twice on one key: the key is reused
    EXPECT_EQ(hex(std::span(mac).first(key->size())), hex(cli_hmac(hash(), key_, data))) << size;
  }
}

TEST_P(MacTest, HipMacOverBuiltPacketMatchesHandCoverage) {
  HIP_REQUIRE_OPENSSL_CLI();
  const ByteVec esp_info = random_bytes(12, 1), solution = random_bytes(4 + 2 * 32, 2);
  const ByteVec signature = random_bytes(70, 3);
  std::array<std::uint8_t, 1024> buf{};
  wire::PacketBuilder b(buf, wire::PacketType::i2, kSender, kReceiver);
  ASSERT_TRUE(b.add_raw(65, esp_info));
  ASSERT_TRUE(b.add_raw(321, solution));
  auto key = HmacKey::create(hash(), key_);
  ASSERT_TRUE(key);
  ASSERT_TRUE(add_mac(b, MacKind::hip_mac, *key));
  ASSERT_TRUE(b.add_raw(61697, signature));  // HIP_SIGNATURE: after, not covered
  auto packet = b.finish();
  ASSERT_TRUE(packet);
  base::put_u16(*packet, 4, 0xbeef);  // a checksum; the MAC ignores it

  const ByteVec bytes(packet->begin(), packet->end());
  const ByteVec expected_mac =
      cli_hmac(hash(), key_, covered_by_hand(bytes, {tlv(65, esp_info), tlv(321, solution)}));
  auto view = wire::parse_packet(bytes);
  ASSERT_TRUE(view);
  auto mac_param = view->find(wire::ParamType::hip_mac);
  ASSERT_TRUE(mac_param);
  EXPECT_EQ(hex(mac_param->contents), hex(expected_mac));
  EXPECT_TRUE(verify_mac(*view, MacKind::hip_mac, *key));
}

TEST_P(MacTest, HipMac2CoversTheRespondersHostId) {
  HIP_REQUIRE_OPENSSL_CLI();
  const ByteVec esp_info = random_bytes(12, 4);
  const ByteVec host_id = tlv(705, random_bytes(6 + 260 + 5, 5));  // R1's HOST_ID, padded
  std::array<std::uint8_t, 1024> buf{};
  wire::PacketBuilder b(buf, wire::PacketType::r2, kSender, kReceiver);
  ASSERT_TRUE(b.add_raw(65, esp_info));
  auto key = HmacKey::create(hash(), key_);
  ASSERT_TRUE(key);
  ASSERT_TRUE(add_mac(b, MacKind::hip_mac_2, *key, host_id));
  ASSERT_TRUE(b.add_raw(61697, random_bytes(40, 6)));
  auto packet = b.finish();
  ASSERT_TRUE(packet);
  const ByteVec bytes(packet->begin(), packet->end());

  const ByteVec expected =
      cli_hmac(hash(), key_, covered_by_hand(bytes, {tlv(65, esp_info)}, host_id));
  auto view = wire::parse_packet(bytes);
  ASSERT_TRUE(view);
  EXPECT_EQ(hex(view->find(wire::ParamType::hip_mac_2)->contents), hex(expected));
  EXPECT_TRUE(verify_mac(*view, MacKind::hip_mac_2, *key, host_id));

  ByteVec other_host_id = host_id;
  other_host_id[10] ^= 1;
  auto r = verify_mac(*view, MacKind::hip_mac_2, *key, other_host_id);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), MacError::mismatch);
  r = verify_mac(*view, MacKind::hip_mac_2, *key);  // without the HOST_ID
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), MacError::mismatch);
}

TEST_P(MacTest, RvsHmacCoversEverythingBelowIt) {
  HIP_REQUIRE_OPENSSL_CLI();
  const ByteVec puzzle = random_bytes(36, 7), from = random_bytes(16, 8);
  std::array<std::uint8_t, 1024> buf{};
  wire::PacketBuilder b(buf, wire::PacketType::i1, kSender, kReceiver);
  ASSERT_TRUE(b.add_raw(257, puzzle));
  ASSERT_TRUE(b.add_raw(65498, from));  // FROM (RFC 8004 §4.2.2)
  auto key = HmacKey::create(hash(), key_);
  ASSERT_TRUE(key);
  ASSERT_TRUE(add_mac(b, MacKind::rvs_hmac, *key));
  auto packet = b.finish();
  ASSERT_TRUE(packet);
  const ByteVec bytes(packet->begin(), packet->end());
  auto view = wire::parse_packet(bytes);
  ASSERT_TRUE(view);
  EXPECT_EQ(hex(view->find(wire::ParamType::rvs_hmac)->contents),
            hex(cli_hmac(hash(), key_, covered_by_hand(bytes, {tlv(257, puzzle), tlv(65498, from)}))));
  EXPECT_TRUE(verify_mac(*view, MacKind::rvs_hmac, *key));
}

TEST_P(MacTest, TamperingAndMalformedMacsAreTypedErrors) {
  std::array<std::uint8_t, 1024> buf{};
  wire::PacketBuilder b(buf, wire::PacketType::update, kSender, kReceiver);
  ASSERT_TRUE(b.add_raw(385, random_bytes(4, 9)));  // SEQ
  auto key = HmacKey::create(hash(), key_);
  ASSERT_TRUE(key);
  ASSERT_TRUE(add_mac(b, MacKind::hip_mac, *key));
  ASSERT_TRUE(b.add_raw(61697, random_bytes(40, 10)));
  auto packet = b.finish();
  ASSERT_TRUE(packet);
  const ByteVec good(packet->begin(), packet->end());

  auto check = [&](const ByteVec& bytes, HmacKey& k) {
    auto view = wire::parse_packet(bytes);
    EXPECT_TRUE(view);
    return verify_mac(*view, MacKind::hip_mac, k);
  };
  EXPECT_TRUE(check(good, *key));

  ByteVec covered_flip = good;
  covered_flip[44] ^= 0x80;  // inside SEQ's contents
  auto r = check(covered_flip, *key);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), MacError::mismatch);

  ByteVec header_flip = good;
  header_flip[8] ^= 1;  // sender HIT is covered
  r = check(header_flip, *key);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), MacError::mismatch);

  ByteVec after_flip = good;
  after_flip.back() ^= 1;  // inside HIP_SIGNATURE: not covered by HIP_MAC
  EXPECT_TRUE(check(after_flip, *key));

  auto other_key = HmacKey::create(hash(), random_bytes(rhash_size(hash()), 11));
  ASSERT_TRUE(other_key);
  r = check(good, *other_key);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), MacError::mismatch);

  // A MAC parameter one byte short of RHASH_len.
  std::array<std::uint8_t, 1024> buf2{};
  wire::PacketBuilder short_mac(buf2, wire::PacketType::update, kSender, kReceiver);
  ASSERT_TRUE(short_mac.add_raw(61505, random_bytes(rhash_size(hash()) - 1, 12)));
  auto sp = short_mac.finish();
  ASSERT_TRUE(sp);
  r = check(ByteVec(sp->begin(), sp->end()), *key);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), MacError::bad_mac_length);

  // No MAC at all.
  std::array<std::uint8_t, 1024> buf3{};
  wire::PacketBuilder none(buf3, wire::PacketType::update, kSender, kReceiver);
  auto np = none.finish();
  ASSERT_TRUE(np);
  r = check(ByteVec(np->begin(), np->end()), *key);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), MacError::missing_mac);
}

INSTANTIATE_TEST_SUITE_P(AllRhash, MacTest,
                         ::testing::Values(Rhash::sha256, Rhash::sha384, Rhash::sha1),
                         [](const auto& p) { return cli_digest(p.param); });

TEST(HmacKey, EmptyKeyIsRefused) {
  auto k = HmacKey::create(Rhash::sha256, {});
  ASSERT_FALSE(k);
  EXPECT_EQ(k.error(), MacError::bad_key);
}

TEST(AddMac, NoRoomIsATypedError) {
  std::array<std::uint8_t, 48> small{};  // header + one 8-byte TLV, no room for a MAC
  wire::PacketBuilder b(small, wire::PacketType::update, kSender, kReceiver);
  ASSERT_TRUE(b.add_raw(385, random_bytes(4, 1)));
  auto key = HmacKey::create(Rhash::sha256, random_bytes(32, 2));
  ASSERT_TRUE(key);
  auto r = add_mac(b, MacKind::hip_mac, *key);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), MacError::no_buffer);
}

}  // namespace
}  // namespace hip::crypto
