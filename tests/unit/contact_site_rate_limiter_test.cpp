// The contact site's per-client sliding-window limiter, driven by a hand-moved clock.
#include <gtest/gtest.h>

#include "fixtures/contact-site/rate_limiter.hpp"

namespace formcheck::site {
namespace {

using namespace std::chrono_literals;
using Clock = RateLimiter::Clock;

TEST(contact_site_rate_limiter, RefusesTheSixthInsideTheWindowAndAcceptsOnceItPasses) {
  RateLimiter limiter(RateLimit{5, 60s});
  const auto t0 = Clock::time_point(1000s);
  for (int i = 0; i < 5; ++i) {
    const auto decision = limiter.check("203.0.113.7", t0 + i * 1s);
    EXPECT_TRUE(decision.allowed) << i;
    EXPECT_EQ(decision.remaining, static_cast<size_t>(4 - i));
  }
  const auto sixth = limiter.check("203.0.113.7", t0 + 10s);
  EXPECT_FALSE(sixth.allowed);
  EXPECT_EQ(sixth.retry_after, 50s);  // the first request leaves the window at t0 + 60 s
  EXPECT_FALSE(limiter.check("203.0.113.7", t0 + 59'999ms).allowed);
  EXPECT_TRUE(limiter.check("203.0.113.7", t0 + 60s).allowed);
  EXPECT_FALSE(limiter.check("203.0.113.7", t0 + 60s).allowed);  // the second still holds its slot
}

TEST(contact_site_rate_limiter, RetryAfterRoundsUpAndIsAtLeastOneSecond) {
  RateLimiter limiter(RateLimit{1, 2s});
  const auto t0 = Clock::time_point(0s);
  EXPECT_TRUE(limiter.check("a", t0).allowed);
  EXPECT_EQ(limiter.check("a", t0 + 100ms).retry_after, 2s);   // 1.9 s -> 2
  EXPECT_EQ(limiter.check("a", t0 + 1999ms).retry_after, 1s);  // 1 ms -> 1
}

TEST(contact_site_rate_limiter, CountsClientsSeparately) {
  RateLimiter limiter(RateLimit{1, 60s});
  const auto t0 = Clock::time_point(0s);
  EXPECT_TRUE(limiter.check("198.51.100.1", t0).allowed);
  EXPECT_FALSE(limiter.check("198.51.100.1", t0).allowed);
  EXPECT_TRUE(limiter.check("198.51.100.2", t0).allowed);
}

TEST(contact_site_rate_limiter, RefusedRequestsDoNotExtendTheWait) {
  RateLimiter limiter(RateLimit{2, 10s});
  const auto t0 = Clock::time_point(0s);
  EXPECT_TRUE(limiter.check("c", t0).allowed);
  EXPECT_TRUE(limiter.check("c", t0 + 1s).allowed);
  for (int i = 2; i < 10; ++i) {
    EXPECT_FALSE(limiter.check("c", t0 + i * 1s).allowed);
  }
  EXPECT_TRUE(limiter.check("c", t0 + 10s).allowed);
}

TEST(contact_site_rate_limiter, ForgetsIdleClients) {
  RateLimiter limiter(RateLimit{5, 1s});
  const auto t0 = Clock::time_point(0s);
  for (int i = 0; i < 1000; ++i) {
    (void)limiter.check("client-" + std::to_string(i), t0);
  }
  for (int i = 0; i < 30; ++i) {
    (void)limiter.check("late", t0 + 5s);
  }
  EXPECT_LE(limiter.tracked_clients(), 2u);
}

TEST(contact_site_rate_limiter, ParsesNPerSeconds) {
  const auto limit = parse_rate_limit("5/60");
  ASSERT_TRUE(limit);
  EXPECT_EQ(limit->limit, 5u);
  EXPECT_EQ(limit->window, 60s);
  for (const char* bad : {"", "5", "5/", "/60", "0/60", "5/0", "-1/60", "5/60s", "a/b"}) {
    EXPECT_FALSE(parse_rate_limit(bad)) << bad;
  }
}

}  // namespace
}  // namespace formcheck::site
