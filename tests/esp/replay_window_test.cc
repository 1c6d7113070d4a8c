// Anti-replay window edge cases (RFC 4303 §3.4.3) and ESN high-bit inference
// (RFC 4303 Appendix A2). Expected values are worked out by hand from the RFC
// text, with W = ReplayWindow::kSize.
#include "esp/replay_window.h"

#include <gtest/gtest.h>

namespace hip::esp {
namespace {

using V = ReplayWindow::Verdict;
constexpr std::uint64_t W = ReplayWindow::kSize;

TEST(ReplayWindow, WindowIsAtLeast1024Packets) { EXPECT_GE(W, 1024u); }

TEST(ReplayWindow, SequenceZeroIsNeverAccepted) {
  ReplayWindow w;
  EXPECT_EQ(w.check(0), V::too_old);
  w.commit(5);
  EXPECT_EQ(w.check(0), V::too_old);
}

TEST(ReplayWindow, FirstPacketsAndDuplicates) {
  ReplayWindow w;
  EXPECT_EQ(w.check(1), V::fresh);
  w.commit(1);
  EXPECT_EQ(w.check(1), V::replayed);
  EXPECT_EQ(w.check(2), V::fresh);
  // Out of order inside the window.
  w.commit(10);
  EXPECT_EQ(w.highest(), 10u);
  for (std::uint64_t s = 2; s < 10; ++s) EXPECT_EQ(w.check(s), V::fresh) << s;
  w.commit(5);
  EXPECT_EQ(w.check(5), V::replayed);
  EXPECT_EQ(w.check(10), V::replayed);
  EXPECT_EQ(w.check(11), V::fresh);
}

TEST(ReplayWindow, LeftEdgeOfTheWindow) {
  ReplayWindow w;
  const std::uint64_t top = 100000;
  w.commit(top);
  // Tracked: top-W+1 .. top.
  EXPECT_EQ(w.check(top - W + 1), V::fresh);
  EXPECT_EQ(w.check(top - W), V::too_old);
  w.commit(top - W + 1);
  EXPECT_EQ(w.check(top - W + 1), V::replayed);
  // Moving the top by one pushes that number out.
  w.commit(top + 1);
  EXPECT_EQ(w.check(top - W + 1), V::too_old);
  EXPECT_EQ(w.check(top - W + 2), V::fresh);
}

TEST(ReplayWindow, BitsForgottenWhenTheWindowMovesPastThem) {
  ReplayWindow w;
  for (std::uint64_t s = 1; s <= 200; ++s) w.commit(s);
  // Jump by less than the window: old bits that stay in range are kept.
  w.commit(200 + W - 100);  // tracked now: 101 .. 100 + W
  EXPECT_EQ(w.check(100), V::too_old);
  EXPECT_EQ(w.check(101), V::replayed);
  EXPECT_EQ(w.check(199), V::replayed);
  EXPECT_EQ(w.check(200 + W - 101), V::fresh);
  // A ring word reused for new numbers must not carry old bits.
  for (std::uint64_t s = 200 + W - 99; s < 200 + W + 64 * 3; ++s) {
    EXPECT_EQ(w.check(s), V::fresh) << s;
  }
}

TEST(ReplayWindow, FarFutureJumpClearsEverything) {
  ReplayWindow w;
  for (std::uint64_t s = 1; s <= 5000; ++s) w.commit(s);
  const std::uint64_t far = 5000 + 10 * W + 17;
  EXPECT_EQ(w.check(far), V::fresh);
  w.commit(far);
  EXPECT_EQ(w.highest(), far);
  EXPECT_EQ(w.check(far), V::replayed);
  for (std::uint64_t s = far - W + 1; s < far; ++s) {
    ASSERT_EQ(w.check(s), V::fresh) << s;  // nothing stale left in the ring
  }
  EXPECT_EQ(w.check(5000), V::too_old);
}

TEST(ReplayWindow, WithoutEsnTheWireNumberIsTheNumber) {
  ReplayWindow w;
  w.commit(0xfffffff0u);
  EXPECT_EQ(w.infer(0xfffffff5u, false), 0xfffffff5u);
  EXPECT_EQ(w.infer(3, false), 3u);  // a 32-bit counter never wraps: this is old
  EXPECT_EQ(w.check(w.infer(3, false)), V::too_old);
}

TEST(ReplayWindowEsn, CaseAWindowInsideOneSubspace) {
  ReplayWindow w;
  const std::uint64_t t = (std::uint64_t{7} << 32) | 0x80000000u;  // Th=7, Tl >= W-1
  w.commit(t);
  // Seql >= Tl-W+1: same subspace.
  EXPECT_EQ(w.infer(0x80000000u - static_cast<std::uint32_t>(W) + 1, true),
            (std::uint64_t{7} << 32) | (0x80000000u - W + 1));
  EXPECT_EQ(w.infer(0x90000000u, true), (std::uint64_t{7} << 32) | 0x90000000u);
  EXPECT_EQ(w.infer(0xffffffffu, true), (std::uint64_t{7} << 32) | 0xffffffffu);
  // Seql below the window: the next subspace (Th+1).
  EXPECT_EQ(w.infer(0x80000000u - static_cast<std::uint32_t>(W), true),
            (std::uint64_t{8} << 32) | (0x80000000u - W));
  EXPECT_EQ(w.infer(5, true), (std::uint64_t{8} << 32) | 5);
}

TEST(ReplayWindowEsn, CaseBWindowSpansTwoSubspaces) {
  ReplayWindow w;
  const std::uint64_t t = (std::uint64_t{1} << 32) | 10;  // Th=1, Tl=10 < W-1
  w.commit(t);
  // Seql >= Tl-W+1 (mod 2^32), i.e. the top of the previous subspace.
  EXPECT_EQ(w.infer(0xffffffffu, true), 0xffffffffull);
  const std::uint32_t bottom = 10u - static_cast<std::uint32_t>(W) + 1u;  // wraps
  EXPECT_EQ(w.infer(bottom, true), std::uint64_t{bottom});
  // Below that: the current subspace (Th), new or old.
  EXPECT_EQ(w.infer(5, true), (std::uint64_t{1} << 32) | 5);
  EXPECT_EQ(w.infer(11, true), (std::uint64_t{1} << 32) | 11);
  EXPECT_EQ(w.infer(bottom - 1, true), (std::uint64_t{1} << 32) | (bottom - 1));
}

TEST(ReplayWindowEsn, AcrossTwoToThe32) {
  ReplayWindow w;
  // Receive up to 2^32 - 2, then 2^32 + 3 arrives with Seql = 3.
  w.commit(0xfffffffeull);
  const std::uint64_t next = w.infer(3, true);
  EXPECT_EQ(next, (std::uint64_t{1} << 32) | 3);
  EXPECT_EQ(w.check(next), V::fresh);
  w.commit(next);
  // Late packets from below 2^32 still map to subspace 0 and are accepted once.
  const std::uint64_t late = w.infer(0xfffffffdu, true);
  EXPECT_EQ(late, 0xfffffffdull);
  EXPECT_EQ(w.check(late), V::fresh);
  w.commit(late);
  EXPECT_EQ(w.check(w.infer(0xfffffffdu, true)), V::replayed);
  EXPECT_EQ(w.check(w.infer(0xfffffffeu, true)), V::replayed);
  // Exactly 2^32 (Seql = 0) is a valid number under ESN.
  EXPECT_EQ(w.infer(0, true), std::uint64_t{1} << 32);
  EXPECT_EQ(w.check(std::uint64_t{1} << 32), V::fresh);
}

TEST(ReplayWindowEsn, FreshSaNeverInfersBelowOne) {
  ReplayWindow w;  // T = 0: case B with Th = 0
  EXPECT_EQ(w.infer(1, true), 1u);
  EXPECT_EQ(w.infer(0xffffffffu, true), 0u);  // would be "subspace -1"
  EXPECT_EQ(w.check(0), V::too_old);
}

}  // namespace
}  // namespace hip::esp
