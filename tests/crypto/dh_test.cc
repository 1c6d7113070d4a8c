// DH/ECDH groups of RFC 7401 §5.2.7: encodings, agreement between both sides,
// agreement with `openssl pkeyutl -derive`, RFC 5903 §8 known answers, and
// typed errors for malformed peer values.
#include "crypto/dh.h"

#include <gtest/gtest.h>
#include <openssl/pem.h>

#include <algorithm>
#include <memory>
#include <sstream>

#include "crypto/openssl_cli.h"

namespace hip::crypto {
namespace {

using test::ByteVec;
using test::hex;
using test::unhex;

ByteVec to_vec(std::span<const std::uint8_t> s) { return ByteVec(s.begin(), s.end()); }

ByteVec left_pad(ByteVec v, std::size_t size) {
  while (v.size() < size) v.insert(v.begin(), 0);
  return v;
}

// Expected sizes, straight from RFC 5903 §7 (256/384/528-bit coordinates),
// RFC 3526 (prime lengths) and the 160-bit field of secp160r1.
struct Expected {
  std::uint8_t id;
  std::size_t public_size;
  std::size_t secret_size;
};
constexpr Expected kExpected[] = {{3, 192, 192}, {4, 384, 384}, {7, 64, 32},  {8, 96, 48},
                                  {9, 132, 66},  {10, 40, 20},  {11, 256, 256}};

TEST(DhGroupTable, SupportedGroupsHaveRfcSizes) {
  for (const Expected& e : kExpected) {
    const DhGroup* g = find_dh_group(e.id);
    ASSERT_NE(g, nullptr) << int(e.id);
    EXPECT_EQ(g->public_value_size(), e.public_size) << g->name;
    EXPECT_EQ(g->shared_secret_size(), e.secret_size) << g->name;
  }
  EXPECT_EQ(supported_dh_groups().size(), std::size(kExpected));
}

TEST(DhGroupTable, ReservedDeprecatedAndUnassignedAreRejected) {
  for (std::uint8_t id : std::initializer_list<std::uint8_t>{0, 1, 2, 5, 6, 12, 13, 255}) EXPECT_EQ(find_dh_group(id), nullptr) << int(id);
  auto k = DhKeyPair::generate(std::uint8_t{5});
  ASSERT_FALSE(k);
  EXPECT_EQ(k.error(), DhError::unsupported_group);
}

// ---- per-group tests ------------------------------------------------------

class DhGroupTest : public ::testing::TestWithParam<std::uint8_t> {
 protected:
  const DhGroup& group() const { return *find_dh_group(GetParam()); }
};

std::string group_label(const ::testing::TestParamInfo<std::uint8_t>& info) {
  return "group" + std::to_string(info.param);
}

// Writes our private key and the peer's public key as PEM files.
void write_pem(const EVP_PKEY* pkey, const std::string& path, bool private_key) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_file(path.c_str(), "w"), BIO_free);
  ASSERT_TRUE(bio);
  const int ok = private_key
                     ? PEM_write_bio_PrivateKey(bio.get(), pkey, nullptr, nullptr, 0, nullptr, nullptr)
                     : PEM_write_bio_PUBKEY(bio.get(), pkey);
  ASSERT_EQ(ok, 1);
}

// The public key bytes as `openssl pkey -text` prints them ("pub:" for EC,
// "public-key:" for DH), colon-separated hex on indented lines.
ByteVec pkey_text_public(const std::string& text, std::string_view label) {
  std::istringstream in(text);
  std::string line;
  bool inside = false;
  std::string hexdigits;
  while (std::getline(in, line)) {
    if (!inside) {
      inside = line.rfind(label, 0) == 0;
      continue;
    }
    if (line.empty() || (line[0] != ' ' && line[0] != '\t')) break;
    hexdigits += line;
  }
  return unhex(hexdigits);
}

TEST_P(DhGroupTest, BothSidesDeriveTheSameSecret) {
  auto a = DhKeyPair::generate(group());
  auto b = DhKeyPair::generate(GetParam());
  ASSERT_TRUE(a) << to_string(a.error());
  ASSERT_TRUE(b) << to_string(b.error());
  EXPECT_EQ(a->public_value().size(), group().public_value_size());
  EXPECT_NE(to_vec(a->public_value()), to_vec(b->public_value()));
  auto kab = a->derive(b->public_value());
  auto kba = b->derive(a->public_value());
  ASSERT_TRUE(kab) << to_string(kab.error());
  ASSERT_TRUE(kba) << to_string(kba.error());
  EXPECT_EQ(kab->size(), group().shared_secret_size());
  EXPECT_EQ(to_vec(kab->span()), to_vec(kba->span()));
}

