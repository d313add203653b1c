// Retries send new WhatsApp messages: the plan's budget (max_messages) must hold in the worst
// case, when every suite fails every attempt, and the refusal must say how many retries fit.
#include "tests/support/standin.hpp"
#include "harness/run/plan.hpp"

#include <gtest/gtest.h>

namespace formcheck::run {
namespace {

config::Config config_with_production(int max_messages, int config_retries = 0) {
  config::Config c;
  c.suites_dir = std::filesystem::path(formcheck::testing::source_dir()) / "suites";
  c.suites = {"delivery", "rate-limit"};  // 1 + up to 8 (the limit 5 + 2, the window probe) messages
  c.retries = config_retries;
  c.twilio.staff = "whatsapp:+6281234567890";
  config::TargetSettings t;
  t.name = "production";
  t.url = "https://example.com";
  t.production = true;
  t.max_messages = max_messages;
  c.targets.push_back(t);
  return c;
}

Plan plan_for(const config::Config& c, std::optional<int> retries) {
  PlanRequest request;
  request.retries = retries;
  auto plan = make_plan(c, request, "fc-test");
  EXPECT_TRUE(plan) << (plan ? "" : plan.error().front().to_string());
  return plan ? *plan : Plan{};
}

TEST(PlanRetries, WorstCaseCountsEveryAttempt) {
  const auto plan = plan_for(config_with_production(27), 2);
  ASSERT_EQ(plan.targets.size(), 1u);
  EXPECT_EQ(plan.retries, 2);
  EXPECT_EQ(plan.targets[0].messages_per_attempt, 9);
  EXPECT_EQ(plan.targets[0].messages, 27);
  EXPECT_EQ(plan.messages(), 27);
  EXPECT_TRUE(check_budgets(plan).empty()) << "27 of 27 fits";
}

TEST(PlanRetries, OverBudgetRefusesAndNamesTheRetriesThatFit) {
  const auto plan = plan_for(config_with_production(20), 3);  // 9 × 4 = 36 > 20
  const auto problems = check_budgets(plan);
  ASSERT_EQ(problems.size(), 1u);
  const auto text = problems[0].to_string();
  EXPECT_NE(text.find("up to 36 messages"), std::string::npos) << text;
  EXPECT_NE(text.find("9 per attempt × 4 attempts with 3 retries"), std::string::npos) << text;
  EXPECT_NE(text.find("max_messages is 20"), std::string::npos) << text;
  EXPECT_NE(text.find("--retries 1"), std::string::npos) << "20 / 9 = 2 attempts = 1 retry:\n" << text;
}

TEST(PlanRetries, WithoutRetriesTheBudgetIsOneAttempt) {
  const auto plan = plan_for(config_with_production(9), std::nullopt);
  EXPECT_EQ(plan.retries, 0);
  EXPECT_EQ(plan.targets[0].messages, 9);
  EXPECT_TRUE(check_budgets(plan).empty());
  const auto text = describe_plan(plan, config_with_production(9));
  EXPECT_EQ(text.find("retries"), std::string::npos) << text;
}

TEST(PlanRetries, TheCommandLineWinsOverTheConfig) {
  EXPECT_EQ(plan_for(config_with_production(100, 3), std::nullopt).retries, 3);
  EXPECT_EQ(plan_for(config_with_production(100, 3), 0).retries, 0);
  EXPECT_EQ(plan_for(config_with_production(100, 3), 1).targets[0].messages, 18);
}

TEST(PlanRetries, DescriptionSaysTheWorstCaseAndWhy) {
  const auto c = config_with_production(27);
  const auto text = describe_plan(plan_for(c, 2), c);
  EXPECT_NE(text.find("up to 27 WhatsApp message(s)"), std::string::npos) << text;
  EXPECT_NE(text.find("retries: 2"), std::string::npos) << text;
  EXPECT_NE(text.find("assume every attempt fails"), std::string::npos) << text;
  EXPECT_NE(text.find("9 per attempt × 3 attempts"), std::string::npos) << text;
}

}  // namespace
}  // namespace formcheck::run

namespace formcheck::run {
namespace {

TEST(PlanMessages, TheSenderChecksShareTheDeliverySubmission) {
  auto c = config_with_production(100);
  c.suites = {"delivery", "sender", "rate-limit"};
  const auto plan = plan_for(c, 0);
  ASSERT_EQ(plan.targets[0].per_suite.size(), 3u);
  EXPECT_EQ(plan.targets[0].per_suite[0].submissions, 1);  // delivery
  EXPECT_EQ(plan.targets[0].per_suite[1].submissions, 0) << "sender is judged from the delivery message";
  EXPECT_EQ(plan.targets[0].per_suite[2].submissions, 8);  // one burst (the limit 5 + 2), the window probe
  EXPECT_EQ(plan.targets[0].per_suite[2].healthy, 5);
  EXPECT_EQ(plan.targets[0].healthy_messages(), 6);
  EXPECT_EQ(plan.targets[0].messages, 9);
  const auto text = describe_plan(plan, c);
  EXPECT_NE(text.find("sender-and-recipient judged from the delivery submission"), std::string::npos) << text;
  EXPECT_NE(text.find("a healthy site sends 6"), std::string::npos) << text;

  c.suites = {"sender"};  // alone, it submits once
  EXPECT_EQ(plan_for(c, 0).targets[0].messages, 1);
}

}  // namespace
}  // namespace formcheck::run
