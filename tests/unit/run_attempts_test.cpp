// Retried checks: how the verdicts of several attempts become the one a report shows
// (run/attempts.hpp). The rule under test: retries never mask a failure, a pass on a retry is
// flaky, and a pass carries only its own attempt's evidence.
#include "harness/run/attempts.hpp"

#include <gtest/gtest.h>

namespace formcheck::run {
namespace {

using namespace std::chrono_literals;

results::CaseResult attempt(int number, results::Outcome outcome, std::string message, std::string sid = {}) {
  results::CaseResult r;
  r.suite = "delivery";
  r.target = "preview";
  r.name = "contact-form/delivered";
  r.attempt = number;
  r.outcome = outcome;
  r.message = std::move(message);
  r.duration = std::chrono::milliseconds(1000 * number);
  r.add_property("token", "fc-run-0-" + std::to_string(number));
  if (!sid.empty()) {
    r.add_property("message_sid", sid);
  }
  return r;
}

std::vector<results::Outcome> outcomes(const results::CaseResult& merged) {
  std::vector<results::Outcome> out;
  for (const auto& a : merged.attempts) {
    out.push_back(a.outcome);
  }
  return out;
}

TEST(MergeAttempts, OneAttemptIsReturnedAsItIs) {
  const auto only = attempt(1, results::Outcome::failed, "no message reached staff");
  const auto merged = merge_attempts({only});
  EXPECT_EQ(merged.outcome, results::Outcome::failed);
  EXPECT_FALSE(merged.flaky);
  EXPECT_TRUE(merged.attempts.empty()) << "a case that ran once lists no attempts";
  EXPECT_EQ(merged.message, "no message reached staff");
}

TEST(MergeAttempts, FailThenPassIsAFlakyPassWithTheRetrysOwnEvidence) {
  const auto merged =
      merge_attempts({attempt(1, results::Outcome::failed, "no message carrying the token reached staff"),
                      attempt(2, results::Outcome::passed, "SMbb delivered after 1.2 s", "SMbb")});
  EXPECT_EQ(merged.outcome, results::Outcome::passed);
  EXPECT_TRUE(merged.flaky);
  EXPECT_EQ(merged.attempt, 2);
  EXPECT_EQ(merged.message, "SMbb delivered after 1.2 s");
  // The evidence of the pass is attempt 2's alone: its token and its SID, nothing of attempt 1.
  EXPECT_EQ(merged.properties, (std::vector<std::pair<std::string, std::string>>{{"token", "fc-run-0-2"},
                                                                                 {"message_sid", "SMbb"}}));
  ASSERT_EQ(merged.attempts.size(), 2u);
  EXPECT_EQ(merged.attempts[0].number, 1);
  EXPECT_EQ(merged.attempts[0].message, "no message carrying the token reached staff");
  EXPECT_EQ(merged.attempts[0].properties.size(), 1u) << "attempt 1 saw no message: no SID may appear there";
  EXPECT_EQ(merged.attempts[1].number, 2);
  EXPECT_EQ(merged.duration, 2000ms);
}

TEST(MergeAttempts, FailingEveryAttemptIsAFailureWithEveryAttemptKept) {
  const auto merged = merge_attempts({attempt(1, results::Outcome::failed, "HTTP 502 (1)"),
                                      attempt(2, results::Outcome::failed, "HTTP 502 (2)"),
                                      attempt(3, results::Outcome::failed, "HTTP 502 (3)")});
  EXPECT_EQ(merged.outcome, results::Outcome::failed);
  EXPECT_FALSE(merged.flaky);
  EXPECT_EQ(merged.attempt, 3) << "the latest failure is the verdict";
  EXPECT_EQ(merged.message, "HTTP 502 (3)");
  EXPECT_EQ(outcomes(merged), (std::vector<results::Outcome>{results::Outcome::failed, results::Outcome::failed, results::Outcome::failed}));
}

TEST(MergeAttempts, PassThenFailIsAFailure) {
  // Re-run because a sibling check failed, this one broke the second time: not masked.
  const auto merged = merge_attempts({attempt(1, results::Outcome::passed, "SMaa delivered", "SMaa"),
                                      attempt(2, results::Outcome::failed, "ended 'failed' 63016")});
  EXPECT_EQ(merged.outcome, results::Outcome::failed);
  EXPECT_FALSE(merged.flaky);
  EXPECT_EQ(merged.message, "ended 'failed' 63016");
}

TEST(MergeAttempts, AFailureOutranksALaterErrorSkipOrInterruption) {
  for (const auto later : {results::Outcome::error, results::Outcome::skipped, results::Outcome::not_run}) {
    const auto merged =
        merge_attempts({attempt(1, results::Outcome::failed, "no message reached staff"), attempt(2, later, "later")});
    EXPECT_EQ(merged.outcome, results::Outcome::failed) << to_string(later);
    EXPECT_EQ(merged.attempt, 1) << to_string(later);
    EXPECT_EQ(merged.message, "no message reached staff");
    EXPECT_FALSE(merged.flaky);
  }
}

TEST(MergeAttempts, ErrorThenPassIsFlakyAndErrorThenFailIsAFailure) {
  const auto flaky = merge_attempts({attempt(1, results::Outcome::error, "Twilio could not be asked: 503"),
                                     attempt(2, results::Outcome::passed, "ok", "SMcc")});
  EXPECT_EQ(flaky.outcome, results::Outcome::passed);
  EXPECT_TRUE(flaky.flaky);

  const auto failed =
      merge_attempts({attempt(1, results::Outcome::error, "Twilio 503"), attempt(2, results::Outcome::failed, "wrong sender")});
  EXPECT_EQ(failed.outcome, results::Outcome::failed);
  EXPECT_EQ(failed.message, "wrong sender");

  const auto errored = merge_attempts(
      {attempt(1, results::Outcome::error, "Twilio 503 (1)"), attempt(2, results::Outcome::error, "Twilio 503 (2)")});
  EXPECT_EQ(errored.outcome, results::Outcome::error);
  EXPECT_EQ(errored.message, "Twilio 503 (2)");
}

TEST(MergeAttempts, SkippedThenPassIsAPlainPass) {
  // latency: nothing to time on attempt 1 (no message), timed on attempt 2. It never failed.
  const auto merged = merge_attempts(
      {attempt(1, results::Outcome::skipped, "no message to time"), attempt(2, results::Outcome::passed, "1.2 s", "SMdd")});
  EXPECT_EQ(merged.outcome, results::Outcome::passed);
  EXPECT_FALSE(merged.flaky);
  EXPECT_EQ(merged.attempts.size(), 2u);
}

TEST(MergeAttempts, AnInterruptedRetryKeepsTheLastRealVerdict) {
  const auto passed = merge_attempts(
      {attempt(1, results::Outcome::passed, "SMee delivered", "SMee"), attempt(2, results::Outcome::not_run, "")});
  EXPECT_EQ(passed.outcome, results::Outcome::passed);
  EXPECT_EQ(passed.attempt, 1);

  const auto never = merge_attempts({attempt(1, results::Outcome::not_run, ""), attempt(2, results::Outcome::not_run, "")});
  EXPECT_EQ(never.outcome, results::Outcome::not_run);
}

TEST(MergeAttempts, PassFailPassIsFlaky) {
  const auto merged =
      merge_attempts({attempt(1, results::Outcome::passed, "ok", "SM1"), attempt(2, results::Outcome::failed, "dup"),
                      attempt(3, results::Outcome::passed, "ok", "SM3")});
  EXPECT_EQ(merged.outcome, results::Outcome::passed);
  EXPECT_TRUE(merged.flaky);
  EXPECT_EQ(merged.attempt, 3);
}

TEST(MergeAttempts, SummaryCountsFlakyAmongThePassed) {
  auto flaky = merge_attempts({attempt(1, results::Outcome::failed, "x"), attempt(2, results::Outcome::passed, "ok", "SM2")});
  auto plain = attempt(1, results::Outcome::passed, "ok", "SM9");
  const auto summary = results::summarise({flaky, plain});
  EXPECT_EQ(summary.passed, 2u);
  EXPECT_EQ(summary.flaky, 1u);
  EXPECT_EQ(summary.failed, 0u);
  EXPECT_EQ(summary.total(), 2u);
}

}  // namespace
}  // namespace formcheck::run
