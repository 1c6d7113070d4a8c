// Typed parameter views: fields decoded from hand-written bytes (independent
// of the writers), and every layout's length rules.
#include <gtest/gtest.h>

#include <vector>

#include "wire/params/all.h"

namespace hip::wire {
namespace {

Param param(std::uint16_t type, const std::vector<std::uint8_t>& contents) {
  return Param{type, contents, 40, param_total_size(contents.size())};
}

std::vector<std::uint8_t> written(const auto& p) {
  std::vector<std::uint8_t> out(p.contents_size());
  p.write(out);
  return out;
}

template <class P>
void expect_bad_length(const std::vector<std::uint8_t>& contents) {
  auto r = P::parse(param(static_cast<std::uint16_t>(P::kType), contents));
  ASSERT_FALSE(r) << "accepted " << contents.size() << " bytes";
  EXPECT_EQ(r.error().code, ParseErrorCode::bad_parameter_length);
  EXPECT_EQ(r.error().detail, static_cast<std::uint16_t>(P::kType));
  EXPECT_EQ(r.error().offset, 40u);
}

TEST(Params, EspInfo) {
  const std::vector<std::uint8_t> c = {0, 0, 0, 96, 0, 0, 0, 0, 0x12, 0x34, 0x56, 0x78};
  auto r = EspInfo::parse(param(65, c));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->keymat_index, 96);
  EXPECT_EQ(r->old_spi, 0u);
  EXPECT_EQ(r->new_spi, 0x12345678u);
  EXPECT_EQ(written(*r), c);
  expect_bad_length<EspInfo>(std::vector<std::uint8_t>(11));
  expect_bad_length<EspInfo>(std::vector<std::uint8_t>(13));
}

TEST(Params, EspTransform) {
  const std::vector<std::uint8_t> c = {0, 0, 0, 8, 0, 9};
  auto r = EspTransform::parse(param(4095, c));
  ASSERT_TRUE(r);
  ASSERT_EQ(r->suites.size(), 2u);
  EXPECT_EQ(r->suites[0], 8);
  EXPECT_EQ(r->suites[1], 9);
  EXPECT_TRUE(r->suites.contains(9));
  EXPECT_EQ(written(*r), c);
  expect_bad_length<EspTransform>({0, 0});
  expect_bad_length<EspTransform>({0, 0, 0, 8, 0});
}

TEST(Params, R1Counter) {
  const std::vector<std::uint8_t> c = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2};
  auto r = R1Counter::parse(param(129, c));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->counter, 0x102u);
  EXPECT_EQ(written(*r), c);
  expect_bad_length<R1Counter>(std::vector<std::uint8_t>(8));
}

TEST(Params, PuzzleAndSolution) {
  std::vector<std::uint8_t> puzzle = {10, 37, 0xbe, 0xef};
  for (int i = 0; i < 32; ++i) puzzle.push_back(static_cast<std::uint8_t>(i));
  auto p = Puzzle::parse(param(257, puzzle));
  ASSERT_TRUE(p);
  EXPECT_EQ(p->k, 10);
  EXPECT_EQ(p->lifetime, 37);
  EXPECT_EQ(p->opaque, 0xbeef);
  EXPECT_EQ(p->random_i.size(), 32u);
  EXPECT_EQ(p->random_i[31], 31);
  EXPECT_EQ(written(*p), puzzle);
  expect_bad_length<Puzzle>({10, 37, 0, 0});

  std::vector<std::uint8_t> solution = {10, 0, 0xbe, 0xef};
  for (int i = 0; i < 64; ++i) solution.push_back(static_cast<std::uint8_t>(i));
  auto s = Solution::parse(param(321, solution));
  ASSERT_TRUE(s);
  EXPECT_EQ(s->random_i.size(), 32u);
  EXPECT_EQ(s->random_j.size(), 32u);
  EXPECT_EQ(s->random_j[0], 32);
  EXPECT_EQ(written(*s), solution);
  solution.pop_back();  // #I and #J must have equal length
  expect_bad_length<Solution>(solution);
}

TEST(Params, DiffieHellman) {
  std::vector<std::uint8_t> c = {7, 0, 64};
  c.resize(3 + 64, 0x5a);
  auto r = DiffieHellman::parse(param(513, c));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->group_id, 7);
  EXPECT_EQ(r->public_value.size(), 64u);
  EXPECT_EQ(written(*r), c);
  c.push_back(0);  // a second value (HIPv1) or trailing junk
  expect_bad_length<DiffieHellman>(c);
  expect_bad_length<DiffieHellman>({7, 0, 0, 1});  // zero-length value with junk
  expect_bad_length<DiffieHellman>({7, 0, 9, 1});  // claims more than present
}

