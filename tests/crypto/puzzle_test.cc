// The puzzle (RFC 7401 §6.3): solutions are checked with an independent hash
// computed here, odd difficulties exercise the partial byte of Ltrunc, and a
// real R1/I2 pair from another implementation is verified.
#include "crypto/puzzle.h"

#include <gtest/gtest.h>

#include <vector>

#include "crypto/openssl_cli.h"

namespace hip::crypto {
namespace {

using test::ByteVec;
using test::unhex;

const base::Hit kHitI = *base::Hit::parse("2001:21:aaaa:bbbb::1");
const base::Hit kHitR = *base::Hit::parse("2001:21:1234:5678::2");

const EVP_MD* plain_md(Rhash h) {
  switch (h) {
    case Rhash::sha256: return EVP_sha256();
    case Rhash::sha384: return EVP_sha384();
    case Rhash::sha1: return EVP_sha1();
  }
  return nullptr;
}

// RHASH(#I | HIT-I | HIT-R | #J) in one EVP_Digest call, then the low k bits
// counted directly as bits of the digest read as one big number.
bool independent_check(Rhash h, const ByteVec& i, const base::Hit& hit_i, const base::Hit& hit_r,
                       std::span<const std::uint8_t> j, unsigned k) {
  ByteVec input = i;
  input.insert(input.end(), hit_i.bytes.begin(), hit_i.bytes.end());
  input.insert(input.end(), hit_r.bytes.begin(), hit_r.bytes.end());
  input.insert(input.end(), j.begin(), j.end());
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EXPECT_EQ(EVP_Digest(input.data(), input.size(), digest, &len, plain_md(h), nullptr), 1);
  for (unsigned bit = 0; bit < k; ++bit) {  // bit 0 = least significant bit of the last byte
    if ((digest[len - 1 - bit / 8] >> (bit % 8)) & 1) return false;
  }
  return true;
}

class PuzzleTest : public ::testing::TestWithParam<Rhash> {
 protected:
  ByteVec random_i(std::uint64_t seed) {
    ByteVec i(rhash_size(GetParam()));
    SeededRng(seed).fill(i);
    return i;
  }
};

TEST_P(PuzzleTest, SolutionsPassAnIndependentHashCheck) {
  SeededRng rng(99);
  for (std::uint8_t k : std::initializer_list<std::uint8_t>{0, 1, 3, 8, 13, 16}) {
    const ByteVec i = random_i(k + 1u);
    auto solution = solve_puzzle(GetParam(), i, kHitI, kHitR, k, rng);
    ASSERT_TRUE(solution) << to_string(solution.error());
    EXPECT_EQ(solution->j().size(), rhash_size(GetParam()));
    EXPECT_GE(solution->attempts, 1u);
    EXPECT_TRUE(independent_check(GetParam(), i, kHitI, kHitR, solution->j(), k)) << int(k);
    EXPECT_TRUE(verify_puzzle(GetParam(), i, kHitI, kHitR, solution->j(), k));
    // The same #J with the HITs swapped is (almost surely) no solution for
    // k >= 13; the independent hash says which.
    if (k >= 13) {
      const bool swapped_ok = independent_check(GetParam(), i, kHitR, kHitI, solution->j(), k);
      EXPECT_EQ(bool(verify_puzzle(GetParam(), i, kHitR, kHitI, solution->j(), k)), swapped_ok);
    }
  }
}

TEST_P(PuzzleTest, VerifyAgreesWithIndependentHashOnArbitraryJ) {
  // For many random #J at k = 4, verify must say exactly what the independent
  // check says (about 1 in 16 pass), so both outcomes are exercised.
  const ByteVec i = random_i(5);
  SeededRng rng(6);
  int passed = 0;
  for (int n = 0; n < 200; ++n) {
    ByteVec j(rhash_size(GetParam()));
    rng.fill(j);
    const bool expected = independent_check(GetParam(), i, kHitI, kHitR, j, 4);
    auto r = verify_puzzle(GetParam(), i, kHitI, kHitR, j, 4);
    ASSERT_EQ(bool(r), expected);
    if (!r) {
      EXPECT_EQ(r.error(), PuzzleError::wrong_solution);
    }
    passed += expected;
  }
  EXPECT_GT(passed, 0);
  EXPECT_LT(passed, 200);
}

TEST_P(PuzzleTest, LimitsStopTheSolver) {
  const ByteVec i = random_i(7);
  SeededRng rng(8);
  PuzzleLimits one_try;
  one_try.max_attempts = 1;
  // k = 40: a single try succeeds with probability 2^-40.
  auto r = solve_puzzle(GetParam(), i, kHitI, kHitR, 40, rng, one_try);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), PuzzleError::attempts_exhausted);

