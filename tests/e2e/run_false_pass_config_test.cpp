// `formcheck run` where the verdict could pass without proving anything: a wrong sender hidden
// by a retry (a7), a configuration whose duplicate keys silently flip a setting or whose plan
// checks nothing (a8), and credentials that would cross the network in clear text (c10b).
// Each row names the class and the exact outcome and exit code.
#include "tests/e2e/case_expectations.hpp"

namespace formcheck::testing::run_e2e {
namespace {

using Expectation = CaseExpectation;

struct Row {
  std::string label;
  std::vector<std::string> site_args;
  std::vector<std::string> suites;
  std::vector<Expectation> expectations;
  int exit_code = 1;
  std::vector<std::string> run_args = {};  // after the suites
};

std::ostream& operator<<(std::ostream& os, const Row& r) {
  return os << r.label;
}

const std::string kSenderCase = "sender-and-recipient/";

// ---- a7: a retry never hides a sender problem ---------------------------------------------
// The site sends its first message from another registered number, the next ones right.
std::vector<Row> sender_rows() {
  const std::vector<std::string> first_wrong{"--fault", std::string("sender-first=1:") + kOtherSender};
  std::vector<Row> r;
  r.push_back({"a7_wrong_sender_once_sender_suite_retried",
               first_wrong,
               {"sender"},
               {{"sender",
                 kSenderCase + "expected-sender",
                 "failed",
                 {"passed only on attempt 2 after attempt 1", kOtherSender, "--allow-flaky-delivery"}},
                {"sender", kSenderCase + "not-sandbox", "passed"},
                {"sender", kSenderCase + "recipient-is-staff", "passed"}},
               1,
               {"--retries", "1"}});
  // With delivery beside it, the sender case is judged from the delivery submission first.
  r.push_back(
      {"a7_wrong_sender_once_judged_from_delivery_retried",
       first_wrong,
       {"delivery", "sender"},
       {{"sender", kSenderCase + "expected-sender", "failed", {"passed only on attempt 2", kOtherSender}},
        {"delivery", "contact-form/delivered", "passed"}},
       1,
       {"--retries", "1"}});
  r.push_back({"a7_wrong_sender_once_allowed",
               first_wrong,
               {"sender"},
               {{"sender", kSenderCase + "expected-sender", "passed"}},
               0,
               {"--retries", "1", "--allow-flaky-delivery"}});
  return r;
}

class RunFlakySender : public RunFixture, public ::testing::WithParamInterface<Row> {};

TEST_P(RunFlakySender, VerdictAndExitCode) {
  const auto& c = GetParam();
  start_emulator();
  auto* site = start_site(c.site_args);
  ASSERT_NE(site, nullptr);
  auto config = base_config();
  config["targets"]["site"] = remote_target(*site);
  config["expect"]["latency_s"] = 3;
  config["expect"]["grace_s"] = 1;
  auto args = suite_args(c.suites);
  args.insert(args.end(), c.run_args.begin(), c.run_args.end());
  const auto result = run(write_config(config), args);
  expect_cases(result, c.expectations, c.exit_code, true);
}

INSTANTIATE_TEST_SUITE_P(FalsePassConfigTable, RunFlakySender, ::testing::ValuesIn(sender_rows()),
                         [](const ::testing::TestParamInfo<Row>& row) { return row.param.label; });

// ---- a8: configurations that check nothing ------------------------------------------------
// No stand-in runs: every row must stop before anything is sent (a dead api_base proves it).
class RunConfigChecksNothing : public RunFixture {
 protected:
  // `validate`, `run --dry-run` and `run` with `args`: each exit 2 with every `needle` on stderr.
  void expect_refused_everywhere(const std::filesystem::path& config, const std::vector<std::string>& needles,
                                 const std::vector<std::string>& args = {}) {
    for (const std::vector<std::string>& command :
         {std::vector<std::string>{"validate"}, {"run", "--dry-run"}, {"run", "--yes"}}) {
      auto full = command;
      full.insert(full.end(), {"--config", config.string()});
      full.insert(full.end(), args.begin(), args.end());
      const auto result = formcheck(full, 30s, command.front() + std::to_string(full.size()));
      ASSERT_TRUE(result.finished) << result.diagnosis();
      EXPECT_EQ(result.code, 2) << ::testing::PrintToString(full) << "\n" << result.diagnosis();
      for (const auto& needle : needles) {
        EXPECT_NE(result.err.find(needle), std::string::npos)
            << ::testing::PrintToString(full) << ": stderr lacks '" << needle << "'\n"
            << result.diagnosis();
      }
    }
  }

