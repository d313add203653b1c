// The rate gate against a simulated clock: at the window's edge it must wait until the
// site's limiter has certainly forgotten the oldest submission.
#include "harness/run/rate_gate.hpp"

#include <gtest/gtest.h>

namespace formcheck::run {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

struct SimulatedClock {
  Clock::time_point now = Clock::time_point{} + 1000s;
  Clock::duration slept{0};
  GateClock gate_clock() {
    return GateClock{[this] { return now; },
                     [this](Clock::duration d) {
                       now += d;
                       slept += d;
                     }};
  }
};

// A limiter that stamps at arrival and counts a request arriving exactly `window` after
// another as still inside (the stricter boundary rule).
struct ArrivalLimiter {
  int max;
  Clock::duration window;
  std::vector<Clock::time_point> stamps;
  bool admit(Clock::time_point at) {
    int inside = 0;
    for (const auto& s : stamps) {
      inside += at - s <= window ? 1 : 0;
    }
    stamps.push_back(at);  // counts every arrival
    return inside < max;
  }
};

TEST(RateGate, RoomAtOnceWhileTheWindowHasIt) {
  SimulatedClock clock;
  RateGate gate({5, 10}, nullptr, clock.gate_clock());
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(gate.acquire(1, nullptr));
    gate.record(1);
  }
  EXPECT_EQ(clock.slept, Clock::duration::zero());
}

TEST(RateGate, TheSixthWaitsPastTheWindowPlusTheMargin) {
  SimulatedClock clock;
  RateGate gate({5, 10}, nullptr, clock.gate_clock());
  const auto first = clock.now;
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(gate.acquire(1, nullptr));
    gate.record(1);
  }
  std::chrono::milliseconds told{0};
  ASSERT_TRUE(gate.acquire(1, [&](std::chrono::milliseconds wait) { told = wait; }));
  EXPECT_GT(clock.now - first, 10s + RateGate::kMargin);
  EXPECT_LE(clock.now - first, 10s + RateGate::kMargin + 101ms);
  EXPECT_GT(told, 10s);
}

TEST(RateGate, AStampExactlyAtTheWindowEdgeIsNotForgotten) {
  // The old gate forgot a stamp at exactly `window`, so the margin never applied.
  SimulatedClock clock;
  RateGate gate({1, 10}, nullptr, clock.gate_clock());
  const auto stamp = clock.now;
  gate.record(1);
  clock.now = stamp + 10s;
  ASSERT_TRUE(gate.acquire(1, nullptr));
  EXPECT_GT(clock.now - stamp, 10s + RateGate::kMargin);
}

TEST(RateGate, StampsAtTheAnswerSoASlowFirstAnswerStillCounts) {
  // The site's cold route counted the first submission 4 s after it was sent; the gate
  // records when the answer came, so the sixth is still paced from the site's stamp.
  SimulatedClock clock;
  ArrivalLimiter site{5, 10s, {}};
  RateGate gate({5, 10}, nullptr, clock.gate_clock());
  for (int i = 0; i < 12; ++i) {
    ASSERT_TRUE(gate.acquire(1, nullptr));
    clock.now += i == 0 ? 4s : 20ms;  // the route runs (cold the first time)
    EXPECT_TRUE(site.admit(clock.now)) << "submission " << i + 1;
    clock.now += 5ms;  // the answer travels back
    gate.record(1);
  }
}

TEST(RateGate, BurstsAreCountedAfterTheirAnswers) {
  SimulatedClock clock;
  ArrivalLimiter site{5, 10s, {}};
  RateGate gate({5, 10}, nullptr, clock.gate_clock());
  for (int round = 0; round < 3; ++round) {
    ASSERT_TRUE(gate.acquire(5, nullptr));
    for (int i = 0; i < 5; ++i) {
      clock.now += 30ms;
      EXPECT_TRUE(site.admit(clock.now)) << "round " << round << ", submission " << i + 1;
    }
    gate.record(5);
  }
}

TEST(RateGate, MoreThanTheLimitAtOnceDoesNotHang) {
  SimulatedClock clock;
  RateGate gate({2, 10}, nullptr, clock.gate_clock());
  EXPECT_TRUE(gate.acquire(3, nullptr));
}

TEST(RateGate, CancelledWhileWaiting) {
  SimulatedClock clock;
  std::atomic<bool> cancelled{false};
  GateClock c = clock.gate_clock();
  auto sleep = c.sleep;
  c.sleep = [&](Clock::duration d) {
    sleep(d);
    cancelled = true;
  };
  RateGate gate({1, 10}, &cancelled, c);
  gate.record(1);
  EXPECT_FALSE(gate.acquire(1, nullptr));
  EXPECT_LT(clock.slept, 1s);
}

}  // namespace
}  // namespace formcheck::run
