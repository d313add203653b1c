// `formcheck run` against sites whose wrong message comes after formcheck stopped watching:
// a duplicate sent later than grace_s but within the latency budget (from a background job,
// for a passthrough pack, during the rate-limit bursts), a send for a submission answered 429,
// and a message that reached the expected status and then failed (sent → undelivered 30008,
// sent → failed 63016, delivered → failed). Each row names the class (a1 late messages within
// the latency budget, a6 the status after the wait) and the exact outcomes and exit code.
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
  json config_extra = json::object();  // merged into the whole config
  std::string rate = kSiteRate;
  json scenario = nullptr;                        // posted to /__emulator/scenario before the run
  std::vector<std::string> output_contains = {};  // in formcheck's stdout + stderr
  bool local = false;  // formcheck starts the site itself (and stops it after the run)
};

std::ostream& operator<<(std::ostream& os, const Row& r) {
  return os << r.label;
}

const std::string kSuite = "delivery";
const std::string kOneMessage = "contact-form/one-message";
const std::string kDelivered = "contact-form/delivered";

// The budget is 4 s and formcheck stops looking for the expected status 1 s after it; the
// site's wrong message comes 2.5 s after its answer: after grace_s, within latency_s.
json budget(const std::string& status = "delivered") {
  return {{"expect", {{"latency_s", 4}, {"grace_s", 1}, {"status", status}}}};
}

// Every message to staff reaches `after`, then ends `status` with `code` 2 s later.
json fails_later(int code, const std::string& status, const std::string& after) {
  return {
      {"failures", {{kStaff, {{"code", code}, {"status", status}, {"after", after}, {"after_ms", 2000}}}}}};
}

std::vector<Row> rows() {
  std::vector<Row> r;
  // ---- a1: whatever arrives within latency_s of a submission is counted -------------------
  for (const bool sid : {true, false}) {
    Row row{
        sid ? "a1_duplicate_after_grace_within_latency" : "a1_duplicate_after_grace_within_latency_no_sid",
        {"--fault", "late-duplicate=2500"},
        {"delivery"},
        {{kSuite, kDelivered, "passed"},
         {kSuite, kOneMessage, "failed", {"2 messages"}, "sweep_settle", "expect.latency_s"}},
        1,
        budget(),
        kSiteRate,
        nullptr,
        {"for late messages before counting them", "4 s old (expect.latency_s)"}};
    if (!sid) {
      row.site_args.push_back("--no-sid");
    }
    r.push_back(row);
  }
  // A site formcheck starts must still be running when its late duplicate is due.
  r.push_back({"a1_duplicate_after_grace_from_a_local_target",
               {"--fault", "late-duplicate=2500"},
               {"delivery"},
               {{kSuite, kOneMessage, "failed", {"2 messages"}}},
               1,
               budget(),
               kSiteRate,
               nullptr,
               {},
               true});
  r.push_back(
      {"a1_refused_submission_sent_after_grace",
       {"--fault", "send-refused=2500"},
       {"rate-limit"},
       {{"rate-limit", "abuse/limited", "passed"},
        {"rate-limit", "abuse/messages-match-accepted", "failed", {"expected 0"}, "sweep_settled_ms"}},
       1,
       budget(),
       "5/10"});
  r.push_back({"a1_legit_burst_duplicated_after_grace",
               {"--fault", "late-duplicate=2500"},
               {"rate-limit"},
               {{"rate-limit", "legit-burst/delivered", "passed"},
                {"rate-limit", "abuse/messages-match-accepted", "failed", {"2 message(s), expected 1"}}},
               1,
               budget(),
               "5/10"});
  r.push_back({"a1_passthrough_pack_duplicated_after_grace",
               {"--fault", "late-duplicate=2500"},
               {"passthrough"},
               {{"passthrough",
                 "plain-english",
                 "failed",
                 {"2 messages for one submission"},
                 "messages_for_submission",
                 "2"}},
               1,
               budget()});
  // The trade-off, stated: a settle_s shorter than the duplicate's delay does not count it,
  // and the report says what was waited for.
  r.push_back({"a1_settle_s_set_short_is_what_the_report_says",
               {"--fault", "late-duplicate=2500"},
               {"delivery"},
               {{kSuite, kOneMessage, "passed", {}, "sweep_settle", "0.5 s old (expect.settle_s)"}},
               0,
               {{"expect", {{"latency_s", 4}, {"grace_s", 1}, {"settle_s", 0.5}}}}});
  r.push_back({"a1_healthy_site_passes_after_the_settle",
               {},
               {"delivery", "passthrough", "rate-limit"},
               {{kSuite, kOneMessage, "passed", {}, "sweep_settle", "expect.latency_s"},
                {"rate-limit", "abuse/messages-match-accepted", "passed"},
                {"passthrough", "plain-english", "passed"}},
               0,
               budget(),
               "5/10"});

  // ---- a6: the status after the wait ---------------------------------------------------
  r.push_back({"a6_sent_then_undelivered_30008_after_the_wait",
               {},
               {"delivery"},
               {{kSuite,
                 kDelivered,
                 "failed",
                 {"reached 'sent'", "ended 'undelivered'", "30008"},
                 "status_at_wait_end",
                 "sent"},
                {kSuite, kOneMessage, "passed"}},
               1,
               budget("sent"),
               kSiteRate,
               fails_later(30008, "undelivered", "sent"),
               {"then ended 'undelivered'"}});
  r.push_back({"a6_sent_then_failed_63016_after_the_wait_no_sid",
               {"--no-sid"},
               {"delivery"},
               {{kSuite, kDelivered, "failed", {"ended 'failed'", "63016"}, "error_code", "63016"}},
               1,
               budget("sent"),
               kSiteRate,
               fails_later(63016, "failed", "sent")});
  r.push_back({"a6_delivered_then_failed_after_the_wait",
               {},
               {"delivery", "sender"},
               {{kSuite, kDelivered, "failed", {"reached 'delivered'", "ended 'failed'", "30008"}},
                {"sender", "sender-and-recipient/expected-sender", "passed"}},
               1,
               budget(),
               kSiteRate,
               fails_later(30008, "failed", "delivered")});
  r.push_back({"a6_legit_burst_undelivered_after_the_wait",
               {},
               {"rate-limit"},
               {{"rate-limit", "legit-burst/delivered", "failed", {"ended 'undelivered'", "30008"}},
                {"rate-limit", "abuse/limited", "passed"}},
               1,
               budget("sent"),
               "5/10",
               fails_later(30008, "undelivered", "sent")});
  return r;
}