TEST(Params, Lists) {
  // Views point into the contents: keep each vector alive while its view is used.
  const std::vector<std::uint8_t> g = {8, 7, 3}, hc = {0, 4, 0, 2}, hs = {0x20, 0x10}, tf = {0x0f, 0xff},
                                  ak = {0, 0, 0, 1, 0, 0, 0, 2};
  auto groups = DhGroupList::parse(param(511, g));
  ASSERT_TRUE(groups);
  EXPECT_EQ(std::vector<std::uint8_t>(groups->groups.begin(), groups->groups.end()),
            (std::vector<std::uint8_t>{8, 7, 3}));
  expect_bad_length<DhGroupList>({});

  auto ciphers = HipCipher::parse(param(579, hc));
  ASSERT_TRUE(ciphers);
  EXPECT_EQ(ciphers->ciphers[0], 4);
  EXPECT_EQ(ciphers->ciphers[1], 2);
  expect_bad_length<HipCipher>({0, 4, 0});
  expect_bad_length<HipCipher>({});

  auto suites = HitSuiteList::parse(param(715, hs));
  ASSERT_TRUE(suites);
  EXPECT_EQ(suites->suites[0], 0x20);

  auto formats = TransportFormatList::parse(param(2049, tf));
  ASSERT_TRUE(formats);
  EXPECT_EQ(formats->formats[0], 4095);

  auto acks = Ack::parse(param(449, ak));
  ASSERT_TRUE(acks);
  EXPECT_EQ(acks->update_ids[1], 2u);
  expect_bad_length<Ack>({0, 0, 1});
}

TEST(Params, ListsBuiltFromHostValues) {
  const std::uint16_t ids[] = {2, 4};
  HipCipher h{U16List(std::span<const std::uint16_t>(ids))};
  EXPECT_EQ(written(h), (std::vector<std::uint8_t>{0, 2, 0, 4}));
  const std::uint32_t updates[] = {0x01020304};
  Ack a{U32List(std::span<const std::uint32_t>(updates))};
  EXPECT_EQ(written(a), (std::vector<std::uint8_t>{1, 2, 3, 4}));
}

TEST(Params, HostId) {
  // HI Length 4, DI type 1 (FQDN) length 3, algorithm 7, HI bytes, DI bytes.
  const std::vector<std::uint8_t> c = {0, 4, 0x10, 3, 0, 7, 0, 1, 0xaa, 0xbb, 'a', '.', 'b'};
  auto r = HostId::parse(param(705, c));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->algorithm, 7);
  EXPECT_EQ(r->di_type, 1);
  EXPECT_EQ(r->host_identity.size(), 4u);
  EXPECT_EQ(r->domain_identifier.size(), 3u);
  EXPECT_EQ(r->domain_identifier[2], 'b');
  EXPECT_EQ(written(*r), c);

  auto too_long = c;
  too_long[1] = 5;  // HI Length beyond the contents
  expect_bad_length<HostId>(too_long);
  auto no_di_type = c;
  no_di_type[2] = 0x00;  // DI type 0 but a DI length of 3
  auto bad = HostId::parse(param(705, no_di_type));
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ParseErrorCode::bad_parameter_value);
}

TEST(Params, SignaturesMacsAndEchoes) {
  const std::vector<std::uint8_t> sg = {0, 5, 1, 2, 3}, mc = std::vector<std::uint8_t>(32, 1),
                                  ec = {9, 9, 9, 9};
  auto sig = HipSignature::parse(param(61697, sg));
  ASSERT_TRUE(sig);
  EXPECT_EQ(sig->algorithm, 5);
  EXPECT_EQ(sig->signature.size(), 3u);
  expect_bad_length<HipSignature2>({0, 5});

  auto mac = HipMac::parse(param(61505, mc));
  ASSERT_TRUE(mac);
  EXPECT_EQ(mac->data.size(), 32u);
  expect_bad_length<HipMac>({});

  auto echo = EchoRequestSigned::parse(param(897, ec));
  ASSERT_TRUE(echo);
  EXPECT_EQ(echo->data.size(), 4u);
}

