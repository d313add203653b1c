// The pack rule: a passthrough pack the site refuses is submitted again payload by payload only
// when the refusal can be about the payloads. A site that refuses every submission (a route
// answering 500 to everything, a site whose Twilio token is wrong) keeps its packs whole: each
// payload fails from its pack's answer, and no paced resubmission of each payload follows.
#include "tests/e2e/run_fixture.hpp"

#include <regex>

namespace formcheck::testing::run_e2e {
namespace {

struct Row {
  std::string label;
  std::vector<std::string> site_args;
  std::map<std::string, std::string> site_env;
  std::string refused_with;     // in the "refused … together (…)" note
  std::string payload_outcome;  // every passthrough payload's, judged from its pack's answer
};

std::ostream& operator<<(std::ostream& os, const Row& r) {
  return os << r.label;
}

std::vector<Row> rows() {
  return {
      // The route sends, then answers 500 to every request: each payload is judged from its
      // pack's message, which carries it (delivery's `accepted` fails on the 500).
      {"every_request_answered_500", {"--fault", "status=500"}, {}, "500", "passed"},
      // The site's own Twilio call is refused (a wrong token): its route answers 502.
      {"site_with_a_wrong_twilio_token", {}, {{"TWILIO_AUTH_TOKEN", std::string(32, 'e')}}, "502", "failed"},
  };
}

// How many submissions the dry run plans for the passthrough suite ("passthrough  11 check(s),
// 2 submission(s), …").
int passthrough_submissions(const std::string& dry_run) {
  static const std::regex line(R"(passthrough\s+\d+ check\(s\), (\d+) submission\(s\))");
  std::smatch match;
  return std::regex_search(dry_run, match, line) ? std::stoi(match[1].str()) : 0;
}

class RunPackRule : public RunFixture, public ::testing::WithParamInterface<Row> {};

TEST_P(RunPackRule, ARefusalOfEverySubmissionKeepsThePacksWhole) {
  const auto& c = GetParam();
  start_emulator();
  auto* site = start_site(c.site_args, c.site_env);
  ASSERT_NE(site, nullptr);
  auto config = base_config();
  config["targets"]["site"] = remote_target(*site);
  config["expect"]["latency_s"] = 2;
  config["expect"]["grace_s"] = 1;
  const auto path = write_config(config);
  const std::vector<std::string> suites{"--suite", "delivery", "--suite", "passthrough"};
  auto dry_args = suites;
  dry_args.push_back("--dry-run");
  const auto dry = run(path, dry_args, 30s, "dry");
  ASSERT_EQ(dry.code, 0) << dry.diagnosis();
  const int packs = passthrough_submissions(dry.out);
  ASSERT_GT(packs, 0) << dry.out;

  const auto result = run(path, suites, 90s);
  ASSERT_TRUE(result.finished) << result.diagnosis();
  ASSERT_TRUE(result.results.is_object()) << result.diagnosis();
  const auto table = case_table(result.results);
  EXPECT_EQ(result.code, 1) << table << result.diagnosis();
  EXPECT_EQ(result.out.find("); submitting each alone"), std::string::npos) << result.out;
  EXPECT_NE(
      result.out.find("not submitting each alone: the delivery submission was refused the same way (HTTP " +
                      c.refused_with + ")"),
      std::string::npos)
      << result.out;
  EXPECT_EQ(site_posts(*site), 1 + packs) << "the delivery submission and one per pack, nothing alone\n"
                                          << dry.out << site->process().output_text();
  const auto payloads = cases_of(result.results, "passthrough", "site");
  ASSERT_FALSE(payloads.empty()) << table;
  for (const auto& p : payloads) {
    EXPECT_EQ(p.value("outcome", ""), c.payload_outcome) << p.value("name", "") << "\n" << table;
  }
}

INSTANTIATE_TEST_SUITE_P(PackRuleTable, RunPackRule, ::testing::ValuesIn(rows()),
                         [](const ::testing::TestParamInfo<Row>& row) { return row.param.label; });

}  // namespace
}  // namespace formcheck::testing::run_e2e
