// The JSON report: parses back, counts right, survives invalid UTF-8, never shows a secret.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "harness/report/json_writer.hpp"
#include "report_fixture.hpp"

namespace formcheck::report {
namespace {

using namespace test_data;
using namespace std::chrono_literals;
using nlohmann::json;

JsonMeta fixed_meta() {
  JsonMeta meta;
  meta.run_id = "run-7";
  meta.started_at = std::chrono::sys_days{std::chrono::year{2024} / 5 / 1} + 12h + 34min + 56s + 789ms;
  meta.total_time = 40s;
  return meta;
}

TEST(JsonReport, RoundTripsWithSummaryAndCases) {
  const json doc = json::parse(render_json(mixed_cases(), fixed_meta()));
  EXPECT_EQ(doc["formcheck_version"], FORMCHECK_VERSION);
  EXPECT_EQ(doc["run_id"], "run-7");
  EXPECT_EQ(doc["started_at"], "2024-05-01T12:34:56.789Z");
  EXPECT_EQ(doc["interrupted"], false);
  EXPECT_EQ(doc["duration_ms"], 40000);
  EXPECT_EQ(doc["summary"],
            json::parse(R"j({"passed":3,"failed":2,"errors":1,"skipped":1,"not_run":1,"total":8,"flaky":1})j"));
  ASSERT_EQ(doc["cases"].size(), 8u);

  const auto& first = doc["cases"][0];
  EXPECT_EQ(first["suite"], "delivery");
  EXPECT_EQ(first["target"], "production");
  EXPECT_EQ(first["name"], "contact-form/delivered");
  EXPECT_EQ(first["file"], "suites/delivery.json");
  EXPECT_EQ(first["outcome"], "passed");
  EXPECT_EQ(first["duration_ms"], 1234);
  EXPECT_EQ(first["properties"],
            json::parse(R"j({"message_sid":"SM0123456789abcdef0123456789abcdef","latency_ms":"1234"})j"));
  ASSERT_EQ(first["timeline"].size(), 3u);
  EXPECT_EQ(first["timeline"][1], json::parse(R"j({"at_ms":250,"text":"found SM0123 (queued)"})j"));
  EXPECT_EQ(first["flaky"], false);

  std::vector<std::string> outcomes;
  for (const auto& c : doc["cases"]) {
    outcomes.push_back(c["outcome"]);
  }
  EXPECT_EQ(outcomes, (std::vector<std::string>{"passed", "failed", "error", "skipped", "not_run", "passed",
                                                "passed", "failed"}));
  EXPECT_EQ(doc["cases"][1]["message"], "no message reached staff within 30 s");
  EXPECT_EQ(doc["cases"][5]["flaky"], true);
  EXPECT_EQ(doc["cases"][1]["attachment"].get<std::string>().rfind("site stderr: a]]>b <tag>", 0), 0u);
}

TEST(JsonReport, RetriedCasesListEveryAttemptWithItsOwnEvidence) {
  const json doc = json::parse(render_json(retried_cases(), fixed_meta()));
  EXPECT_EQ(doc["summary"]["passed"], 2);
  EXPECT_EQ(doc["summary"]["failed"], 1);
  EXPECT_EQ(doc["summary"]["flaky"], 2);

  const auto& flaky = doc["cases"][0];
  EXPECT_EQ(flaky["outcome"], "passed");
  EXPECT_EQ(flaky["flaky"], true);
  EXPECT_EQ(flaky["attempt"], 2);
  EXPECT_EQ(flaky["properties"]["message_sid"], "SMbb");
  EXPECT_EQ(flaky["properties"]["token"], "fc-r-0-2");
  ASSERT_EQ(flaky["attempts"].size(), 2u);
  EXPECT_EQ(flaky["attempts"][0]["attempt"], 1);
  EXPECT_EQ(flaky["attempts"][0]["outcome"], "failed");
  EXPECT_EQ(flaky["attempts"][0]["message"], "no message carrying the token reached staff within 7 s");
  EXPECT_EQ(flaky["attempts"][0]["properties"], json::parse(R"j({"token":"fc-r-0-1","poll_attempts":"9"})j"));
  EXPECT_EQ(flaky["attempts"][0]["attachment"], "site log: Twilio answered 503");
  EXPECT_EQ(flaky["attempts"][1]["outcome"], "passed");
  EXPECT_EQ(flaky["attempts"][1]["properties"]["message_sid"], "SMbb");

  const auto& failed = doc["cases"][1];
  EXPECT_EQ(failed["outcome"], "failed");
  EXPECT_EQ(failed["flaky"], false);
  ASSERT_EQ(failed["attempts"].size(), 3u);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(failed["attempts"][i]["attempt"], i + 1);
    EXPECT_EQ(failed["attempts"][i]["outcome"], "failed");
  }
}

TEST(JsonReport, ACaseThatRanOnceHasNoAttempts) {
  const json doc = json::parse(render_json({make_case("s", "t", "n", results::Outcome::passed)}, fixed_meta()));
  EXPECT_EQ(doc["cases"][0]["attempt"], 1);
  EXPECT_EQ(doc["cases"][0]["attempts"], json::array());
  EXPECT_EQ(doc["summary"]["flaky"], 0);
}

TEST(JsonReport, InvalidUtf8BecomesReplacementCharacters) {
  auto c = make_case("s", "t", "bad \xff\xfe name", results::Outcome::failed, "\xc3\x28 broken");
  c.add_property("k\xff", "v\xed\xa0\x80");
  std::string rendered;
  ASSERT_NO_THROW(rendered = render_json({c}, fixed_meta()));
  const json doc = json::parse(rendered);
  EXPECT_EQ(doc["cases"][0]["name"], "bad \xEF\xBF\xBD\xEF\xBF\xBD name");
  EXPECT_EQ(doc["cases"][0]["message"].get<std::string>().find("\xc3\x28"), std::string::npos);
  EXPECT_EQ(doc["cases"][0]["properties"].size(), 1u);
}

TEST(JsonReport, RepeatedPropertyKeysAreKept) {
  auto c = make_case("s", "t", "n", results::Outcome::passed);
  c.add_property("status", "queued");
  c.add_property("status", "sent");
  c.add_property("status", "delivered");
  const json doc = json::parse(render_json({c}, fixed_meta()));
  EXPECT_EQ(doc["cases"][0]["properties"],
            json::parse(R"j({"status":"queued","status (2)":"sent","status (3)":"delivered"})j"));
}

TEST(JsonReport, EmptyAndInterruptedRuns) {
  auto meta = fixed_meta();
  meta.interrupted = true;
  meta.total_time = 0ms;
  const json empty = json::parse(render_json({}, meta));
  EXPECT_EQ(empty["summary"]["total"], 0);
  EXPECT_EQ(empty["cases"], json::array());
  EXPECT_EQ(empty["interrupted"], true);
  EXPECT_EQ(empty["duration_ms"], 0);

  const json planned = json::parse(render_json({make_case("s", "t", "a", results::Outcome::not_run)}, meta));
  EXPECT_EQ(planned["summary"]["not_run"], 1);
  EXPECT_EQ(planned["cases"][0]["outcome"], "not_run");
}

using JsonReportSecrets = ReportSecretsTest;

TEST_F(JsonReportSecrets, NeverReachTheReport) {
  const std::string secret = "s3cr3t-json-4b5c6d";
  register_secret(secret);
  auto cases = mixed_cases();
  for (auto& c : cases) {
    c.name += secret;
    c.message += secret;
    c.detail += secret;
    c.timeline.push_back({1ms, secret});
    c.add_property(secret, secret);
    c.attachment += secret;
  }
  auto meta = fixed_meta();
  meta.run_id = secret;
  const std::string rendered = render_json(cases, meta);
  EXPECT_EQ(rendered.find(secret), std::string::npos);
  EXPECT_NE(rendered.find("[REDACTED]"), std::string::npos);
}

TEST(JsonReport, WriteIsAtomic) {
  ScratchDir dir;
  const auto path = dir.path() / "out" / "formcheck.json";
  const auto written = write_json(path, mixed_cases(), fixed_meta());
  ASSERT_TRUE(written) << written.error();
  EXPECT_EQ(json::parse(read_text(path))["summary"]["total"], 8);
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(path.parent_path()), {}), 1);
}

}  // namespace
}  // namespace formcheck::report
