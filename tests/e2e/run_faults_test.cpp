// `formcheck run` against a contact site with one planted defect (--fault): the check made
// for that defect fails, with a message that names it, and the unrelated checks still pass.
// One row per fault; each runs only the suites it needs, against a remote (running) site.
#include "tests/e2e/fault_table.hpp"

namespace formcheck::testing::run_e2e {
namespace {

struct FaultCase {
  std::string label;                   // the test's name
  std::vector<std::string> site_args;  // after --port 0 --verbose --rate-limit <rate>
  std::vector<std::string> suites;
  std::vector<Expectation> expectations;
  int exit_code = 1;
  json target_extra = json::object();  // merged into the target (e.g. expect overrides)
  std::string rate = kSiteRate;        // the site's --rate-limit, mirrored in the target
};

std::ostream& operator<<(std::ostream& os, const FaultCase& c) { return os << c.label; }

std::vector<FaultCase> fault_cases() {
  std::vector<FaultCase> cases;
  cases.push_back({"healthy_no_sid",
                   {"--no-sid"},
                   {"delivery", "passthrough"},
                   [] {
                     auto e = delivery_all_pass();
                     e.push_back({"passthrough", "*", "passed"});
                     return e;
                   }(),
                   0});
  cases.push_back({"silent_drop",
                   {"--fault", "silent-drop"},
                   {"delivery"},
                   {{"delivery", "contact-form/accepted", "passed"},
                    // Nothing from the sender to staff since the submission: a swallowed Twilio
                    // error, not list lag.
                    {"delivery", "contact-form/delivered", "failed", {"created no Twilio message", "error handling"}},
                    // No message: nothing to time or count, which is said, not passed.
                    {"delivery", "contact-form/latency", "skipped"},
                    {"delivery", "contact-form/one-message", "skipped"}},
                   1,
                   short_wait()});
  cases.push_back({"silent_drop_no_sid",
                   {"--fault", "silent-drop", "--no-sid"},
                   {"delivery"},
                   {{"delivery", "contact-form/accepted", "passed"},
                    {"delivery", "contact-form/delivered", "failed", {"created no Twilio message"}}},
                   1,
                   short_wait()});
  cases.push_back({"drop_field_email",
                   {"--fault", "drop-field=email"},
                   {"delivery", "passthrough"},
                   [] {
                     auto e = delivery_all_pass();
                     // The delivery message proves its fields too: the lost e-mail fails it.
                     e[1] = {"delivery", "contact-form/delivered", "failed", {"email is not as submitted"}};
                     e.push_back({"passthrough", "*", "failed", {"email"}});
                     return e;
                   }()});
  cases.push_back({"truncate_80",
                   {"--fault", "truncate=80"},
                   {"passthrough"},
                   {{"passthrough", "long-message-1000", "failed", {"message"}},
                    {"passthrough", "plain-english", "passed"}}});
  cases.push_back({"wrong_sender",
                   {"--fault", std::string("sender=") + kOtherSender},
                   {"delivery", "sender"},
                   [] {
                     auto e = delivery_all_pass();
                     e.push_back({"sender", "sender-and-recipient/expected-sender", "failed", {kOtherSender, kSender}});
                     e.push_back({"sender", "sender-and-recipient/not-sandbox", "passed"});
                     e.push_back({"sender", "sender-and-recipient/recipient-is-staff", "passed"});
                     return e;
                   }()});
  cases.push_back({"sandbox_sender",
                   {"--fault", std::string("sender=") + kSandbox},
                   {"delivery", "sender"},
                   {{"delivery", "contact-form/accepted", "passed"},
                    // Staff never joined the sandbox: Twilio fails the message with 63015.
                    {"delivery", "contact-form/delivered", "failed", {"63015", "join"}},
                    {"sender", "sender-and-recipient/not-sandbox", "failed", {kSandbox, "TWILIO_WHATSAPP_NUMBER"}},
                    {"sender", "sender-and-recipient/expected-sender", "failed", {kSandbox}},
                    {"sender", "sender-and-recipient/recipient-is-staff", "passed"}},
                   1,
                   short_wait()});
  cases.push_back({"wrong_recipient",
                   {"--fault", "recipient=whatsapp:+15559990000"},
                   {"sender"},
                   {{"sender", "sender-and-recipient/recipient-is-staff", "failed", {"whatsapp:+15559990000", kStaff}},
                    {"sender", "sender-and-recipient/expected-sender", "passed"},
                    {"sender", "sender-and-recipient/not-sandbox", "passed"}},
                   1,
                   short_wait()});
  cases.push_back({"no_rate_limit",
                   {"--fault", "no-rate-limit"},
                   {"rate-limit"},
                   {{"rate-limit", "legit-burst/accepted", "passed"},
                    {"rate-limit", "legit-burst/delivered", "passed"},
                    {"rate-limit", "abuse/limited", "failed", {"no 429"}},
                    {"rate-limit", "abuse/messages-match-accepted", "passed"}},
                   1,
                   json::object(),
                   "5/10"});
  cases.push_back({"duplicate",
                   {"--fault", "duplicate"},
                   {"delivery"},
                   {{"delivery", "contact-form/accepted", "passed"},
                    {"delivery", "contact-form/delivered", "passed"},
                    {"delivery", "contact-form/latency", "passed"},
                    {"delivery", "contact-form/one-message", "failed", {"2 messages"}}}});
  cases.push_back({"status_500",
                   {"--fault", "status=500"},
                   {"delivery"},
                   {{"delivery", "contact-form/accepted", "failed", {"HTTP 500", "sent anyway"}},
                    // The site sent the message anyway: that is reported, and delivery is proven.
                    {"delivery", "contact-form/delivered", "passed"},
                    {"delivery", "contact-form/one-message", "passed"}}});
  cases.push_back({"status_502",
                   {"--fault", "status=502"},
                   {"delivery"},
                   {{"delivery", "contact-form/accepted", "failed", {"HTTP 502", "sent anyway"}},
                    {"delivery", "contact-form/delivered", "passed"}}});
  // A 5xx with nothing sent: the answer and the log agree, and both are said.
  cases.push_back({"status_503_nothing_sent",
                   {"--fault", "status=503", "--fault", "silent-drop"},
                   {"delivery"},
                   {{"delivery", "contact-form/accepted", "failed", {"HTTP 503", "no message reached staff either"}},
                    {"delivery", "contact-form/delivered", "failed", {"no message"}}},
                   1,
                   short_wait()});
  cases.push_back({"escape_html",
                   {"--fault", "escape-html"},
                   {"passthrough"},
                   {{"passthrough", "html-and-quotes", "failed", {"did not pass through"}},
                    {"passthrough", "plain-english", "passed"},
                    {"passthrough", "japanese", "passed"}}});
  // latency_s 1 with a 2 s site delay: late, but delivered (grace_s keeps waiting for it).
  cases.push_back({"delay_over_budget",
                   {"--fault", "delay=2000"},
                   {"delivery"},
                   {{"delivery", "contact-form/accepted", "passed"},
                    {"delivery", "contact-form/delivered", "passed"},
                    {"delivery", "contact-form/latency", "failed", {"over the 1 s budget"}},
                    {"delivery", "contact-form/one-message", "passed"}},
                   1,
                   {{"expect", {{"latency_s", 1}, {"grace_s", 6}}}}});
  return cases;
}

class RunFaults : public RunFixture, public ::testing::WithParamInterface<FaultCase> {};

TEST_P(RunFaults, MatchingCheckFailsOthersPass) {
  const auto& c = GetParam();
  start_emulator();
  auto* site = start_site(c.site_args, {}, c.rate);
  ASSERT_NE(site, nullptr);
  const auto slash = c.rate.find('/');
  const int rate_max = std::stoi(c.rate.substr(0, slash));
  const double rate_window = std::stod(c.rate.substr(slash + 1));

  auto config = base_config();
  auto target = remote_target(*site, rate_max, rate_window);
  target.merge_patch(c.target_extra);
  config["targets"]["site"] = target;
  const auto result = run(write_config(config), suite_args(c.suites));
  ASSERT_TRUE(result.finished) << result.diagnosis();
  ASSERT_TRUE(result.results.is_object()) << result.diagnosis();
  EXPECT_EQ(result.code, c.exit_code) << case_table(result.results) << result.diagnosis();
  expect_row(result.results, "site", c.expectations);
}

INSTANTIATE_TEST_SUITE_P(RunFaultTable, RunFaults, ::testing::ValuesIn(fault_cases()),
                         [](const ::testing::TestParamInfo<FaultCase>& row) { return row.param.label; });

}  // namespace
}  // namespace formcheck::testing::run_e2e
