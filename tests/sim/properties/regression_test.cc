// Seeds on which the property tests found engine bugs, kept as named
// regression tests: each is one full run (world.h) that failed before the
// fix named in its comment and must pass from now on. They are quick, so
// they run with the unit tests (and under ASan). docs/state-machine.md
// tells each story.
#include <gtest/gtest.h>

#include <string>

#include "sim/properties/world.h"
#include "sim/replay_gtest.h"

namespace hip::sim::test {
namespace {

void expect_clean_run(std::uint64_t seed, int hosts) {
  World world(seed, WorldConfig{.hosts = hosts});
  const RunOutcome out = world.run();
  std::string all;
  for (const auto& f : out.failures) all += "\n  " + f;
  EXPECT_TRUE(out.failures.empty()) << all << world.logs() << "\n" << replay_line(seed);
}

// Bug 1: a Responder in R2-SENT took an authentic copy of the I2 it had
// answered, with other bytes (padding of HIP_SIGNATURE changed on the way),
// as a new exchange: new keys and SPI, a second R2 that the Initiator,
// already ESTABLISHED, dropped. The Initiator then sent into an SPI the
// Responder no longer had. Fix: bex_responder.cc, "similar" I2 = same
// SOLUTION and DIFFIE_HELLMAN, authenticated, gets the stored R2.
TEST(Regression, SimilarI2MustNotRekey_TwoHosts_Seed2) { expect_clean_run(2, 2); }
TEST(Regression, SimilarI2MustNotRekey_ThreeHosts_Seed9) { expect_clean_run(9, 3); }

// Bug 2: after a simultaneous open, a straggling copy of the I2 that lost the
// HIT comparison reached the smaller-HIT host once its own exchange had
// completed; it was processed as a peer restarting and rekeyed that host
// alone. Both stayed ESTABLISHED, each sending to an SPI the other had
// dropped, for good. Fix: the R1's PUZZLE Opaque carries when it was sent;
// an I2 answering an R1 older than the exchange we initiated is dropped.
TEST(Regression, LateCrossingI2MustNotRekey_TwoHosts_Seed123) { expect_clean_run(123, 2); }
TEST(Regression, LateCrossingI2MustNotRekey_ThreeHosts_Seed300) { expect_clean_run(300, 3); }

// Bug 3: R2-SENT -> ESTABLISHED on data (engine.cc on_traffic) armed no UAL
// timer: with its peer gone for good, the association and its SAs stayed
// forever. Fix: that transition arms UAL (and ends EC) like the others.
TEST(Regression, EstablishedOnDataStillIdlesOut_TwoHosts_Seed6) { expect_clean_run(6, 2); }

// Bug 4: the two sides of a pair can still end up ESTABLISHED with different
// SAs (here: the smaller HIT closed its exchange before its I2 arrived, and
// each side then accepted the other's exchange). Each sent to an SPI the
// other did not know, and an unknown SPI from a peer we are ESTABLISHED with
// started nothing, for good. Fix: engine.cc on_unknown_spi reruns the base
// exchange from ESTABLISHED once the keys are older than EC.
TEST(Regression, DivergedSasAreRepaired_TwoHosts_Seed3840) { expect_clean_run(3840, 2); }

}  // namespace
}  // namespace hip::sim::test
