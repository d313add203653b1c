// The pack rule (run/pack_refusal.hpp): which refusals send a pack's payloads again alone.
#include "harness/run/pack_refusal.hpp"

#include <gtest/gtest.h>

namespace formcheck::run {
namespace {

checks::Submission answered(long status, std::optional<std::string> refusal = std::nullopt) {
  checks::Submission s;
  s.response.status = status;
  s.refusal = std::move(refusal);
  return s;
}

checks::Submission unanswered() {
  checks::Submission s;
  s.response.error = http::TransportError{http::TransportErrorKind::timeout, "no answer"};
  return s;
}

TEST(PackRefusal, AnAcceptedOrRateLimitedOrUnansweredPackIsNotARefusal) {
  for (const auto& pack : {answered(200), answered(429), unanswered()}) {
    const auto judged = judge_pack_refusal(pack, false, {});
    EXPECT_FALSE(judged.refused);
    EXPECT_FALSE(judged.unpack);
  }
}

TEST(PackRefusal, AValidationRefusalUnpacksUnlessTheDeliveryMetTheSame) {
  const auto ok = answered(200);
  const auto bad_request = answered(400);
  for (long status : {400L, 413L, 422L}) {
    EXPECT_TRUE(judge_pack_refusal(answered(status), false, {}).unpack) << status;
    EXPECT_TRUE(judge_pack_refusal(answered(status), false, {&ok}).unpack) << status;
  }
  const auto same = judge_pack_refusal(answered(400), false, {&bad_request});
  EXPECT_TRUE(same.refused);
  EXPECT_FALSE(same.unpack);
  EXPECT_NE(same.why_not.find("refused the same way (HTTP 400)"), std::string::npos) << same.why_not;
}

TEST(PackRefusal, OtherRefusalsUnpackOnlyWhenAnOrdinarySubmissionGotThrough) {
  const auto ok = answered(200);
  const auto server_error = answered(500);
  const auto bad_gateway = answered(502);
  for (long status : {500L, 502L, 503L, 401L, 403L, 404L}) {
    EXPECT_TRUE(judge_pack_refusal(answered(status), false, {&ok}).unpack) << status;
    const auto alone = judge_pack_refusal(answered(status), false, {});
    EXPECT_TRUE(alone.refused);
    EXPECT_FALSE(alone.unpack) << status;
    EXPECT_NE(alone.why_not.find("no delivery submission"), std::string::npos) << alone.why_not;
  }
  EXPECT_FALSE(judge_pack_refusal(answered(500), false, {&server_error}).unpack);
  const auto other = judge_pack_refusal(answered(500), false, {&bad_gateway});
  EXPECT_FALSE(other.unpack);
  EXPECT_NE(other.why_not.find("not accepted either"), std::string::npos) << other.why_not;
  // A 200 whose body refuses, on a site that accepted the delivery submission.
  EXPECT_TRUE(judge_pack_refusal(answered(200, "the body says it failed"), false, {&ok}).unpack);
  const auto soft = answered(200, "the body says it failed");
  EXPECT_FALSE(judge_pack_refusal(answered(200, "the body says it failed"), false, {&soft}).unpack);
}

TEST(PackRefusal, APageThatWouldNotSendThePackUnpacks) {
  const auto judged = judge_pack_refusal(unanswered(), true, {});
  EXPECT_TRUE(judged.refused);
  EXPECT_TRUE(judged.unpack);
}

}  // namespace
}  // namespace formcheck::run
