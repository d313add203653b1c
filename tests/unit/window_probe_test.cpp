// When the window probe goes after the rate-limit bursts, and what its answer does to the
// abuse/limited verdict.
#include "harness/checks/window_probe.hpp"

#include <gtest/gtest.h>

namespace formcheck::checks {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

const Clock::time_point kStart = Clock::time_point() + 1000s;

Submission answered(Clock::time_point sent, long status,
                    std::optional<std::string> retry_after = std::nullopt) {
  Submission s;
  s.token = "fc-abc123-1";
  s.sent_at = sent;
  s.response.status = status;
  s.response.elapsed = 50ms;
  if (retry_after) {
    s.response.headers.push_back({"Retry-After", *retry_after});
  }
  return s;
}

config::RateLimitSettings limit(double window_s, std::optional<double> probe_s = std::nullopt) {
  config::RateLimitSettings l;
  l.max = 5;
  l.window_s = window_s;
  l.window_probe_s = probe_s;
  return l;
}

// A burst sent at kStart: 3 legitimate accepted, 2 abusive refused with `retry_after`.
ProbeTime plan(const config::RateLimitSettings& l, std::optional<std::string> retry_after) {
  const std::vector<Submission> legit(3, answered(kStart, 200));
  const std::vector<Submission> abuse{answered(kStart + 100ms, 200),
                                      answered(kStart + 100ms, 429, retry_after)};
  return plan_window_probe(l, legit, abuse);
}

double seconds_after_start(Clock::time_point t) {
  return std::chrono::duration<double>(t - kStart).count();
}

TEST(WindowProbe, DefaultsToHalfTheWindowAtMost30Seconds) {
  EXPECT_DOUBLE_EQ(window_probe_after_s(limit(10)), 5);
  EXPECT_DOUBLE_EQ(window_probe_after_s(limit(60)), 30);
  EXPECT_DOUBLE_EQ(window_probe_after_s(limit(3600)), 30);
  EXPECT_DOUBLE_EQ(window_probe_after_s(limit(60, 7)), 7);
  EXPECT_DOUBLE_EQ(window_probe_after_s(limit(60, 0)), 0);
}

TEST(WindowProbe, AHealthySlidingWindowIsProbedAtHalfOfIt) {
  const auto t = plan(limit(10), "10");
  ASSERT_TRUE(t.at) << t.why_not;
  EXPECT_NEAR(seconds_after_start(*t.at), 5, 0.01);
}

TEST(WindowProbe, AShortRetryAfterStillWaitsTwoSecondsAfterTheLastAnswer) {
  const auto t = plan(limit(10), "1");  // what a 1 s window answers
  ASSERT_TRUE(t.at) << t.why_not;
  EXPECT_NEAR(seconds_after_start(*t.at), 0.15 + 2, 0.01);
}

TEST(WindowProbe, AFixedWindowIsProbedBeforeTheRetryTimeItPromised) {
  const auto t = plan(limit(60), "20");
  ASSERT_TRUE(t.at) << t.why_not;
  EXPECT_NEAR(seconds_after_start(*t.at), 0.15 + 20 - 1, 0.01);
}

TEST(WindowProbe, NoProbeWhenOffWithoutA429OrInATooShortWindow) {
  EXPECT_NE(plan(limit(10, 0), "10").why_not.find("window_probe_s is 0"), std::string::npos);
  const std::vector<Submission> accepted{answered(kStart, 200), answered(kStart, 200)};
  const auto none = plan_window_probe(limit(10), accepted, accepted);
  EXPECT_FALSE(none.at);
  EXPECT_NE(none.why_not.find("no 429"), std::string::npos);
  const auto short_window = plan(limit(3), "3");
  EXPECT_FALSE(short_window.at);
  EXPECT_NE(short_window.why_not.find("3 s window"), std::string::npos) << short_window.why_not;
}

results::CaseResult passed() {
  results::CaseResult r;
  r.outcome = results::Outcome::passed;
  r.message = "2 accepted (5 in the window with the legitimate burst, limit 5), 2 answered 429";
  return r;
}

TEST(WindowProbe, AnAcceptedProbeFailsAbuseLimitedNamingWhenItWent) {
  ProbeTime t;
  t.first = kStart;
  t.at = kStart + 2s;
  const auto probe = answered(kStart + 2s, 200);
  auto r = passed();
  judge_window_probe(r, limit(10), t, &probe);
  EXPECT_EQ(r.outcome, results::Outcome::failed);
  EXPECT_NE(r.message.find("2.0 s after the burst's first, inside the 10 s window"), std::string::npos)
      << r.message;
  EXPECT_NE(r.detail.find("window_probe_s to 0"), std::string::npos) << r.detail;
}

TEST(WindowProbe, ARefusedProbeKeepsThePassAndSaysSo) {
  ProbeTime t;
  t.first = kStart;
  const auto probe = answered(kStart + 5s, 429, "5");
  auto r = passed();
  judge_window_probe(r, limit(10), t, &probe);
  EXPECT_EQ(r.outcome, results::Outcome::passed);
  EXPECT_NE(r.message.find("one more 5.0 s into the 10 s window: HTTP 429"), std::string::npos) << r.message;
}

TEST(WindowProbe, NoProbeIsSaidInTheVerdictAndItsProperty) {
  ProbeTime t;
  t.why_not = "rate_limit.window_probe_s is 0";
  auto r = passed();
  judge_window_probe(r, limit(10), t, nullptr);
  EXPECT_EQ(r.outcome, results::Outcome::passed);
  EXPECT_NE(r.message.find("not probed (rate_limit.window_probe_s is 0)"), std::string::npos) << r.message;
  ASSERT_EQ(r.properties.size(), 1u);
  EXPECT_EQ(r.properties[0].first, "window_probe");
}

}  // namespace
}  // namespace formcheck::checks
