// `formcheck run --retries N` against real stand-ins: a suite with a failed check is re-run on
// its target with new submissions; a check that passes only on a retry is reported flaky (with
// the first failure and the retry's own evidence), one that fails every attempt is a failure
// with every attempt recorded; --fail-on-flaky turns a flaky run into exit 1; the production
// budget counts every attempt.
#include "tests/e2e/run_fixture.hpp"

#include <set>

namespace formcheck::testing::run_e2e {
namespace {

class RunRetry : public RunFixture {
 protected:
  // The next `count` messages.create calls answer 503 (the site then answers 502, sends nothing).
  void fail_next_creates(int count) const {
    ASSERT_EQ(
        emulator_control_post(
            "/__emulator/faults",
            {{"error_rate", 1.0}, {"error_status", 503}, {"routes", {"messages.create"}}, {"count", count}}),
        200);
  }

  // Only the delivery suite, with short waits: a message that never comes costs 3 s.
  std::filesystem::path delivery_config(const StandIn& site,
                                        const std::string& name = "formcheck.json") const {
    auto config = base_config();
    config["suites"] = {"delivery"};
    auto target = remote_target(site);
    target["expect"] = {{"latency_s", 2}, {"grace_s", 1}};
    config["targets"]["preview"] = target;
    return write_config(config, name);
  }

