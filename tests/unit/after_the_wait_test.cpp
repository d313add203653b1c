// The rules that turn a verdict judged when a wait ended into a failure once the end-of-run
// sweep reads the message again: only a wait that passed, only a final failure of the same
// message, and the failure names the status the wait saw, the status now and Twilio's error.
#include "harness/checks/after_the_wait.hpp"

#include "harness/config/config.hpp"

#include <gtest/gtest.h>

namespace formcheck {
namespace {

using checks::WatchResult;
using results::Outcome;

twilio::Message message(std::string sid, std::string status, std::optional<int> code = std::nullopt) {
  twilio::Message m;
  m.sid = std::move(sid);
  m.status = std::move(status);
  m.error_code = code;
  m.from = "whatsapp:+15557654321";
  return m;
}

WatchResult reached(const std::string& status) {
  WatchResult w;
  w.end = WatchResult::End::reached;
  w.message = message("SM1", status);
  w.latency = std::chrono::milliseconds(1200);
  return w;
}

TEST(AfterTheWait, AFinalFailureOfTheSameMessageAfterAPassingWait) {
  const auto w = reached("sent");
  const auto later = checks::failed_after_the_wait(
      w, {message("SM2", "failed", 63016), message("SM1", "undelivered", 30008)});
  ASSERT_TRUE(later);
  EXPECT_EQ(later->status, "undelivered");
  EXPECT_EQ(later->error_code, 30008);
  EXPECT_FALSE(checks::failed_after_the_wait(w, {message("SM1", "delivered")}));
  EXPECT_FALSE(
      checks::failed_after_the_wait(w, {message("SM2", "failed", 63016)}));  // another message's failure
  EXPECT_FALSE(checks::failed_after_the_wait(w, {}));  // not listed: nothing new is known
  auto timed_out = w;
  timed_out.end = WatchResult::End::timed_out;  // already failed by its wait
  EXPECT_FALSE(checks::failed_after_the_wait(timed_out, {message("SM1", "failed", 30008)}));
}

TEST(AfterTheWait, DeliveredFailsWithWhatTheWaitSawAndTwiliosError) {
  results::CaseResult r;
  r.outcome = Outcome::passed;
  r.message = "SM1 sent after 1.20 s";
  r.add_property("status", "sent");
  config::ExpectSettings expect;
  expect.status = "sent";
  checks::fail_delivered_after_the_wait(r, reached("sent"), message("SM1", "undelivered", 30008),
                                        std::chrono::milliseconds(31000), expect);
  EXPECT_EQ(r.outcome, Outcome::failed);
  EXPECT_NE(r.message.find("reached 'sent' after 1.20 s, then ended 'undelivered' with error 30008"),
            std::string::npos)
      << r.message;
  EXPECT_NE(r.message.find("31 s after the submission"), std::string::npos) << r.message;
  EXPECT_NE(r.detail.find("when its wait ended it had passed: SM1 sent"), std::string::npos) << r.detail;
  int status_properties = 0;
  for (const auto& [key, value] : r.properties) {
    status_properties += key == "status" ? 1 : 0;
    if (key == "status") {
      EXPECT_EQ(value, "undelivered");
    }
  }
  EXPECT_EQ(status_properties, 1);
}

TEST(AfterTheWait, ADuplicateFailsAPassedPayloadAndKeepsAnEarlierFailure) {
  results::CaseResult r;
  r.outcome = Outcome::failed;
  r.message = "SM1: email did not pass through intact";
  checks::fail_duplicate_submission(r, {message("SM1", "delivered"), message("SM2", "delivered")});
  EXPECT_EQ(r.outcome, Outcome::failed);
  EXPECT_NE(r.message.find("2 messages for one submission: SM1, SM2"), std::string::npos) << r.message;
  EXPECT_NE(r.detail.find("it had also failed: SM1: email did not pass through intact"), std::string::npos)
      << r.detail;
}

TEST(AfterTheWait, TheSettleDefaultsToTheLatencyBudget) {
  config::ExpectSettings expect;
  expect.latency_s = 12;
  expect.grace_s = 3;
  EXPECT_DOUBLE_EQ(expect.settle_seconds(), 12);
  EXPECT_STREQ(expect.settle_key(), "expect.latency_s");
  expect.settle_s = 2;
  EXPECT_DOUBLE_EQ(expect.settle_seconds(), 2);
  EXPECT_STREQ(expect.settle_key(), "expect.settle_s");
}

}  // namespace
}  // namespace formcheck