  json dead_config() const {
    auto config = base_config();
    config["targets"]["site"] = {{"url", "http://127.0.0.1:9"},
                                 {"rate_limit", {{"max", 5}, {"window_s", 60}}}};
    return config;
  }
};

TEST_F(RunConfigChecksNothing, DuplicateKeysAtAnyDepthNameBothLines) {
  // A rollback leftover: forbid_sandbox set twice, the second (false) silently winning; and a
  // target's rate limit given twice three levels down.
  const std::string text = R"({
  "twilio": {"account_sid": "AC0123456789abcdef0123456789abcdef", "auth_token": "9f3b6c1de27a4b58a0c4d6e8f1a2b3c4",
             "api_base": "http://127.0.0.1:9", "staff": "whatsapp:+6281234567890"},
  "expect": {
    "sender": "whatsapp:+15557654321",
    "forbid_sandbox": true,
    // rolled back by hand:
    "forbid_sandbox": false,
  },
  "form": {"path": "/api/contact", "fields": {"name": "A", "email": "a@example.com", "message": "Hi"},
           "token_field": "message"},
  "targets": {"site": {"url": "http://127.0.0.1:9",
                       "rate_limit": {"max": 5, "window_s": 60, "max": 50}}}
})";
  const auto path = dir() / "formcheck.json";
  write_text(path, text);
  expect_refused_everywhere(path, {"expect.forbid_sandbox", "given twice (line 6 and line 8)",
                                   "targets.site.rate_limit.max", "line 13 and line 13"});
}

TEST_F(RunConfigChecksNothing, EmptySuitesListIsNothingToCheck) {
  auto config = dead_config();
  config["suites"] = json::array();
  expect_refused_everywhere(write_config(config),
                            {"suites: is empty: nothing to check on target 'site'", "--suite"});
}

// ---- c10b: credentials never travel in clear text ------------------------------------------
TEST_F(RunConfigChecksNothing, TwilioApiBaseInClearTextToAnotherHostIsRefusedBeforeSending) {
  auto config = dead_config();
  config["twilio"]["api_base"] = "http://example.invalid";
  const auto path = write_config(config);
  expect_refused_everywhere(path, {"twilio.api_base", "clear text", "https://example.invalid"});
  for (const std::string command : {"monitor", "audit"}) {
    const auto result = formcheck({command, "--config", path.string()}, 30s, command);
    ASSERT_TRUE(result.finished) << result.diagnosis();
    EXPECT_EQ(result.code, 2) << command << "\n" << result.diagnosis();
    EXPECT_NE(result.err.find("twilio.api_base"), std::string::npos) << command << "\n" << result.diagnosis();
    EXPECT_NE(result.err.find("clear text"), std::string::npos) << command << "\n" << result.diagnosis();
  }
}

TEST_F(RunConfigChecksNothing, SecretHeadersOrBypassOverClearTextToAnotherHostAreRefused) {
  for (const auto& [label, extra] : std::vector<std::pair<std::string, json>>{
           {"bypass", {{"vercel_bypass_secret", "bypass-secret-0123456789"}}},
           {"authorization", {{"headers", {{"Authorization", "Bearer abcdefghijkl"}}}}},
           {"secret variable", {{"headers", {{"X-Site-Key", "${SITE_SECRET}"}}}}}}) {
    auto config = dead_config();
    auto target = config["targets"]["site"];
    target["url"] = "http://192.0.2.10:3000";  // TEST-NET-1: never routed
    target.merge_patch(extra);
    config["targets"]["preview"] = target;
    const auto path = write_config(config);
    const auto result =
        formcheck({"run", "--config", path.string(), "--yes", "--var", "SITE_SECRET=site-secret-value-42"},
                  30s, "clear");
    ASSERT_TRUE(result.finished) << result.diagnosis();
    EXPECT_EQ(result.code, 2) << label << "\n" << result.diagnosis();
    EXPECT_NE(result.err.find("targets.preview.url"), std::string::npos) << label << "\n"
                                                                         << result.diagnosis();
    EXPECT_NE(result.err.find("clear text"), std::string::npos) << label << "\n" << result.diagnosis();
    EXPECT_EQ(result.everything().find("site-secret-value-42"), std::string::npos) << label;
    // The same target without credentials is fine to run against (it is merely unreachable).
    const auto other = formcheck({"validate", "--config", path.string(), "--target", "site", "--var",
                                  "SITE_SECRET=site-secret-value-42"},
                                 30s, "clear-other");
    EXPECT_EQ(other.code, 0) << label << "\n" << other.diagnosis();
  }
}

TEST_F(RunConfigChecksNothing, AuditVercelApiBaseInClearTextIsRefused) {
  auto config = dead_config();
  config["audit"] = {
      {"vercel",
       {{"api_base", "http://vercel.example.invalid"}, {"token", "${VERCEL_TOKEN}"}, {"project", "site"}}}};
  const auto result = formcheck(
      {"audit", "--config", write_config(config).string(), "--var", "VERCEL_TOKEN=vercel-token-0123456789"},
      30s, "audit");
  ASSERT_TRUE(result.finished) << result.diagnosis();
  EXPECT_EQ(result.code, 2) << result.diagnosis();
  EXPECT_NE(result.err.find("audit.vercel.api_base"), std::string::npos) << result.diagnosis();
  EXPECT_NE(result.err.find("clear text"), std::string::npos) << result.diagnosis();
}

}  // namespace
}  // namespace formcheck::testing::run_e2e
