// Known-answer interop for every transform, with and without ESN: packets our
// data plane produces open with the reference implementation in
// esp_test_util.h (plain OpenSSL one-shot calls), and packets the reference
// builds decapsulate in ours to the expected inner IPv6 packet.
#include <gtest/gtest.h>

#include "esp_test_util.h"

namespace hip::esp::test {
namespace {

struct Case {
  RefSuite suite;
  bool esn;
};

std::vector<Case> all_cases() {
  std::vector<Case> cases;
  for (const RefSuite& s : kRefSuites) {
    cases.push_back({s, true});
    cases.push_back({s, false});
  }
  return cases;
}

class InteropTest : public ::testing::TestWithParam<Case> {
 protected:
  crypto::SeededRng rng_{7};
  DataPlane dp_{rng_};
};

TEST_P(InteropTest, OurPacketsOpenInReference) {
  const auto [s, esn] = GetParam();
  const RefKeys keys = ref_keys(s, 1);
  ASSERT_TRUE(dp_.sas().install(sa_config(s, keys, Direction::outbound, 0x1000, esn)));
  Bytes previous_iv;
  for (std::size_t size : {0u, 1u, 13u, 14u, 15u, 16u, 64u, 999u, 1400u}) {
    const Bytes payload = pattern(size, static_cast<std::uint8_t>(size));
    Slot slot(ipv6_packet(kHitA, kHitB, 17, payload));
    const EncapResult r = dp_.encapsulate(slot.pb, at(1));
    ASSERT_EQ(r.status, Status::ok) << size;
    EXPECT_EQ(r.spi, 0x1000u);
    EXPECT_EQ(r.outer.remote, ip("2001:db8::b"));
    const Bytes esp = slot.bytes(r.offset, r.length);
    const std::uint64_t seq = dp_.sas().find_outbound(kHitA, kHitB)->last_sequence();
    const auto opened = ref_open(s, keys, esp, seq, esn);
    ASSERT_TRUE(opened.has_value()) << "ICV did not verify, size " << size;
    EXPECT_EQ(opened->spi, 0x1000u);
    EXPECT_EQ(opened->seq_low, static_cast<std::uint32_t>(seq));
    EXPECT_EQ(opened->payload, payload);
    EXPECT_EQ(opened->next_header, 17);
    EXPECT_TRUE(opened->pad_bytes_ok);
    // Minimal padding to the transform's alignment (RFC 4303 §2.4).
    EXPECT_EQ(opened->body % s.align, 0u);
    EXPECT_LT(opened->pad, s.align);
    EXPECT_EQ(esp.size() % 4, 0u);
    if (s.iv != 0) {
      EXPECT_NE(opened->iv, previous_iv) << "IV repeated";
      previous_iv = opened->iv;
    }
    if (is_gcm(s)) {
      // RFC 4106 §3.1: our explicit IV is the 64-bit sequence number.
      Bytes expect_iv;
      put32(expect_iv, static_cast<std::uint32_t>(seq >> 32));
      put32(expect_iv, static_cast<std::uint32_t>(seq));
      EXPECT_EQ(opened->iv, expect_iv);
    }
  }
}

TEST_P(InteropTest, ReferencePacketsDecapsulateInOurs) {
  const auto [s, esn] = GetParam();
  const RefKeys keys = ref_keys(s, 2);
  ASSERT_TRUE(dp_.sas().install(sa_config(s, keys, Direction::inbound, 0x2000, esn)));
  std::uint64_t seq = 1;
  for (std::size_t size : {0u, 1u, 15u, 64u, 512u, 1400u}) {
    for (std::size_t extra_pad : {std::size_t{0}, s.align * 3}) {  // longer padding is legal too
      const Bytes payload = pattern(size, static_cast<std::uint8_t>(size + 3));
      const Bytes iv = pattern(s.iv, static_cast<std::uint8_t>(seq));
      const Bytes esp = ref_seal(s, keys, 0x2000, seq, esn, payload, 6, iv, extra_pad);
      Slot slot(esp);
      const DecapResult r = dp_.decapsulate(slot.pb, {.hop_limit = 17, .tclass = 0x28}, at(2));
      ASSERT_EQ(r.status, Status::ok) << "size " << size << " pad " << extra_pad;
      EXPECT_EQ(r.sequence, seq);
      // BEET rebuild: HITs of the SA, peer -> own (RFC 7402 B.1.6), hints applied.
      EXPECT_EQ(slot.bytes(r.offset, r.length), ipv6_packet(kHitB, kHitA, 6, payload, 17, 0x28));
      ++seq;
    }
  }
}

TEST_P(InteropTest, OurTwoEndsTalkAcrossTheEsnBoundary) {
  const auto [s, esn] = GetParam();
  const RefKeys keys = ref_keys(s, 3);
  crypto::SeededRng rng_b(8);
  DataPlane b(rng_b);
  ASSERT_TRUE(dp_.sas().install(sa_config(s, keys, Direction::outbound, 0x3000, esn)));
  SaConfig in = sa_config(s, keys, Direction::inbound, 0x3000, esn);
  std::swap(in.own_hit, in.peer_hit);
  ASSERT_TRUE(b.sas().install(in));
  // Start just below 2^32 so ESN's high half goes from 0 to 1 on the way.
  const std::uint64_t start = esn ? 0xfffffff0ull : 0x10;
  dp_.sas().find_outbound(kHitA, kHitB)->set_last_sequence(start);
  b.sas().find_inbound(0x3000)->window().commit(start);  // as if `start` had been received
  for (int i = 0; i < 40; ++i) {
    const Bytes payload = pattern(100 + static_cast<std::size_t>(i), static_cast<std::uint8_t>(i));
    Slot slot(ipv6_packet(kHitA, kHitB, 17, payload));
    const EncapResult e = dp_.encapsulate(slot.pb, at(3));
    ASSERT_EQ(e.status, Status::ok);
    const PacketBuffer wire{slot.storage, e.offset, e.length};
    const DecapResult d = b.decapsulate(wire, {}, at(3));
    ASSERT_EQ(d.status, Status::ok) << i;
    EXPECT_EQ(d.sequence, start + 1 + static_cast<std::uint64_t>(i));
    EXPECT_EQ(slot.bytes(d.offset, d.length), ipv6_packet(kHitA, kHitB, 17, payload, 64));
  }
}

INSTANTIATE_TEST_SUITE_P(AllTransforms, InteropTest, ::testing::ValuesIn(all_cases()),
                         [](const auto& param_info) {
                           return suite_label(param_info.param.suite) + (param_info.param.esn ? "_esn" : "_seq32");
                         });

// With ESN the ICV covers the high 32 bits (RFC 4303 §2.2.1, RFC 4106 §5): a
// packet sealed with the wrong high half must fail, for every transform.
TEST(InteropEsn, HighBitsAreAuthenticated) {
  for (const RefSuite& s : kRefSuites) {
    crypto::SeededRng rng(9);
    DataPlane dp(rng);
    const RefKeys keys = ref_keys(s, 4);
    ASSERT_TRUE(dp.sas().install(sa_config(s, keys, Direction::inbound, 0x4000, true)));
    const std::uint64_t wrong = (std::uint64_t{1} << 32) | 5;  // receiver infers 0:5
    Slot slot(ref_seal(s, keys, 0x4000, wrong, true, pattern(40, 1), 17, pattern(s.iv, 1)));
    EXPECT_EQ(dp.decapsulate(slot.pb, {}, at(0)).status, Status::bad_icv) << suite_label(s);
    Slot good(ref_seal(s, keys, 0x4000, 5, true, pattern(40, 1), 17, pattern(s.iv, 1)));
    EXPECT_EQ(dp.decapsulate(good.pb, {}, at(0)).status, Status::ok) << suite_label(s);
  }
}

}  // namespace
}  // namespace hip::esp::test
