// Console words a new user met on the first day: the site's missing answer said as such.
#include "harness/checks/refusal.hpp"

#include <gtest/gtest.h>

namespace formcheck::checks {
namespace {

TEST(SayWhatTheSiteAnswered, NoAnswerIsSaidAsNoAnswer) {
  Submission unanswered;
  unanswered.response.error =
      http::TransportError{http::TransportErrorKind::timeout, "no answer within 10 s"};
  results::CaseResult failed;
  failed.outcome = results::Outcome::failed;
  failed.message = "no message reached staff";
  say_what_the_site_answered(failed, unanswered);
  EXPECT_EQ(failed.message, "no message reached staff; the site gave no answer (no answer within 10 s)");
  EXPECT_EQ(failed.message.find("answered no answer"), std::string::npos) << failed.message;
}

}  // namespace
}  // namespace formcheck::checks
