#include "sim/host_log.h"

#include <gtest/gtest.h>

namespace hip::sim {
namespace {

using engine::Reason;
using engine::State;

base::Hit peer(std::uint8_t last) {
  base::Hit h;
  h.bytes[0] = 0x20;
  h.bytes[15] = last;
  return h;
}

base::Time at(int s) { return base::time_from_ns(std::int64_t{s} * 1'000'000'000); }

engine::StateChanged change(std::uint8_t p, State from, State to) {
  return {peer(0), peer(p), from, to, Reason::r2_received};
}

TEST(HostLog, AnswersWhenAndHowOften) {
  HostLog log;
  log.record(at(1), change(2, State::unassociated, State::i1_sent));
  log.record(at(2), change(2, State::i2_sent, State::established));
  log.record(at(3), change(3, State::r2_sent, State::established));
  log.record(at(9), change(2, State::r2_sent, State::established));

  EXPECT_EQ(log.times_entered(State::established), 3u);
  EXPECT_EQ(log.times_entered(State::established, peer(2)), 2u);
  EXPECT_EQ(log.times_entered(State::established, peer(2), at(5)), 1u);
  EXPECT_TRUE(log.reached(State::i1_sent, peer(2)));
  EXPECT_FALSE(log.reached(State::i1_sent, peer(3)));
  EXPECT_EQ(log.first_entered(State::established, peer(2)), at(2));
  EXPECT_EQ(log.first_entered(State::established, std::nullopt, at(3)), at(3));
  EXPECT_EQ(log.last_entered(State::established, peer(2)), at(9));
  EXPECT_EQ(log.first_entered(State::closing), std::nullopt);
  EXPECT_EQ(log.current_state(peer(3)), State::established);
}

TEST(HostLog, ACrashForgetsTheCurrentStateButNotTheHistory) {
  HostLog log;
  log.record(at(1), change(2, State::i2_sent, State::established));
  log.record_crash(at(4));
  EXPECT_EQ(log.current_state(peer(2)), State::unassociated);
  EXPECT_TRUE(log.reached(State::established, peer(2)));
  log.record_restart(at(5));
  log.record(at(5), change(2, State::unassociated, State::i1_sent));
  EXPECT_EQ(log.current_state(peer(2)), State::i1_sent);
  EXPECT_EQ(log.crashes().size(), 1u);
  EXPECT_EQ(log.restarts().size(), 1u);
}

TEST(HostLog, CountsNotifiesByType) {
  HostLog log;
  log.record(at(1), engine::NotifyReceived{peer(0), peer(2), 8236, true});
  log.record(at(2), engine::NotifyReceived{peer(0), peer(3), 8236, false});
  log.record(at(2), engine::NotifyReceived{peer(0), peer(3), 24, false});
  EXPECT_EQ(log.notifies(8236), 2u);
  EXPECT_EQ(log.notifies(8236, peer(3)), 1u);
  EXPECT_EQ(log.notifies(7), 0u);
}

}  // namespace
}  // namespace hip::sim
