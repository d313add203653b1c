// `formcheck run` against the Next.js fixture carrying one defect (CONTACT_SITE_DEFECTS): the
// checks made for that defect fail, naming it, and the unrelated checks still pass. Every row
// runs `next start` on the one shared build (the defects are read at request time), with only
// the suites it needs.
#include "tests/e2e/fault_table.hpp"
#include "tests/nextjs/nextjs_fixture.hpp"

namespace formcheck::testing::nextjs {
namespace {

struct DefectCase {
  std::string label;
  std::string defects;  // CONTACT_SITE_DEFECTS
  std::vector<std::string> suites;
  std::vector<Expectation> expectations;
  bool twilio_refuses = false;  // the emulator answers every create with an error
  json target_extra = json::object();
  std::string rate = "50/10";
};

std::ostream& operator<<(std::ostream& os, const DefectCase& c) { return os << c.label; }

std::vector<DefectCase> defect_cases() {
  std::vector<DefectCase> cases;
  cases.push_back({"sandbox_sender",
                   "sandbox-sender",
                   {"delivery", "sender"},
                   {{"delivery", "contact-form/accepted", "passed"},
                    // Staff never joined the sandbox: Twilio fails the message with 63015.
                    {"delivery", "contact-form/delivered", "failed", {"63015"}},
                    {"sender", "sender-and-recipient/not-sandbox", "failed", {kSandbox}},
                    {"sender", "sender-and-recipient/expected-sender", "failed", {kSandbox}},
                    {"sender", "sender-and-recipient/recipient-is-staff", "passed"}},
                   false,
                   short_wait()});
  cases.push_back({"swallowed_twilio_error",
                   "swallow-twilio-error",
                   {"delivery"},
                   {{"delivery", "contact-form/accepted", "passed"},
                    {"delivery", "contact-form/delivered", "failed", {"no message"}}},
                   true,
                   short_wait()});
  // The same refusal without the defect: the route says so (502), and formcheck reports the
  // answer, not a swallowed success.
  cases.push_back({"twilio_refuses_healthy_route_answers_502",
                   "",
                   {"delivery"},
                   {{"delivery", "contact-form/accepted", "failed", {"502"}},
                    {"delivery", "contact-form/delivered", "failed", {"no message"}}},
                   true,
                   short_wait()});
  cases.push_back({"dropped_field",
                   "drop-field=email",
                   {"delivery", "passthrough"},
                   [] {
                     auto e = delivery_all_pass();
                     // The delivery message proves its fields too: the lost e-mail fails it.
                     e[1] = {"delivery", "contact-form/delivered", "failed", {"email is not as submitted"}};
                     e.push_back({"passthrough", "*", "failed", {"email"}});
                     return e;
                   }()});
  cases.push_back({"html_escaped_values",
                   "escape-html",
                   {"passthrough"},
                   {{"passthrough", "html-and-quotes", "failed", {"did not pass through"}},
                    // Its filler text has quotes and ampersands too.
                    {"passthrough", "long-message-1000", "failed", {"did not pass through"}},
                    {"passthrough", "plain-english", "passed"},
                    {"passthrough", "japanese", "passed"}}});
  cases.push_back({"no_rate_limit",
                   "no-rate-limit",
                   {"rate-limit"},
                   {{"rate-limit", "legit-burst/accepted", "passed"},
                    {"rate-limit", "legit-burst/delivered", "passed"},
                    {"rate-limit", "abuse/limited", "failed", {"no 429"}},
                    {"rate-limit", "abuse/messages-match-accepted", "passed"}},
                   false,
                   json::object(),
                   "5/10"});
  return cases;
}

class NextjsDefects : public NextjsFixture, public ::testing::WithParamInterface<DefectCase> {};

TEST_P(NextjsDefects, MatchingChecksFailOthersPass) {
  const auto& c = GetParam();
  start_emulator();
  if (c.twilio_refuses) {
    ASSERT_EQ(emulator_control_post("/__emulator/faults",
                                    {{"error_rate", 1.0}, {"error_status", 400}, {"routes", {"messages.create"}}}),
              200);
  }
  const int port = free_port();
  auto target = next_target(app_dir(), "start", port, c.rate, c.defects);
  target.merge_patch(c.target_extra);
  auto config = base_config();
  config["targets"]["site"] = target;
  const auto result = run(write_config(config), suite_args(c.suites), 120s);
  ASSERT_TRUE(result.finished) << result.diagnosis();
  ASSERT_TRUE(result.results.is_object()) << result.diagnosis();
  EXPECT_EQ(result.code, 1) << case_table(result.results) << result.diagnosis();
  expect_row(result.results, "site", c.expectations, /*nothing_else_fails=*/true);
  expect_no_marked_process();
}

INSTANTIATE_TEST_SUITE_P(NextjsDefectTable, NextjsDefects, ::testing::ValuesIn(defect_cases()),
                         [](const ::testing::TestParamInfo<DefectCase>& row) { return row.param.label; });

}  // namespace
}  // namespace formcheck::testing::nextjs
