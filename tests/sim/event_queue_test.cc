#include "sim/event_queue.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace hip::sim {
namespace {

base::Time t_ms(std::int64_t ms) { return base::time_from_ns(ms * 1'000'000); }

TEST(EventQueue, RunsEventsInTimeOrderAndMovesTheClock) {
  EventQueue q;
  std::vector<std::pair<int, base::Time>> ran;
  q.schedule(t_ms(30), [&] { ran.push_back({30, q.now()}); });
  q.schedule(t_ms(10), [&] { ran.push_back({10, q.now()}); });
  q.schedule(t_ms(20), [&] { ran.push_back({20, q.now()}); });
  while (q.run_next()) {
  }
  ASSERT_EQ(ran.size(), 3u);
  EXPECT_EQ(ran[0], std::make_pair(10, t_ms(10)));
  EXPECT_EQ(ran[1], std::make_pair(20, t_ms(20)));
  EXPECT_EQ(ran[2], std::make_pair(30, t_ms(30)));
  EXPECT_EQ(q.executed(), 3u);
  EXPECT_TRUE(q.empty());
}

TEST(EventQueue, TiesRunInTheOrderTheyWereScheduled) {
  EventQueue q;
  std::vector<int> ran;
  // Enough events for the heap to reshuffle them if the tie-break were missing.
  for (int i = 0; i < 200; ++i) q.schedule(t_ms(5), [&ran, i] { ran.push_back(i); });
  while (q.run_next()) {
  }
  ASSERT_EQ(ran.size(), 200u);
  for (int i = 0; i < 200; ++i) EXPECT_EQ(ran[static_cast<std::size_t>(i)], i);
}

TEST(EventQueue, CancelledEventsNeverRun) {
  EventQueue q;
  int ran = 0;
  EventId a = q.schedule(t_ms(1), [&] { ran += 1; });
  EventId b = q.schedule(t_ms(2), [&] { ran += 10; });
  EXPECT_TRUE(q.cancel(a));
  EXPECT_FALSE(q.cancel(a));
  EXPECT_EQ(q.size(), 1u);
  EXPECT_EQ(q.next_time(), t_ms(2));
  while (q.run_next()) {
  }
  EXPECT_EQ(ran, 10);
  EXPECT_FALSE(q.cancel(b));  // already ran
}

TEST(EventQueue, APastTimeMeansNowAfterWhatIsQueuedForNow) {
  EventQueue q;
  std::string order;
  q.schedule(t_ms(10), [&] {
    order += "a";
    q.schedule(t_ms(1), [&] {  // in the past
      order += "c";
      EXPECT_EQ(q.now(), t_ms(10));
    });
  });
  q.schedule(t_ms(10), [&] { order += "b"; });
  while (q.run_next()) {
  }
  EXPECT_EQ(order, "abc");
}

TEST(EventQueue, AdvanceToNeverGoesBackNorSkipsAnEvent) {
  EventQueue q;
  EXPECT_TRUE(q.advance_to(t_ms(5)));
  EXPECT_FALSE(q.advance_to(t_ms(4)));
  q.schedule(t_ms(8), [] {});
  EXPECT_FALSE(q.advance_to(t_ms(9)));
  EXPECT_TRUE(q.advance_to(t_ms(8)));
  EXPECT_EQ(q.now(), t_ms(8));
}

TEST(EventQueue, FormatsTimesAsSecondsWithNanoseconds) {
  EXPECT_EQ(format_time(base::time_from_ns(1'500'000'123)), "1.500000123s");
  EXPECT_EQ(format_time(base::time_from_ns(0)), "0.000000000s");
  EXPECT_EQ(format_time(base::time_from_ns(-2'000'000'001)), "-2.000000001s");
}

}  // namespace
}  // namespace hip::sim