TEST_P(DhGroupTest, MatchesOpensslCliEncodingAndDerivation) {
  HIP_REQUIRE_OPENSSL_CLI();
  auto ours = DhKeyPair::generate(group());
  auto peer = DhKeyPair::generate(group());
  ASSERT_TRUE(ours);
  ASSERT_TRUE(peer);
  test::TempDir dir;
  write_pem(ours->pkey(), dir.file("ours.pem"), true);
  write_pem(peer->pkey(), dir.file("peer_pub.pem"), false);

  // Public value: OpenSSL prints the point as 04|x|y (EC) or the integer y
  // (DH, with a leading 00 when its top bit is set).
  auto text = test::run("openssl pkey -pubin -in " + dir.file("peer_pub.pem") + " -text -noout");
  ASSERT_EQ(text.status, 0);
  if (group().kind == DhKind::ecp) {
    ByteVec expected = pkey_text_public(text.out, "pub:");
    ASSERT_EQ(expected.size(), 1 + group().public_value_size());
    EXPECT_EQ(expected[0], 0x04);
    expected.erase(expected.begin());
    EXPECT_EQ(hex(peer->public_value()), hex(expected));
  } else {
    ByteVec y = pkey_text_public(text.out, "public-key:");
    while (!y.empty() && y.front() == 0) y.erase(y.begin());
    EXPECT_EQ(hex(peer->public_value()), hex(left_pad(y, group().element_size)));
  }

  // Shared secret: pkeyutl may print MODP g^xy without leading zeros; Kij is
  // padded to the prime's length (RFC 7296 §2.14 convention, see dh_group.h).
  auto derived = test::run("openssl pkeyutl -derive -inkey " + dir.file("ours.pem") +
                           " -peerkey " + dir.file("peer_pub.pem") + " -out " +
                           dir.file("secret.bin"));
  ASSERT_EQ(derived.status, 0);
  ByteVec cli_secret = left_pad(test::read_file(dir.file("secret.bin")), group().shared_secret_size());
  auto kij = ours->derive(peer->public_value());
  ASSERT_TRUE(kij) << to_string(kij.error());
  EXPECT_EQ(hex(kij->span()), hex(cli_secret));
}

TEST_P(DhGroupTest, WrongLengthsAreTypedErrors) {
  auto a = DhKeyPair::generate(group());
  ASSERT_TRUE(a);
  ByteVec good = to_vec(a->public_value());
  ByteVec longer = good;
  longer.push_back(1);
  for (const ByteVec& bad : {ByteVec{}, longer}) {
    auto r = a->derive(bad);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error(), DhError::bad_public_value_length) << bad.size();
  }
  if (group().kind == DhKind::ecp) {  // ECP: exactly x|y, nothing shorter
    auto r = a->derive(std::span(good).first(good.size() - 1));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error(), DhError::bad_public_value_length);
  }
}

INSTANTIATE_TEST_SUITE_P(AllGroups, DhGroupTest, ::testing::Values(3, 4, 7, 8, 9, 10, 11),
                         group_label);

// ---- ECP specifics ----------------------------------------------------------

class EcpGroupTest : public DhGroupTest {};

TEST_P(EcpGroupTest, PointsOffTheCurveAreRejected) {
  auto a = DhKeyPair::generate(group());
  auto b = DhKeyPair::generate(group());
  ASSERT_TRUE(a);
  ASSERT_TRUE(b);
  ByteVec off = to_vec(b->public_value());
  off.back() ^= 0x01;  // same x, y changed: (x, y') is not on the curve
  auto r = a->derive(off);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), DhError::point_not_on_curve);

  ByteVec zeros(group().public_value_size(), 0);  // (0, 0): not a curve point
  r = a->derive(zeros);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), DhError::point_not_on_curve);

  ByteVec ones(group().public_value_size(), 0xff);  // coordinates >= p
  r = a->derive(ones);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), DhError::point_not_on_curve);
}

INSTANTIATE_TEST_SUITE_P(EcpGroups, EcpGroupTest, ::testing::Values(7, 8, 9, 10), group_label);

