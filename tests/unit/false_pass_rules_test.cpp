// The pure rules that keep a broken site from passing: a 2xx body that refuses, a usable
// Retry-After, the whole-window rate limit, a SID's shape, a missing message no failing check
// owns, a latency that Twilio's timestamps cannot make a pass, flaky delivery, non-finite
// numbers in the configuration, and the answer-size cap's bookkeeping.
#include <gtest/gtest.h>

#include <cmath>

#include "harness/checks/acceptance.hpp"
#include "harness/checks/evaluate.hpp"
#include "harness/checks/retry_after.hpp"
#include "harness/checks/watcher.hpp"
#include "harness/config/config.hpp"
#include "harness/run/attempts.hpp"
#include "harness/twilio/rfc2822.hpp"

namespace formcheck {
namespace {

using results::Outcome;

http::Response answer(long status, std::string body, std::string type = "application/json") {
  http::Response r;
  r.status = status;
  r.body = std::move(body);
  r.body_bytes = r.body.size();
  r.headers.push_back({"Content-Type", std::move(type)});
  return r;
}

TEST(BodyRefusal, FalseFlagsAndErrorMembersRefuse) {
  EXPECT_TRUE(checks::body_refusal(answer(200, R"({"success": false})"), true));
  EXPECT_TRUE(checks::body_refusal(answer(200, R"({"ok": false, "sid": "SMx"})"), true));
  EXPECT_TRUE(checks::body_refusal(answer(200, R"({"error": "Twilio not configured"})"), true));
  EXPECT_TRUE(checks::body_refusal(answer(200, R"({"error": {"code": 20003}})"), true));
  EXPECT_TRUE(checks::body_refusal(answer(200, R"(  {"error": true})"), false));
}

TEST(BodyRefusal, SuccessBodiesAndUnsetErrorsDoNotRefuse) {
  EXPECT_FALSE(checks::body_refusal(answer(200, R"({"ok": true, "sid": "SM1"})"), true));
  EXPECT_FALSE(checks::body_refusal(answer(200, R"({"success": true, "error": null})"), true));
  EXPECT_FALSE(checks::body_refusal(answer(200, R"({"error": ""})"), true));
  EXPECT_FALSE(checks::body_refusal(answer(200, R"({"error": false})"), true));
  EXPECT_FALSE(checks::body_refusal(answer(204, ""), true));
  EXPECT_FALSE(checks::body_refusal(answer(200, "Thanks!", "text/plain"), true));
  EXPECT_FALSE(checks::body_refusal(answer(200, R"([1, 2])"), true));
  // A cut (or otherwise unreadable) JSON body proves nothing either way.
  EXPECT_FALSE(checks::body_refusal(answer(200, R"({"ok": true, "padding": "xxxx)"), true));
}

TEST(BodyRefusal, HtmlRefusesOnlyWhereJsonWasExpected) {
  const auto page = answer(200, "<!DOCTYPE html><html><body>Application error</body></html>", "text/html");
  EXPECT_TRUE(checks::body_refusal(page, true));
  EXPECT_FALSE(checks::body_refusal(page, false)) << "a form-encoded post may well get a thank-you page";
  EXPECT_TRUE(checks::body_refusal(answer(200, "\n  <html><body>oops</body></html>", "application/octet-stream"), true));
}

TEST(RetryAfter, DeltaSecondsWithinTheWindow) {
  const auto now = std::chrono::system_clock::now();
  EXPECT_FALSE(checks::retry_after_problem("1", 60, now));
  EXPECT_FALSE(checks::retry_after_problem(" 60 ", 60, now));
  EXPECT_FALSE(checks::retry_after_problem("10", 9.5, now)) << "the window rounded up";
  EXPECT_TRUE(checks::retry_after_problem("0", 60, now));
  EXPECT_TRUE(checks::retry_after_problem("61", 60, now));
  EXPECT_TRUE(checks::retry_after_problem("99999999999999999999", 60, now));
  EXPECT_TRUE(checks::retry_after_problem("-5", 60, now));
  EXPECT_TRUE(checks::retry_after_problem("1.5", 60, now));
  EXPECT_TRUE(checks::retry_after_problem("soon", 60, now));
  EXPECT_TRUE(checks::retry_after_problem("", 60, now));
}

TEST(RetryAfter, HttpDatesMustBeAheadAndWithinTheWindow) {
  const auto now = std::chrono::system_clock::now();
  const auto date = [&](std::chrono::seconds ahead) {
    auto text = twilio::format_rfc2822(std::chrono::floor<std::chrono::seconds>(now + ahead));
    return text.substr(0, text.rfind(' ')) + " GMT";
  };
  EXPECT_FALSE(checks::retry_after_problem(date(std::chrono::seconds(30)), 60, now));
  EXPECT_FALSE(checks::retry_after_problem(date(std::chrono::seconds(0)), 60, now));
  EXPECT_TRUE(checks::retry_after_problem(date(std::chrono::seconds(-30)), 60, now));
  EXPECT_TRUE(checks::retry_after_problem(date(std::chrono::seconds(3600)), 60, now));
  EXPECT_TRUE(checks::retry_after_problem("Thu, 01 Jan 2015 00:00:00 GMT", 60, now));
}

checks::Submission submitted(long status, std::chrono::steady_clock::time_point at, std::string token = "fc-t-1") {
  checks::Submission s;
  s.token = std::move(token);
  s.sent_at = at;
  s.response = answer(status, status == 200 ? R"({"ok":true})" : R"({"error":"Too many requests"})");
  return s;
}

TEST(AbuseLimited, TheLegitimateBurstCountsAgainstTheSameWindow) {
  const auto t0 = std::chrono::steady_clock::now();
  config::RateLimitSettings limit;
  limit.max = 5;
  limit.window_s = 60;
  const std::vector<checks::Submission> legit{submitted(200, t0), submitted(200, t0)};
  // Four of the abusive burst accepted: 2 + 4 = 6 in one window, one too many.
  std::vector<checks::Submission> abuse;
  for (int i = 0; i < 7; ++i) {
    abuse.push_back(submitted(i < 4 ? 200 : 429, t0 + std::chrono::seconds(1)));
  }
  EXPECT_EQ(checks::check_abuse_limited(legit, abuse, limit).outcome, Outcome::failed);
  abuse[3] = submitted(429, t0 + std::chrono::seconds(1));  // 2 + 3 = 5: the limit exactly
  EXPECT_EQ(checks::check_abuse_limited(legit, abuse, limit).outcome, Outcome::passed);
  // A legitimate burst from an earlier window does not count.
  std::vector<checks::Submission> old_legit{submitted(200, t0 - std::chrono::seconds(120)),
                                            submitted(200, t0 - std::chrono::seconds(120))};
  abuse[3] = submitted(200, t0 + std::chrono::seconds(1));
  abuse[4] = submitted(200, t0 + std::chrono::seconds(1));
  EXPECT_EQ(checks::check_abuse_limited(old_legit, abuse, limit).outcome, Outcome::passed);
}

TEST(MessageSid, OnlyTwilioShapedSidsAreFetched) {
  EXPECT_TRUE(checks::looks_like_message_sid("SM0123456789abcdef0123456789abcdef"));
  EXPECT_TRUE(checks::looks_like_message_sid("MM0123456789ABCDEF0123456789abcdef"));
  EXPECT_FALSE(checks::looks_like_message_sid("msg_000001"));
  EXPECT_FALSE(checks::looks_like_message_sid("SM0123456789abcdef0123456789abcde"));
  EXPECT_FALSE(checks::looks_like_message_sid("AC0123456789abcdef0123456789abcdef"));
  EXPECT_FALSE(checks::looks_like_message_sid("SM0123456789abcdef0123456789abcdeg"));
}

TEST(MissingMessage, SkippedOnlyWhenDeliveredOwnsTheCause) {
  checks::Submission s = submitted(200, std::chrono::steady_clock::now());
  checks::WatchResult timed_out;
  timed_out.end = checks::WatchResult::End::timed_out;
  config::ExpectSettings expect;
  expect.sender = "whatsapp:+15557654321";
  checks::Observed alone{&s, &timed_out, false};
  checks::Observed owned{&s, &timed_out, true};
  EXPECT_EQ(checks::check_sender(alone, expect).outcome, Outcome::failed);
  EXPECT_EQ(checks::check_recipient(alone, "whatsapp:+1").outcome, Outcome::failed);
  EXPECT_EQ(checks::check_not_sandbox(alone, expect).outcome, Outcome::failed);
  EXPECT_EQ(checks::check_latency(alone, expect).outcome, Outcome::failed);
  EXPECT_EQ(checks::check_sender(owned, expect).outcome, Outcome::skipped);
  EXPECT_EQ(checks::check_latency(owned, expect).outcome, Outcome::skipped);
  EXPECT_EQ(checks::check_one_message(owned, {}).outcome, Outcome::skipped);
  checks::WatchResult cancelled;
  cancelled.end = checks::WatchResult::End::cancelled;
  EXPECT_EQ(checks::check_sender({&s, &cancelled, false}, expect).outcome, Outcome::not_run);
}

TEST(Latency, TwilioTimestampsNeverMakeALateObservationPass) {
  checks::Submission s = submitted(200, std::chrono::steady_clock::now());
  config::ExpectSettings expect;
  expect.latency_s = 5;
  checks::WatchResult w;
  w.end = checks::WatchResult::End::reached;
  twilio::Message m;
  m.sid = "SM0123456789abcdef0123456789abcdef";
  m.status = "delivered";
  w.message = m;
  w.latency = std::chrono::milliseconds(9000);
  w.twilio_latency = std::chrono::seconds(0);  // Twilio saw it go out at once
  w.api_errors = 3;
  // No good look before the sighting: unknown, never a pass.
  w.poll_bound = std::chrono::milliseconds(9000);
  EXPECT_EQ(checks::check_latency({&s, &w, true}, expect).outcome, Outcome::error);
  // A good look at 7 s did not see it: late, whatever Twilio's timestamps say.
  w.poll_bound = std::chrono::milliseconds(2000);
  EXPECT_EQ(checks::check_latency({&s, &w, true}, expect).outcome, Outcome::failed);
  // Twilio's own span over the budget: late even without a good look.
  w.poll_bound = std::chrono::milliseconds(9000);
  w.twilio_latency = std::chrono::seconds(8);
  EXPECT_EQ(checks::check_latency({&s, &w, true}, expect).outcome, Outcome::failed);
  w.latency = std::chrono::milliseconds(4000);
  EXPECT_EQ(checks::check_latency({&s, &w, true}, expect).outcome, Outcome::passed);
}

results::CaseResult attempt(Outcome outcome, int number, std::string name) {
  results::CaseResult r;
  r.name = std::move(name);
  r.outcome = outcome;
  r.attempt = number;
  r.message = outcome == Outcome::passed ? "ok" : "no message carrying fc-x reached staff";
  return r;
}

TEST(FlakyDelivery, ALostMessageFailsUnlessAllowed) {
  EXPECT_TRUE(run::is_delivery_class("contact-form/delivered"));
  EXPECT_TRUE(run::is_delivery_class("legit-burst/delivered"));
  EXPECT_TRUE(run::is_delivery_class("contact-form/one-message"));
  EXPECT_TRUE(run::is_delivery_class("abuse/messages-match-accepted"));
  EXPECT_FALSE(run::is_delivery_class("contact-form/accepted"));
  EXPECT_FALSE(run::is_delivery_class("contact-form/latency"));
  EXPECT_FALSE(run::is_delivery_class("undelivered"));

  auto merged = run::merge_attempts({attempt(Outcome::failed, 1, "contact-form/delivered"),
                                     attempt(Outcome::passed, 2, "contact-form/delivered")});
  ASSERT_TRUE(merged.flaky);
  run::fail_flaky_delivery(merged);
  EXPECT_EQ(merged.outcome, Outcome::failed);
  EXPECT_NE(merged.message.find("attempt 1"), std::string::npos) << merged.message;
  EXPECT_NE(merged.message.find("--allow-flaky-delivery"), std::string::npos) << merged.message;

  auto accepted = run::merge_attempts({attempt(Outcome::failed, 1, "contact-form/accepted"),
                                       attempt(Outcome::passed, 2, "contact-form/accepted")});
  run::fail_flaky_delivery(accepted);
  EXPECT_EQ(accepted.outcome, Outcome::passed) << "Playwright's semantics for the other checks";
  EXPECT_TRUE(accepted.flaky);
}

TEST(ConfigNumbers, NanAndInfinitiesAreRejected) {
  for (const std::string value : {"nan", "-nan", "inf", "-inf", "Infinity", "NAN"}) {
    config::LoadOptions o;
    o.environment = {{"TWILIO_ACCOUNT_SID", "AC0123456789abcdef0123456789abcdef"},
                     {"TWILIO_AUTH_TOKEN", "fedcba9876543210fedcba9876543210"},
                     {"V", value}};
    const std::string text = R"({"twilio": {"account_sid": "${TWILIO_ACCOUNT_SID}", "auth_token": "${TWILIO_AUTH_TOKEN}",
                                 "staff": "whatsapp:+6281234567890", "timeout_s": "${V}"},
                                 "expect": {"sender": "whatsapp:+15557654321", "latency_s": "${V}", "grace_s": "${V}"},
                                 "form": {"fields": {"message": "Hello"}, "timeout_s": "${V}"},
                                 "targets": {"preview": {"url": "https://example.com"}}})";
    const auto loaded = config::parse_config(text, "/tmp/formcheck.json", o);
    ASSERT_FALSE(loaded) << value;
    std::string all;
    for (const auto& p : loaded.error()) {
      all += p.to_string() + "\n";
    }
    for (const char* key : {"twilio.timeout_s", "expect.latency_s", "expect.grace_s", "form.timeout_s"}) {
      EXPECT_NE(all.find(key), std::string::npos) << value << " " << key << "\n" << all;
    }
    EXPECT_NE(all.find("not a finite number"), std::string::npos) << all;
  }
}

TEST(AnswerCap, ACutBodyKnowsItsRealLength) {
  http::Response r = answer(200, std::string(1024, 'x'));
  EXPECT_FALSE(r.body_cut());
  r.body_bytes = 300'000'000;
  EXPECT_TRUE(r.body_cut());
}

}  // namespace
}  // namespace formcheck