class RunFalsePassSettle : public RunFixture, public ::testing::WithParamInterface<Row> {};

TEST_P(RunFalsePassSettle, VerdictAndExitCode) {
  const auto& c = GetParam();
  start_emulator();
  if (!c.scenario.is_null()) {
    ASSERT_EQ(emulator_control_post("/__emulator/scenario", c.scenario), 200);
  }
  const auto slash = c.rate.find('/');
  const int rate_max = std::stoi(c.rate.substr(0, slash));
  const double rate_window_s = std::stod(c.rate.substr(slash + 1));
  auto config = base_config();
  if (c.local) {
    const int port = free_port();
    config["targets"]["site"] =
        local_target(port, site_command(port, c.site_args, c.rate), 20, rate_max, rate_window_s);
  } else {
    auto* site = start_site(c.site_args, {}, c.rate);
    ASSERT_NE(site, nullptr);
    config["targets"]["site"] = remote_target(*site, rate_max, rate_window_s);
  }
  config.merge_patch(c.config_extra);
  auto args = suite_args(c.suites);
  const auto result = run(write_config(config), args, 90s);
  expect_cases(result, c.expectations, c.exit_code);
  for (const auto& needle : c.output_contains) {
    EXPECT_NE((result.out + result.err).find(needle), std::string::npos)
        << "formcheck's output lacks '" << needle << "'\n"
        << result.diagnosis();
  }
}

INSTANTIATE_TEST_SUITE_P(FalsePassSettleTable, RunFalsePassSettle, ::testing::ValuesIn(rows()),
                         [](const ::testing::TestParamInfo<Row>& row) { return row.param.label; });

}  // namespace
}  // namespace formcheck::testing::run_e2e