  static std::string prop(const json& properties, const std::string& key) {
    return properties.is_object() ? properties.value(key, std::string()) : std::string();
  }
};

TEST_F(RunRetry, FailingFirstAndPassingOnTheRetryIsFlakyExit0AndExit1WithFailOnFlaky) {
  start_emulator();
  auto* site = start_site();
  ASSERT_NE(site, nullptr);
  const auto config = delivery_config(*site);
  fail_next_creates(1);
  // --allow-flaky-delivery: `delivered` is a delivery-class check, whose flaky pass fails the
  // run by default (tests/e2e/run_false_pass_test.cpp); accepted alone keeps the default.
  const auto result = run(config, {"--retries", "2", "--allow-flaky-delivery"});
  ASSERT_TRUE(result.finished) << result.diagnosis();
  const auto table = case_table(result.results);
  EXPECT_EQ(result.code, 0) << "a flaky pass is a pass when allowed\n" << table << result.diagnosis();
  EXPECT_EQ(site_posts(*site), 2) << "attempt 1 (502), then one retry that passed: no third attempt";

  const auto delivered = find_case(result.results, "delivery", "preview", "contact-form/delivered");
  ASSERT_FALSE(delivered.is_null()) << table;
  EXPECT_EQ(delivered.value("outcome", ""), "passed") << table;
  EXPECT_EQ(delivered.value("flaky", false), true) << delivered.dump(2);
  EXPECT_EQ(delivered.value("attempt", 0), 2);
  ASSERT_EQ(delivered["attempts"].size(), 2u) << delivered.dump(2);
  const auto& first = delivered["attempts"][0];
  EXPECT_EQ(first.value("outcome", ""), "failed");
  EXPECT_NE(first.value("message", "").find("no message"), std::string::npos) << first.dump(2);
  EXPECT_EQ(prop(first["properties"], "message_sid"), "") << "attempt 1 saw no message: " << first.dump(2);
  // The pass rests on the retry's own message: its SID, status and body carrying its own token.
  const auto& evidence = delivered["properties"];
  const auto token = prop(evidence, "token");
  EXPECT_EQ(prop(evidence, "message_sid").rfind("SM", 0), 0u) << evidence.dump(2);
  EXPECT_EQ(prop(evidence, "status"), "delivered") << evidence.dump(2);
  EXPECT_NE(prop(evidence, "body").find(token), std::string::npos) << evidence.dump(2);
  EXPECT_NE(token, prop(first["properties"], "token")) << "a retry is a new submission with a new token";
  EXPECT_EQ(outcome(result.results, "delivery", "preview", "contact-form/accepted"), "passed") << table;
  EXPECT_EQ(find_case(result.results, "delivery", "preview", "contact-form/accepted").value("flaky", false),
            true);
  EXPECT_GE(result.results["summary"].value("flaky", 0), 2) << result.results["summary"].dump();
  EXPECT_NE(result.out.find("flaky: passed on attempt 2 of 2"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("retrying delivery (attempt 2 of 3)"), std::string::npos) << result.out;

  EXPECT_NE(result.junit_text.find("<flakyFailure"), std::string::npos) << result.junit_text;
  EXPECT_EQ(result.junit_text.find("<failure"), std::string::npos) << result.junit_text;
  EXPECT_NE(result.junit_text.find("message=\"" + first.value("message", "")), std::string::npos)
      << "the flakyFailure carries the first failure's text:\n"
      << result.junit_text;

  // The same run with --fail-on-flaky: same verdicts, exit 1, and it says why.
  fail_next_creates(1);
  const auto strict = run(config, {"--retries", "1", "--fail-on-flaky", "--allow-flaky-delivery"}, 60s, "strict");
  ASSERT_TRUE(strict.finished) << strict.diagnosis();
  EXPECT_EQ(strict.code, 1) << case_table(strict.results) << strict.diagnosis();
  EXPECT_EQ(outcome(strict.results, "delivery", "preview", "contact-form/delivered"), "passed");
  EXPECT_EQ(find_case(strict.results, "delivery", "preview", "contact-form/delivered").value("flaky", false),
            true);
  EXPECT_NE(strict.err.find("--fail-on-flaky"), std::string::npos) << strict.err;
  EXPECT_EQ(site_posts(*site), 4);
  FORMCHECK_EXPECT_JUNIT_VALID(result.junit);
}

TEST_F(RunRetry, FailingEveryAttemptIsAFailureWithEveryAttemptRecorded) {
  start_emulator();
  auto* site = start_site({"--fault", "silent-drop"});
  ASSERT_NE(site, nullptr);
  const auto result = run(delivery_config(*site), {"--retries", "2"}, 90s);
  ASSERT_TRUE(result.finished) << result.diagnosis();
  const auto table = case_table(result.results);
  EXPECT_EQ(result.code, 1) << table << result.diagnosis();
  EXPECT_EQ(site_posts(*site), 3) << "1 + 2 retries, each a new submission";
  EXPECT_EQ(emulator_message_count(), 0) << "silent-drop sends nothing";

  const auto delivered = find_case(result.results, "delivery", "preview", "contact-form/delivered");
  ASSERT_FALSE(delivered.is_null()) << table;
  EXPECT_EQ(delivered.value("outcome", ""), "failed") << table;
  EXPECT_EQ(delivered.value("flaky", true), false);
  ASSERT_EQ(delivered["attempts"].size(), 3u) << delivered.dump(2);
  std::set<std::string> tokens;
  for (int i = 0; i < 3; ++i) {
    const auto& a = delivered["attempts"][i];
    EXPECT_EQ(a.value("attempt", 0), i + 1);
    EXPECT_EQ(a.value("outcome", ""), "failed") << a.dump(2);
    EXPECT_EQ(prop(a["properties"], "message_sid"), "");
    tokens.insert(prop(a["properties"], "token"));
  }
  EXPECT_EQ(tokens.size(), 3u) << "three submissions, three tokens";
  // accepted held on every attempt (the site answered 200 each time): a pass, never flaky.
  const auto accepted = find_case(result.results, "delivery", "preview", "contact-form/accepted");
  EXPECT_EQ(accepted.value("outcome", ""), "passed");
  EXPECT_EQ(accepted.value("flaky", true), false);
  EXPECT_EQ(result.results["summary"].value("flaky", -1), 0);

  size_t reruns = 0;
  for (size_t at = result.junit_text.find("<rerunFailure"); at != std::string::npos;
       at = result.junit_text.find("<rerunFailure", at + 1)) {
    ++reruns;
  }
  EXPECT_EQ(reruns, 2u) << "delivered: the failure plus two reruns\n" << result.junit_text;
  EXPECT_NE(result.out.find("(after 3 attempts)"), std::string::npos) << result.out;
  FORMCHECK_EXPECT_JUNIT_VALID(result.junit);
}

TEST_F(RunRetry, ARetriedRateLimitSuiteWaitsForTheSitesWindow) {
  // Site limit 3 per 2 s. Attempt 1: one legitimate submission is refused (Twilio 503 → 502),
  // then the abusive burst fills the site's window. The retry's legitimate burst passes only
  // if formcheck waits for that window to clear first.
  start_emulator();
  auto* site = start_site({}, {}, "3/2");
  ASSERT_NE(site, nullptr);
  auto config = base_config();
  config["suites"] = {"rate-limit"};
  auto target = remote_target(*site, 3, 2);
  target["expect"] = {{"latency_s", 2}, {"grace_s", 1}};
  config["targets"]["preview"] = target;
  fail_next_creates(1);
  // legit-burst/delivered passes only on the retry: a delivery-class flaky pass, allowed here.
  const auto result = run(write_config(config), {"--retries", "1", "--allow-flaky-delivery"});
  ASSERT_TRUE(result.finished) << result.diagnosis();
  const auto table = case_table(result.results);
  EXPECT_EQ(result.code, 0) << table << result.diagnosis();
  const auto accepted = find_case(result.results, "rate-limit", "preview", "legit-burst/accepted");
  EXPECT_EQ(accepted.value("outcome", ""), "passed") << table;
  EXPECT_EQ(accepted.value("flaky", false), true) << accepted.dump(2);
  EXPECT_EQ(site_posts(*site), 2 * (3 + 2))
      << "two attempts of one burst of the limit 3 + 2: 3 legitimate, then 2 abusive submissions";
  const auto retry_at = result.out.find("retrying rate-limit (attempt 2 of 2)");
  ASSERT_NE(retry_at, std::string::npos) << result.out;
  EXPECT_NE(result.out.find("pacing", retry_at), std::string::npos) << "the retry waited for the window\n"
                                                                    << result.out;
  EXPECT_EQ(outcome(result.results, "rate-limit", "preview", "abuse/limited"), "passed") << table;
  EXPECT_EQ(outcome(result.results, "rate-limit", "preview", "abuse/messages-match-accepted"), "passed")
      << table;
  EXPECT_EQ(
      find_case(result.results, "rate-limit", "preview", "abuse/messages-match-accepted")["attempts"].size(),
      2u)
      << "the sweep judges every attempt";
}

TEST_F(RunRetry, ErrorsAreNotRetried) {
  // The message is created (and stays queued: delivery takes 5 s), then Twilio's log goes down
  // for the rest of the run: the watched checks cannot be judged, an infrastructure error,
  // which a new submission would not fix. Nothing failed, so nothing is retried.
  start_emulator({}, 5000);
  auto* site = start_site();
  ASSERT_NE(site, nullptr);
  auto process =
      start_formcheck({"run", "--config", delivery_config(*site).string(), "--json",
                       (dir() / "r.json").string(), "--junit", (dir() / "j.xml").string(), "--retries", "2"},
                      "outage");
  ASSERT_NE(process, nullptr);
  take_the_log_down_once_a_message_exists();
  const auto code = process->wait_exit(60s);
  ASSERT_TRUE(code.has_value());
  const auto result = collect(code, "outage", dir() / "j.xml", dir() / "r.json");
  const auto table = case_table(result.results);
  EXPECT_EQ(result.code, 3) << table << result.diagnosis();
  EXPECT_EQ(outcome(result.results, "delivery", "preview", "contact-form/delivered"), "error") << table;
  EXPECT_EQ(outcome(result.results, "delivery", "preview", "contact-form/accepted"), "passed") << table;
  EXPECT_EQ(site_posts(*site), 1) << "an error is not retried";
  EXPECT_EQ(find_case(result.results, "delivery", "preview", "contact-form/delivered")["attempts"].size(),
            0u);
  EXPECT_EQ(result.out.find("retrying"), std::string::npos) << result.out;
}

TEST_F(RunRetry, ProductionBudgetCountsEveryAttemptAndDryRunSaysSo) {
  start_emulator();
  auto* site = start_site();
  ASSERT_NE(site, nullptr);
  auto config = base_config();
  // 1 message per attempt (the sender checks are judged from the delivery message); production's
  // budget is 6.
  config["suites"] = {"delivery", "sender"};
  auto target = remote_target(*site);
  target["production"] = true;
  config["targets"]["production"] = target;
  const auto path = write_config(config);

  const auto refused = run(path, {"--retries", "6"}, 30s, "refused");  // 1 × 7 = 7 > 6
  ASSERT_TRUE(refused.finished);
  EXPECT_EQ(refused.code, 2) << refused.diagnosis();
  EXPECT_NE(refused.err.find("would send up to 7 messages"), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("--retries 5"), std::string::npos) << "the fix names the retries that fit\n"
                                                                << refused.err;
  EXPECT_EQ(site_posts(*site), 0);

  const auto dry = run(path, {"--retries", "5", "--dry-run"}, 30s, "dry");
  ASSERT_TRUE(dry.finished);
  EXPECT_EQ(dry.code, 0) << dry.diagnosis();
  EXPECT_NE(dry.out.find("up to 6 message(s) (1 per attempt × 6 attempts), budget 6"), std::string::npos)
      << dry.out;
  EXPECT_NE(dry.out.find("retries: 5"), std::string::npos) << dry.out;
  EXPECT_EQ(site_posts(*site), 0);
  EXPECT_EQ(emulator_message_count(), 0);
}

}  // namespace
}  // namespace formcheck::testing::run_e2e