// RFC 5903 §8: private keys i and r, public values g^i and g^r, and the shared
// secret girx, for the three NIST groups (HIP groups 7, 8, 9).
struct Rfc5903Vector {
  std::uint8_t group;
  const char* i;
  const char* gix;
  const char* giy;
  const char* r;
  const char* grx;
  const char* gry;
  const char* girx;
};

const Rfc5903Vector kRfc5903[] = {
    {7, "C88F01F5 10D9AC3F 70A292DA A2316DE5 44E9AAB8 AFE84049 C62A9C57 862D1433",
     "DAD0B653 94221CF9 B051E1FE CA5787D0 98DFE637 FC90B9EF 945D0C37 72581180",
     "5271A046 1CDB8252 D61F1C45 6FA3E59A B1F45B33 ACCF5F58 389E0577 B8990BB3",
     "C6EF9C5D 78AE012A 011164AC B397CE20 88685D8F 06BF9BE0 B283AB46 476BEE53",
     "D12DFB52 89C8D4F8 1208B702 70398C34 2296970A 0BCCB74C 736FC755 4494BF63",
     "56FBF3CA 366CC23E 8157854C 13C58D6A AC23F046 ADA30F83 53E74F33 039872AB",
     "D6840F6B 42F6EDAF D13116E0 E1256520 2FEF8E9E CE7DCE03 812464D0 4B9442DE"},
    {8,
     "099F3C70 34D4A2C6 99884D73 A375A67F 7624EF7C 6B3C0F16 0647B674 14DCE655 E35B5380 41E649EE "
     "3FAEF896 783AB194",
     "667842D7 D180AC2C DE6F74F3 7551F557 55C7645C 20EF73E3 1634FE72 B4C55EE6 DE3AC808 ACB4BDB4 "
     "C88732AE E95F41AA",
     "9482ED1F C0EEB9CA FC498462 5CCFC23F 65032149 E0E144AD A0241815 35A0F38E EB9FCFF3 C2C947DA "
     "E69B4C63 4573A81C",
     "41CB0779 B4BDB85D 47846725 FBEC3C94 30FAB46C C8DC5060 855CC9BD A0AA2942 E0308312 916B8ED2 "
     "960E4BD5 5A7448FC",
     "E558DBEF 53EECDE3 D3FCCFC1 AEA08A89 A987475D 12FD950D 83CFA417 32BC509D 0D1AC43A 0336DEF9 "
     "6FDA41D0 774A3571",
     "DCFBEC7A ACF31964 72169E83 8430367F 66EEBE3C 6E70C416 DD5F0C68 759DD1FF F83FA401 42209DFF "
     "5EAAD96D B9E6386C",
     "11187331 C279962D 93D60424 3FD592CB 9D0A926F 422E4718 7521287E 7156C5C4 D6031355 69B9E9D0 "
     "9CF5D4A2 70F59746"},
    {9,
     "0037ADE9 319A89F4 DABDB3EF 411AACCC A5123C61 ACAB57B5 393DCE47 608172A0 95AA85A3 0FE1C295 "
     "2C6771D9 37BA9777 F5957B26 39BAB072 462F68C2 7A57382D 4A52",
     "0015417E 84DBF28C 0AD3C278 713349DC 7DF153C8 97A1891B D98BAB43 57C9ECBE E1E3BF42 E00B8E38 "
     "0AEAE57C 2D107564 94188594 2AF5A7F4 601723C4 195D176C ED3E",
     "017CAE20 B6641D2E EB695786 D8C94614 6239D099 E18E1D5A 514C739D 7CB4A10A D8A78801 5AC405D7 "
     "799DC75E 7B7D5B6C F2261A6A 7F150743 8BF01BEB 6CA3926F 9582",
     "0145BA99 A847AF43 793FDD0E 872E7CDF A16BE30F DC780F97 BCCC3F07 8380201E 9C677D60 0B343757 "
     "A3BDBF2A 3163E4C2 F869CCA7 458AA4A4 EFFC311F 5CB15168 5EB9",
     "00D0B397 5AC4B799 F5BEA16D 5E13E9AF 971D5E9B 984C9F39 728B5E57 39735A21 9B97C356 436ADC6E "
     "95BB0352 F6BE64A6 C2912D4E F2D0433C ED2B6171 640012D9 460F",
     "015C6822 6383956E 3BD066E7 97B623C2 7CE0EAC2 F551A10C 2C724D98 52077B87 220B6536 C5C408A1 "
     "D2AEBB8E 86D678AE 49CB5709 1F473229 6579AB44 FCD17F0F C56A",
     "01144C7D 79AE6956 BC8EDB8E 7C787C45 21CB086F A64407F9 7894E5E6 B2D79B04 D1427E73 CA4BAA24 "
     "0A347868 59810C06 B3C715A3 A8CC3151 F2BEE417 996D19F3 DDEA"},
};

