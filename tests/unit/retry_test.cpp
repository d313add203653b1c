// The one retry helper: backoff steps, Retry-After as a floor or as the word, the attempt limit,
// the deadline and the cancel flag that ends a wait early.
#include "harness/util/retry.hpp"

#include <gtest/gtest.h>

#include <thread>

namespace formcheck {
namespace {

using namespace std::chrono_literals;
using std::chrono::milliseconds;

TEST(Backoff, DoublesUpToTheCapAndStartsOverAfterReset) {
  Backoff backoff({.first = 500ms, .max = 3000ms});
  EXPECT_EQ(backoff.next(), 500ms);
  EXPECT_EQ(backoff.next(), 1000ms);
  EXPECT_EQ(backoff.next(), 2000ms);
  EXPECT_EQ(backoff.next(), 3000ms);
  EXPECT_EQ(backoff.next(), 3000ms);
  EXPECT_EQ(backoff.failures(), 5);
  backoff.reset();
  EXPECT_EQ(backoff.next(), 500ms);
}

TEST(Backoff, RetryAfterIsAFloorOrTheWordAndIsCapped) {
  Backoff floor({.first = 4000ms, .max_retry_after = 60s});
  EXPECT_EQ(floor.next(1000ms), 4000ms);  // never sooner than the step
  EXPECT_EQ(floor.next(20s), 20s);        // never sooner than asked
  EXPECT_EQ(floor.next(10min), 60s);      // but one answer cannot stall a run
  Backoff exactly(
      {.first = 4000ms, .retry_after = BackoffPolicy::RetryAfter::exactly, .max_retry_after = 30s});
  EXPECT_EQ(exactly.next(1000ms), 1000ms);
  EXPECT_EQ(exactly.next(), 8000ms);
  EXPECT_EQ(exactly.next(45s), 30s);
}

TEST(Backoff, JitterStaysWithinHalfTheStepAndTheStep) {
  Backoff backoff({.first = 1000ms, .max = 16000ms, .jitter = true});
  for (const auto step : {1000ms, 2000ms, 4000ms, 8000ms, 16000ms, 16000ms}) {
    const auto wait = backoff.next();
    EXPECT_GE(wait, step / 2);
    EXPECT_LE(wait, step);
  }
}

struct Answer {
  bool ok = false;
  std::optional<milliseconds> retry_after;
};
RetryAdvice advise(const Answer& a) {
  return a.ok ? RetryAdvice{} : RetryAdvice{true, a.retry_after};
}

TEST(Retry, StopsAtTheFirstSuccessAndCountsTheWaits) {
  int calls = 0;
  std::vector<milliseconds> waits;
  RetryOptions options;
  options.backoff.first = 1ms;
  const auto answer = retry(
      [&] {
        return Answer{++calls == 3, std::nullopt};
      },
      advise, options, [&](const Answer&, milliseconds wait) { waits.push_back(wait); });
  EXPECT_TRUE(answer.ok);
  EXPECT_EQ(calls, 3);
  EXPECT_EQ(waits, (std::vector<milliseconds>{1ms, 2ms}));
}

TEST(Retry, GivesUpAfterMaxAttemptsAndReturnsTheLastAnswer) {
  int calls = 0;
  RetryOptions options;
  options.max_attempts = 4;
  options.backoff.first = 1ms;
  const auto answer = retry([&] { return ++calls; },
                            [](int) {
                              return RetryAdvice{true, std::nullopt};
                            },
                            options, [](int, milliseconds) {});
  EXPECT_EQ(answer, 4);
  EXPECT_EQ(calls, 4);
}

TEST(Retry, ANonRetryableAnswerIsReturnedAtOnce) {
  int calls = 0;
  const auto answer = retry([&] { return ++calls; }, [](int) { return RetryAdvice{}; }, RetryOptions{},
                            [](int, milliseconds) { ADD_FAILURE() << "no wait expected"; });
  EXPECT_EQ(answer, 1);
}

TEST(Retry, ACancelEndsALongWaitWithin100Ms) {
  std::atomic<bool> cancel{false};
  RetryOptions options;
  options.cancel = &cancel;
  int calls = 0;
  std::thread ctrl_c([&] {
    std::this_thread::sleep_for(100ms);
    cancel = true;
  });
  const auto started = std::chrono::steady_clock::now();
  retry([&] { return Answer{false, 30s}; }, advise, options, [&](const Answer&, milliseconds) { ++calls; });
  const auto took = std::chrono::steady_clock::now() - started;
  ctrl_c.join();
  EXPECT_EQ(calls, 1);
  EXPECT_LT(took, 1s);
}

TEST(Retry, NoWaitStartsAfterTheDeadlineAndACutWaitEndsThere) {
  RetryOptions options;
  options.deadline = std::chrono::steady_clock::now() + 150ms;
  options.cut_wait_at_deadline = true;
  int calls = 0;
  const auto started = std::chrono::steady_clock::now();
  retry([&] { return Answer{++calls > 5, 20s}; }, advise, options, [](const Answer&, milliseconds) {});
  EXPECT_EQ(calls, 2);  // the first try, then one last try when the cut wait ends
  const auto took = std::chrono::steady_clock::now() - started;
  EXPECT_GE(took, 140ms);
  EXPECT_LT(took, 2s);
}

TEST(SleepUnlessCancelled, SleepsTheWholeTimeWithoutACancel) {
  const auto started = std::chrono::steady_clock::now();
  EXPECT_TRUE(sleep_unless_cancelled(60ms, nullptr));
  EXPECT_GE(std::chrono::steady_clock::now() - started, 60ms);
  std::atomic<bool> cancelled{true};
  EXPECT_FALSE(sleep_unless_cancelled(10s, &cancelled));
}

}  // namespace
}  // namespace formcheck
