// Browser mode meets the same end-of-run sweep as the API path: a page submission registers
// with the one watcher, so a duplicate the site sends after grace_s but within latency_s, and a
// message that reaches 'sent' and then fails, overturn the page case's verdicts too.
#include "tests/browser/browser_fixture.hpp"

namespace formcheck::testing::browser_e2e {
namespace {

class BrowserSettle : public BrowserFixture {
 protected:
  RunResult run_page(StandIn& site, const std::string& status) {
    auto config = browser_config(site);
    config["expect"]["latency_s"] = 4;
    config["expect"]["grace_s"] = 1;
    config["expect"]["status"] = status;
    return run(write_config(config), {"--browser", "chromium", "--device", "desktop"}, 120s);
  }
};

const std::string kCase = "contact-form[chromium desktop]";

TEST_F(BrowserSettle, ALateDuplicateOfAPageSubmissionFailsOneMessage) {
  FORMCHECK_REQUIRE_CHROMIUM();
  start_emulator();
  auto* site = start_site({"--fault", "late-duplicate=2500"});
  ASSERT_NE(site, nullptr);
  const auto result = run_page(*site, "delivered");
  ASSERT_TRUE(result.finished) << result.diagnosis();
  EXPECT_EQ(result.code, 1) << result.diagnosis() << case_table(result.results);
  EXPECT_EQ(outcome(result.results, "delivery", "local", kCase + "/delivered"), "passed")
      << case_table(result.results);
  EXPECT_EQ(outcome(result.results, "delivery", "local", kCase + "/one-message"), "failed")
      << case_table(result.results);
  EXPECT_NE(message_of(result.results, "delivery", "local", kCase + "/one-message").find("2 messages"),
            std::string::npos);
}

TEST_F(BrowserSettle, APageSubmissionsMessageThatFailsAfterSentFailsDelivered) {
  FORMCHECK_REQUIRE_CHROMIUM();
  start_emulator();
  ASSERT_EQ(emulator_control_post(
                "/__emulator/scenario",
                {{"failures",
                  {{kStaff,
                    {{"code", 30008}, {"status", "undelivered"}, {"after", "sent"}, {"after_ms", 2000}}}}}}),
            200);
  auto* site = start_site();
  ASSERT_NE(site, nullptr);
  const auto result = run_page(*site, "sent");
  ASSERT_TRUE(result.finished) << result.diagnosis();
  EXPECT_EQ(result.code, 1) << result.diagnosis() << case_table(result.results);
  EXPECT_EQ(outcome(result.results, "delivery", "local", kCase + "/delivered"), "failed")
      << case_table(result.results);
  EXPECT_NE(message_of(result.results, "delivery", "local", kCase + "/delivered").find("ended 'undelivered'"),
            std::string::npos)
      << case_table(result.results);
}

}  // namespace
}  // namespace formcheck::testing::browser_e2e
