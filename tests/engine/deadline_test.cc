// The deadline queue: one entry per association however many events arrive,
// and still the right deadline when the timers move.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>

#include "engine/deadline_queue.h"
#include "engine/pair.h"

namespace hip::engine::test {
namespace {

using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;

TEST(DeadlineQueue, MatchesAModelUnderRandomUpdates) {
  // Associations at fixed addresses (the queue keeps pointers to them).
  std::vector<Association> assoc(64);
  std::map<std::size_t, base::Time> model;  // index -> queued deadline
  DeadlineQueue queue;
  std::mt19937 random(7);
  auto check = [&] {
    ASSERT_EQ(queue.size(), model.size());
    if (model.empty()) {
      EXPECT_EQ(queue.earliest(), base::kNever);
      return;
    }
    base::Time least = base::kNever;
    for (const auto& [i, at] : model) {
      least = std::min(least, at);
      ASSERT_EQ(assoc[i].queued_deadline, at);
    }
    ASSERT_EQ(queue.earliest(), least);
    const std::size_t first = static_cast<std::size_t>(&queue.first() - assoc.data());
    EXPECT_EQ(model.at(first), least);
  };
  for (int step = 0; step < 20000; ++step) {
    const std::size_t i = random() % assoc.size();
    const auto op = random() % 10;
    if (op == 0) {
      queue.remove(assoc[i]);
      model.erase(i);
    } else if (op == 1) {
      queue.set(assoc[i], base::kNever);
      model.erase(i);
    } else {
      const base::Time at = base::time_from_ns(static_cast<std::int64_t>(random() % 500));
      queue.set(assoc[i], at);
      model[i] = at;
    }
    check();
    if (HasFatalFailure()) return;
  }
  // Taking the first entry each time yields the deadlines in order.
  base::Time last{};
  while (!queue.empty()) {
    const base::Time at = queue.earliest();
    EXPECT_LE(last, at);
    last = at;
    queue.remove(queue.first());
  }
  for (const Association& a : assoc) {
    EXPECT_EQ(a.deadline_slot, kNoDeadlineSlot);
    EXPECT_EQ(a.queued_deadline, base::kNever);
  }
}

TEST(Deadlines, TrafficReportsKeepOneEntryPerAssociation) {
  Config config;
  config.timers.ual = minutes(2);
  EnginePair pair(config);
  pair.connect_a_to_b();
  ASSERT_EQ(pair.a().state_with(pair.b().hit), State::established);
  ASSERT_EQ(pair.a().engine->scheduled_timer_count(), 1u);
  const base::Time deadline = pair.a().engine->next_deadline();
  // The driver reports traffic on both sides, 10,000 times each, over 10 s.
  Actions out;
  for (int k = 0; k < 10000; ++k) {
    const base::Time at = pair.now() + milliseconds(k);
    pair.a().engine->on_traffic(pair.a().hit, pair.b().hit, k % 2 == 0, at, out);
    pair.b().engine->on_traffic(pair.b().hit, pair.a().hit, k % 2 == 1, at, out);
  }
  EXPECT_EQ(pair.a().engine->scheduled_timer_count(), 1u);
  EXPECT_EQ(pair.b().engine->scheduled_timer_count(), 1u);
  // B's first inbound report moved it from R2-SENT to ESTABLISHED; A's
  // deadline did not move (UAL is checked again when it comes).
  EXPECT_EQ(pair.b().state_with(pair.a().hit), State::established);
  EXPECT_EQ(pair.a().engine->next_deadline(), deadline);
  // UAL still counts from the last report: alive 2 min after the first
  // one, closed 2 min after the last.
  pair.advance(minutes(2) + seconds(1));
  EXPECT_EQ(pair.a().state_with(pair.b().hit), State::established);
  EXPECT_EQ(pair.a().engine->scheduled_timer_count(), 1u);
  pair.advance(seconds(10));
  EXPECT_FALSE(pair.a().state_with(pair.b().hit).has_value());
  EXPECT_EQ(pair.a().engine->scheduled_timer_count(), 0u);
  EXPECT_EQ(pair.b().engine->scheduled_timer_count(), 1u);  // CLOSED for 2 x MSL
}

TEST(Deadlines, RepeatedPacketsKeepOneEntryPerAssociation) {
  EnginePair pair;
  pair.connect_a_to_b();
  ASSERT_FALSE(pair.a().sent.empty());
  const std::vector<std::uint8_t> i1 = pair.a().sent.front();
  ASSERT_EQ(type_of(i1), wire::PacketType::i1);
  // Anyone who knows the two HITs can send B this I1 again and again: each
  // is answered from the R1 cache, and none may leave anything behind.
  int r1s = 0;
  for (int k = 0; k < 10000; ++k) {
    Actions out;
    pair.b().engine->on_hip_packet(Received{i1, pair.b().to_peer}, pair.now(), out);
    for (const auto& action : out) {
      const auto* t = std::get_if<Transmit>(&action);
      if (t != nullptr && type_of(t->packet) == wire::PacketType::r1) ++r1s;
    }
  }
  EXPECT_EQ(r1s, 10000);  // R2-SENT answers each I1 with an R1 (RFC 7401 §4.4.3, Table 5)
  EXPECT_EQ(pair.b().engine->scheduled_timer_count(), 1u);
  EXPECT_TRUE(pair.b().state_with(pair.a().hit).has_value());
}

TEST(Deadlines, EntriesFollowTheAssociations) {
  EnginePair pair;
  EXPECT_EQ(pair.a().engine->scheduled_timer_count(), 0u);
  pair.connect_a_to_b();
  EXPECT_EQ(pair.a().engine->scheduled_timer_count(), 1u);
  EXPECT_EQ(pair.b().engine->scheduled_timer_count(), 1u);
  Actions out;
  pair.a().engine->close(pair.b().hit, pair.now(), out);
  pair.run(pair.a(), out);
  // A's association is gone (CLOSE_ACK), B's waits in CLOSED.
  EXPECT_EQ(pair.a().engine->scheduled_timer_count(), 0u);
  EXPECT_EQ(pair.b().engine->scheduled_timer_count(), 1u);
  pair.advance(minutes(5));
  EXPECT_EQ(pair.b().engine->scheduled_timer_count(), 0u);
  EXPECT_TRUE(pair.b().engine->snapshot().empty());
}

}  // namespace
}  // namespace hip::engine::test