TEST(Params, Notification) {
  const std::vector<std::uint8_t> c = {0, 0, 0, 1, 0x03, 0xe9};
  auto r = Notification::parse(param(832, c));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->notify_type, notify::kUnsupportedCriticalParameterType);
  EXPECT_EQ(r->data.size(), 2u);
  EXPECT_EQ(notify_type_name(r->notify_type), "UNSUPPORTED_CRITICAL_PARAMETER_TYPE");
  EXPECT_EQ(notify_type_name(44), "RESPONDER_BUSY_PLEASE_RETRY");
  EXPECT_EQ(notify_type_name(12345), "");
  expect_bad_length<Notification>({0, 0, 0});
}

TEST(Params, LocatorSet) {
  std::vector<std::uint8_t> c = {
      // type 0: IPv4-mapped 192.0.2.9, preferred, lifetime 0xffffffff
      0, 0, 4, 1, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 192, 0, 2, 9,
      // type 1: SPI 0x11223344 + 2001:db8::7, lifetime 60
      2, 1, 5, 0, 0, 0, 0, 60, 0x11, 0x22, 0x33, 0x44, 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0,
      0, 0, 0, 0, 0, 7};
  auto r = LocatorSet::parse(param(193, c));
  ASSERT_TRUE(r);
  ASSERT_EQ(r->size(), 2u);
  EXPECT_TRUE((*r)[0].preferred);
  EXPECT_EQ((*r)[0].address()->to_string(), "192.0.2.9");
  EXPECT_EQ((*r)[1].traffic_type, 2);
  EXPECT_EQ((*r)[1].lifetime, 60u);
  EXPECT_EQ(*(*r)[1].spi(), 0x11223344u);
  EXPECT_EQ((*r)[1].address()->to_string(), "2001:db8::7");
  EXPECT_EQ(written(*r), c);

  auto wrong_words = c;
  wrong_words[2] = 5;  // type 0 must be 4 words
  EXPECT_EQ(LocatorSet::parse(param(193, wrong_words)).error().code,
            ParseErrorCode::bad_parameter_value);
  c.pop_back();
  expect_bad_length<LocatorSet>(c);
  EXPECT_TRUE(LocatorSet::parse(param(193, {})));  // zero locators: deprecate all
}

TEST(Params, RegistrationAndRelay) {
  const std::vector<std::uint8_t> ri = {10, 200, 1, 2}, rf2 = {1, 2}, nm = {0, 0, 0, 1, 0, 2},
                                  tp = {0, 0, 1, 0xf4}, vr = std::vector<std::uint8_t>(32, 0x20);
  auto info = RegInfo::parse(param(930, ri));
  ASSERT_TRUE(info);
  EXPECT_EQ(info->max_lifetime, 200);
  EXPECT_EQ(info->reg_types.size(), 2u);
  EXPECT_TRUE(RegInfo::parse(param(930, {10, 200})));  // no services right now
  expect_bad_length<RegRequest>({64});
  auto failed = RegFailed::parse(param(936, rf2));
  ASSERT_TRUE(failed);
  EXPECT_EQ(failed->first, 1);
  EXPECT_DOUBLE_EQ(reg_lifetime_seconds(64), 1.0);
  EXPECT_DOUBLE_EQ(reg_lifetime_seconds(72), 2.0);

  std::vector<std::uint8_t> from = {0x29, 0x04, 17, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff,
                                    203, 0, 113, 5};
  auto rf = RelayFrom::parse(param(63998, from));
  ASSERT_TRUE(rf);
  EXPECT_EQ(rf->port, 10500);
  EXPECT_EQ(rf->protocol, 17);
  EXPECT_EQ(rf->address().to_string(), "203.0.113.5");
  EXPECT_EQ(written(*rf), from);
  expect_bad_length<RelayTo>(std::vector<std::uint8_t>(16));

  auto via = ViaRvs::parse(param(65502, vr));
  ASSERT_TRUE(via);
  EXPECT_EQ(via->size(), 2u);
  expect_bad_length<ViaRvs>(std::vector<std::uint8_t>(17));
  expect_bad_length<From>(std::vector<std::uint8_t>(4));

  auto modes = NatTraversalMode::parse(param(608, nm));
  ASSERT_TRUE(modes);
  EXPECT_EQ(modes->modes[1], 2);
  auto pacing = TransactionPacing::parse(param(610, tp));
  ASSERT_TRUE(pacing);
  EXPECT_EQ(pacing->min_ta_ms, 500u);
}

}  // namespace
}  // namespace hip::wire
