// Usage and configuration errors of `formcheck run` / `validate`: exit code 2, a message that
// names the file, key and fix, and nothing sent to any site or to Twilio.
#include "tests/e2e/run_fixture.hpp"

namespace formcheck::testing::run_e2e {
namespace {

size_t line_count(const std::string& text) {
  size_t lines = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n' || i + 1 == text.size()) {
      ++lines;
    }
  }
  return lines;
}

class RunConfig : public RunFixture {
 protected:
  // An emulator and a running site, for the cases that must prove nothing was sent.
  StandIn* start_stand_ins() {
    start_emulator();
    return start_site();
  }
};

TEST_F(RunConfig, MissingConfigFileIsOneLineNamingTheFile) {
  const auto missing = dir() / "no-such-formcheck.json";
  const auto result = run(missing);
  ASSERT_TRUE(result.finished);
  EXPECT_EQ(result.code, 2) << result.diagnosis();
  EXPECT_EQ(line_count(result.err), 1u) << result.err;
  EXPECT_NE(result.err.find(missing.string()), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("does not exist"), std::string::npos) << result.err;
  EXPECT_FALSE(std::filesystem::exists(result.junit)) << "a report was written for a run that never started";
}

TEST_F(RunConfig, BadNumberNamesTheKeyAndTheFix) {
  auto config = base_config();
  config["expect"]["latency_s"] = "30s";
  config["targets"]["preview"] = {{"url", "http://127.0.0.1:9"}};
  const auto path = write_config(config);
  const auto result = run(path);
  ASSERT_TRUE(result.finished);
  EXPECT_EQ(result.code, 2) << result.diagnosis();
  EXPECT_EQ(line_count(result.err), 1u) << result.err;
  EXPECT_NE(result.err.find(path.string()), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("latency_s"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("'30s' is not a number"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("fix:"), std::string::npos) << result.err;
}

TEST_F(RunConfig, ValidateListsEveryProblemAtOnceAndPassesAGoodConfig) {
  auto bad = base_config();
  bad["twilio"].erase("account_sid");                   // missing
  bad["twilio"]["staff"] = "+62 812-3456-7890";         // not whatsapp:+E164
  bad["expect"]["latency_s"] = "soon";                  // not a number
  bad["polling"]["initial_msec"] = 100;                 // typo
  bad["targets"]["preview"] = {{"url", "127.0.0.1:3000"}};  // not a URL
  const auto bad_path = write_config(bad, "bad.json");
  const auto result = formcheck({"validate", "--config", bad_path.string()}, 30s, "validate-bad");
  ASSERT_TRUE(result.finished);
  EXPECT_EQ(result.code, 2) << result.diagnosis();
  for (const char* needle : {"account_sid", "staff", "whatsapp:+6281234567890", "latency_s", "initial_msec",
                             "did you mean 'initial_ms'", "targets.preview.url", "5 problem(s)"}) {
    EXPECT_NE(result.err.find(needle), std::string::npos) << "validate does not mention " << needle << ":\n" << result.err;
  }

  auto good = base_config();
  good["targets"]["preview"] = {{"url", "http://127.0.0.1:3000"}, {"rate_limit", {{"max", 5}, {"window_s", 60}}}};
  const auto good_path = write_config(good, "good.json");
  const auto ok = formcheck({"validate", "--config", good_path.string()}, 30s, "validate-good");
  ASSERT_TRUE(ok.finished);
  EXPECT_EQ(ok.code, 0) << ok.diagnosis();
  EXPECT_NE(ok.out.find("is valid"), std::string::npos) << ok.out;
  EXPECT_TRUE(ok.err.empty()) << ok.err;
}

TEST_F(RunConfig, ProductionWithoutYesAndNoTerminalRefusesAndSendsNothing) {
  auto* site = start_stand_ins();
  ASSERT_NE(site, nullptr);
  auto config = base_config();
  config["targets"]["production"] = remote_target(*site);
  const auto path = write_config(config);
  const auto stats_before = emulator_stats();
  const auto result = formcheck({"run", "--config", path.string(), "--suite", "delivery"}, 30s);  // no --yes
  ASSERT_TRUE(result.finished);
  EXPECT_EQ(result.code, 2) << result.diagnosis();
  EXPECT_NE(result.err.find("--yes"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("production"), std::string::npos) << result.err;
  EXPECT_EQ(site_posts(*site), 0) << site->process().output_text();
  EXPECT_EQ(emulator_stats().value("total", -1L), stats_before.value("total", -2L)) << "formcheck talked to Twilio";
}

TEST_F(RunConfig, PlanOverMaxMessagesRefusesWithTheBudgetAndSendsNothing) {
  auto* site = start_stand_ins();
  ASSERT_NE(site, nullptr);
  auto config = base_config();
  auto target = remote_target(*site);
  target["max_messages"] = 3;
  config["targets"]["staging"] = target;
  const auto path = write_config(config);
  const auto stats_before = emulator_stats();
  const auto result = run(path);  // every suite: far more than 3 messages
  ASSERT_TRUE(result.finished);
  EXPECT_EQ(result.code, 2) << result.diagnosis();
  EXPECT_NE(result.err.find("max_messages is 3"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("--suite delivery"), std::string::npos) << "no fix offered:\n" << result.err;
  EXPECT_EQ(site_posts(*site), 0) << site->process().output_text();
  EXPECT_EQ(emulator_stats().value("total", -1L), stats_before.value("total", -2L)) << "formcheck talked to Twilio";
  EXPECT_FALSE(std::filesystem::exists(result.junit));
}

TEST_F(RunConfig, DryRunPrintsThePlanAndSendsNothing) {
  auto* site = start_stand_ins();
  ASSERT_NE(site, nullptr);
  auto config = base_config();
  config["targets"]["preview"] = remote_target(*site);
  const auto path = write_config(config);
  const auto stats_before = emulator_stats();
  const auto result = run(path, {"--dry-run"});
  ASSERT_TRUE(result.finished);
  EXPECT_EQ(result.code, 0) << result.diagnosis();
  EXPECT_NE(result.out.find("nothing was sent"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("POST " + site->base_url() + "/api/contact"), std::string::npos) << result.out;
  EXPECT_EQ(site_posts(*site), 0) << site->process().output_text();
  EXPECT_EQ(emulator_stats().value("total", -1L), stats_before.value("total", -2L)) << "formcheck talked to Twilio";
  EXPECT_EQ(emulator_message_count(), 0);
}

}  // namespace
}  // namespace formcheck::testing::run_e2e