ByteVec concat(const ByteVec& a, const ByteVec& b) {
  ByteVec out = a;
  out.insert(out.end(), b.begin(), b.end());
  return out;
}

TEST(DhRfc5903, KnownAnswersForNistGroups) {
  for (const Rfc5903Vector& v : kRfc5903) {
    const DhGroup& group = *find_dh_group(v.group);
    const ByteVec gi = concat(unhex(v.gix), unhex(v.giy));
    const ByteVec gr = concat(unhex(v.grx), unhex(v.gry));
    auto initiator = DhKeyPair::import(group, unhex(v.i), gi);
    auto responder = DhKeyPair::import(group, unhex(v.r), gr);
    ASSERT_TRUE(initiator) << group.name << ": " << to_string(initiator.error());
    ASSERT_TRUE(responder) << group.name << ": " << to_string(responder.error());
    // Our encoding is exactly x|y (RFC 5903 §7); the KE payloads of §8 carry the same bytes.
    EXPECT_EQ(hex(initiator->public_value()), hex(gi)) << group.name;
    auto k1 = initiator->derive(gr);
    auto k2 = responder->derive(gi);
    ASSERT_TRUE(k1);
    ASSERT_TRUE(k2);
    EXPECT_EQ(hex(k1->span()), hex(unhex(v.girx))) << group.name;
    EXPECT_EQ(hex(k2->span()), hex(unhex(v.girx))) << group.name;
  }
}

TEST(DhImport, MismatchedKeyPairIsRejected) {
  const Rfc5903Vector& v = kRfc5903[0];
  const ByteVec gr = concat(unhex(v.grx), unhex(v.gry));
  auto wrong = DhKeyPair::import(*find_dh_group(7), unhex(v.i), gr);  // i with g^r
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error(), DhError::bad_private_key);
}

// ---- MODP specifics ---------------------------------------------------------

// The prime p as OpenSSL knows it (not through the code under test).
ByteVec modp_prime(const DhKeyPair& key) {
  BIGNUM* p = nullptr;
  EXPECT_EQ(EVP_PKEY_get_bn_param(key.pkey(), OSSL_PKEY_PARAM_FFC_P, &p), 1);
  ByteVec out(static_cast<std::size_t>(BN_num_bytes(p)));
  BN_bn2bin(p, out.data());
  BN_free(p);
  return out;
}

TEST(DhModp, RangeChecksRejectZeroOnePMinusOneAndAbove) {
  auto a = DhKeyPair::generate(std::uint8_t{3});
  ASSERT_TRUE(a);
  const ByteVec p = modp_prime(*a);
  ASSERT_EQ(p.size(), 192u);
  // RFC 3526 §2: the 1536-bit prime starts FFFFFFFF FFFFFFFF C90FDAA2 2168C234.
  EXPECT_EQ(hex(std::span(p).first(16)), "ffffffffffffffffc90fdaa22168c234");
  ByteVec p_minus_1 = p;
  p_minus_1.back() -= 1;  // p is odd, so no borrow
  ByteVec zero(192, 0), one(192, 0), all_ones(192, 0xff);
  one.back() = 1;
  for (const ByteVec& bad : {zero, one, p_minus_1, p, all_ones}) {
    auto r = a->derive(bad);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error(), DhError::public_value_out_of_range) << hex(std::span(bad).last(4));
  }
}

TEST(DhModp, ShortPublicValueIsTheSameIntegerAsThePaddedOne) {
  auto a = DhKeyPair::generate(std::uint8_t{3});
  ASSERT_TRUE(a);
  ByteVec two_short = {0x02};
  ByteVec two_padded(192, 0);
  two_padded.back() = 0x02;
  auto k_short = a->derive(two_short);
  auto k_padded = a->derive(two_padded);
  ASSERT_TRUE(k_short) << to_string(k_short.error());
  ASSERT_TRUE(k_padded);
  EXPECT_EQ(k_short->size(), 192u);
  EXPECT_EQ(hex(k_short->span()), hex(k_padded->span()));
}

}  // namespace
}  // namespace hip::crypto
