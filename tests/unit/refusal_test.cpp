// What a console line says about the site's answer, and the verdict for a 429 outside the
// rate-limit suite; report paths relative to the config.
#include "harness/checks/refusal.hpp"

#include "harness/run/plan.hpp"

#include <gtest/gtest.h>

namespace formcheck::checks {
namespace {

Submission answered(long status, std::string body, http::Headers headers = {}) {
  Submission s;
  s.token = "fc-abc123-1";
  s.response.status = status;
  s.response.body = std::move(body);
  s.response.headers = std::move(headers);
  return s;
}

config::TargetSettings target_named(std::string name) {
  config::TargetSettings t;
  t.name = std::move(name);
  t.rate_limit = {5, 10};
  return t;
}

TEST(SiteAnswer, QuotesTheFirstWordsOfTheSitesError) {
  EXPECT_EQ(site_answer(answered(503, R"({"error":"Service Unavailable"})")),
            "HTTP 503 “Service Unavailable”");
  EXPECT_EQ(site_answer(answered(500, "<html>\n  <body>Internal\n\nerror</body>")),
            "HTTP 500 “<html> <body>Internal error</body>”");
  const auto long_error = site_answer(answered(400, R"({"message":")" + std::string(300, 'x') + R"("})"));
  EXPECT_LT(long_error.size(), 120u) << long_error;
  EXPECT_NE(long_error.find("…"), std::string::npos);
}

TEST(SiteAnswer, A2xxIsJustItsStatus) {
  EXPECT_EQ(site_answer(answered(200, R"({"success":true,"sid":"SM1"})")), "HTTP 200");
}

TEST(PacingRefusal, A429IsAnErrorNamingThePacingAndTheFix) {
  const auto r = pacing_refusal(answered(429, R"({"error":"Too many requests"})", {{"Retry-After", "7"}}),
                                target_named("local"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->outcome, results::Outcome::error);
  for (const std::string needle :
       {"HTTP 429", "Retry-After 7", "targets.local.rate_limit", "5 per 10 s", "fix"}) {
    EXPECT_NE(r->message.find(needle), std::string::npos) << needle << ": " << r->message;
  }
}

TEST(PacingRefusal, OtherAnswersAreNotPacing) {
  EXPECT_FALSE(pacing_refusal(answered(503, "{}"), target_named("local")));
  EXPECT_FALSE(pacing_refusal(answered(200, "{}"), target_named("local")));
}

TEST(SayWhatTheSiteAnswered, AppendsOnlyToNonPassesThatDoNotSayIt) {
  const auto refused = answered(503, R"({"error":"Service Unavailable"})");
  results::CaseResult failed;
  failed.outcome = results::Outcome::failed;
  failed.message = "no message carrying fc-abc123-1 reached staff";
  say_what_the_site_answered(failed, refused);
  EXPECT_EQ(
      failed.message,
      "no message carrying fc-abc123-1 reached staff; the site answered HTTP 503 “Service Unavailable”");
  say_what_the_site_answered(failed, refused);  // said once, never twice
  EXPECT_EQ(failed.message.find("the site answered"), failed.message.rfind("the site answered"));

  results::CaseResult passed;
  passed.outcome = results::Outcome::passed;
  passed.message = "ok";
  say_what_the_site_answered(passed, refused);
  EXPECT_EQ(passed.message, "ok");

  results::CaseResult skipped;  // a skip that has nothing to do with the answer
  skipped.outcome = results::Outcome::skipped;
  skipped.message = "the sandbox sender is allowed here";
  say_what_the_site_answered(skipped, answered(200, "{}"));
  EXPECT_EQ(skipped.message, "the sandbox sender is allowed here");
}

TEST(ReportPath, RelativeToTheConfigOrLeftOut) {
  EXPECT_EQ(run::report_path("/repo/site/suites/own.json", "/repo/site"), "suites/own.json");
  EXPECT_EQ(run::report_path("/opt/formcheck/suites/delivery.json", "/repo/site"), "");
  EXPECT_EQ(run::report_path("", "/repo/site"), "");
}

}  // namespace
}  // namespace formcheck::checks