  PuzzleLimits expired;
  expired.deadline = std::chrono::steady_clock::now() - std::chrono::seconds(1);
  r = solve_puzzle(GetParam(), i, kHitI, kHitR, 40, rng, expired);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), PuzzleError::expired);

  PuzzleLimits soon;
  soon.deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(20);
  const auto start = std::chrono::steady_clock::now();
  r = solve_puzzle(GetParam(), i, kHitI, kHitR, 60, rng, soon);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), PuzzleError::expired);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(500));
}

TEST_P(PuzzleTest, MalformedInputsAreTypedErrors) {
  const ByteVec i = random_i(9);
  const ByteVec short_i(i.begin(), i.end() - 1);
  const ByteVec j(i.size(), 0);
  auto r = verify_puzzle(GetParam(), short_i, kHitI, kHitR, j, 1);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), PuzzleError::bad_length);
  r = verify_puzzle(GetParam(), i, kHitI, kHitR, std::span(j).first(j.size() - 1), 1);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), PuzzleError::bad_length);
  if (8 * rhash_size(GetParam()) < 255) {  // #K is 8 bits: only SHA-1 can be out-run
    const auto too_hard = static_cast<std::uint8_t>(8 * rhash_size(GetParam()) + 1);
    r = verify_puzzle(GetParam(), i, kHitI, kHitR, j, too_hard);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error(), PuzzleError::difficulty_too_high);
  }
  SeededRng rng(1);
  auto s = solve_puzzle(GetParam(), short_i, kHitI, kHitR, 1, rng);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error(), PuzzleError::bad_length);
}

INSTANTIATE_TEST_SUITE_P(AllRhash, PuzzleTest,
                         ::testing::Values(Rhash::sha256, Rhash::sha384, Rhash::sha1),
                         [](const auto& p) { return "SHA" + std::to_string(8 * rhash_size(p.param)); });

// R1 (frame 2) and I2 (frame 3) of shared/vectors/cutehip-hip.pcap, read with
// tshark: RSA HITs (suite 1, SHA-256), K = 16. cutehip hashes the HITs as
// #I | HIT-R | HIT-I | #J, the reverse of RFC 7401 §6.3, so its #J verifies
// only with the HITs swapped. This checks our hash and Ltrunc against another
// implementation's real solution, and documents the interop problem.
TEST(PuzzleInterop, CutehipSolutionVerifiesOnlyWithHitsSwapped) {
  const ByteVec i = unhex("5c4f8d42b30e6369c8ce303582a0bf79e0ab6779203c598830414fd859c97e02");
  const ByteVec j = unhex("6910504101966c0e0b3616d94602cbcfb2fc202c00a3e4a30ada5f88fb01bf81");
  const base::Hit initiator = *base::Hit::parse("2001:21:17ff:234:b200:ad27:767:f466");
  const base::Hit responder = *base::Hit::parse("2001:21:1010:fb60:685e:ada0:17cf:5987");
  EXPECT_TRUE(verify_puzzle(Rhash::sha256, i, responder, initiator, j, 16));
  auto rfc_order = verify_puzzle(Rhash::sha256, i, initiator, responder, j, 16);
  ASSERT_FALSE(rfc_order);
  EXPECT_EQ(rfc_order.error(), PuzzleError::wrong_solution);
}

TEST(PuzzleLifetime, PowersOfTwoSeconds) {
  using std::chrono::nanoseconds;
  using namespace std::chrono_literals;
  EXPECT_EQ(puzzle_lifetime(32), nanoseconds(1s));
  EXPECT_EQ(puzzle_lifetime(33), nanoseconds(2s));
  EXPECT_EQ(puzzle_lifetime(37), nanoseconds(32s));
  EXPECT_EQ(puzzle_lifetime(31), nanoseconds(500ms));
  EXPECT_EQ(puzzle_lifetime(0), nanoseconds(0));  // 2^-32 s < 1 ns
  EXPECT_EQ(puzzle_lifetime(255), nanoseconds::max());
}

}  // namespace
}  // namespace hip::crypto
