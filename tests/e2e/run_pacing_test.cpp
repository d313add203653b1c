// formcheck's own pacing against sites whose limiter is as strict as real ones: every POST is
// stamped when the route runs (refused ones too, and a stamp exactly one window old still
// counts), and the route is cold on its first request. A healthy site must pass every check;
// a site that refuses is named on the console, and a refusal is not waited on.
#include "tests/e2e/local_port.hpp"
#include "tests/e2e/run_fixture.hpp"
#include "tests/support/standin.hpp"

#include <cstdlib>
#include <regex>

namespace formcheck::testing::run_e2e {
namespace {

class RunPacing : public RunFixture {
 protected:
  // The strict limiter, a cold route, and the given limit.
  static std::vector<std::string> strict_site_args(int cold_ms) {
    return {"--rate-limit-counts", "arrivals", "--fault", "cold-start=" + std::to_string(cold_ms)};
  }

  static size_t count_outcome(const json& results, const std::string& outcome) {
    size_t n = 0;
    for (const auto& c : results.value("cases", json::array())) {
      n += c.value("outcome", "") == outcome ? 1 : 0;
    }
    return n;
  }

  // Every <testcase … time="T"> of the JUnit text: name → T.
  static std::vector<std::pair<std::string, double>> testcase_times(const std::string& junit) {
    std::vector<std::pair<std::string, double>> out;
    const std::regex testcase(R"re(<testcase ([^>]*)>)re");
    const std::regex name(R"re(\bname="([^"]*)")re");
    const std::regex classname(R"re(\bclassname="([^"]*)")re");
    const std::regex time(R"re(\btime="([0-9.]+)")re");
    for (auto it = std::sregex_iterator(junit.begin(), junit.end(), testcase); it != std::sregex_iterator();
         ++it) {
      const std::string attributes = (*it)[1];
      std::smatch n;
      std::smatch c;
      std::smatch t;
      if (std::regex_search(attributes, n, name) && std::regex_search(attributes, t, time)) {
        std::regex_search(attributes, c, classname);
        out.emplace_back(std::string(c.size() > 1 ? c[1].str() : "") + " " + n[1].str(), std::stod(t[1]));
      }
    }
    return out;
  }
};

// Repetitions of the full run: 2 in CI; FORMCHECK_PACING_REPS=10 for the long proof.
int repetitions() {
  const char* text = std::getenv("FORMCHECK_PACING_REPS");
  const int n = text != nullptr ? std::atoi(text) : 0;
  return n > 0 ? n : 2;
}

TEST_F(RunPacing, FullRunsAt5Per10WithColdRoutesHaveNoFailureAndNoError) {
  // About 45 s per repetition: 13 single submissions and a burst of 3 at 5 per 10 s cross the
  // window's edge three times on each target (both targets run side by side).
  start_emulator();
  for (int rep = 1; rep <= repetitions(); ++rep) {
    SCOPED_TRACE("repetition " + std::to_string(rep));
    auto* remote = start_site(strict_site_args(1500), {}, "5/10");
    ASSERT_NE(remote, nullptr);
    // Below the ephemeral range: a parallel test's stand-in or connection cannot take it first.
    const int port = unraced_port();
    ASSERT_GT(port, 0);
    auto config = base_config();
    auto local = local_target(port, site_command(port, strict_site_args(1500), "5/10"), 20, 5, 10);
    local["start"].erase("ready");  // the default: the form's own path, which warms the route
    config["targets"]["local"] = local;
    config["targets"]["remote"] = remote_target(*remote, 5, 10);
    const auto tag = "rep" + std::to_string(rep);
    const auto path = write_config(config);
    // The deadline is the plan's own estimate with room for a busy machine: twice the paced
    // submissions and deliveries, plus the local target's start timeout and the final sweep.
    const auto dry = formcheck({"run", "--config", path.string(), "--dry-run"}, 60s, tag + "-dry");
    const double estimate = estimated_seconds(dry.out);
    ASSERT_GT(estimate, 0) << dry.diagnosis();
    const auto deadline = std::chrono::milliseconds(static_cast<long>((2 * estimate + 20 + 60) * 1000));
    const auto result = run(path, {}, deadline, tag);

    ASSERT_TRUE(result.finished) << result.diagnosis();
    ASSERT_TRUE(result.results.is_object()) << result.diagnosis();
    const auto table = case_table(result.results);
    EXPECT_EQ(result.code, 0) << table << result.diagnosis();
    EXPECT_EQ(count_outcome(result.results, "failed"), 0u) << table;
    EXPECT_EQ(count_outcome(result.results, "error"), 0u) << table;
    EXPECT_GT(count_outcome(result.results, "passed"), 40u) << table;
    EXPECT_EQ(result.out.find("refused this submission"), std::string::npos) << result.out;

    // Every check carries its own time: from its submission to its verdict.
    const auto times = testcase_times(result.junit_text);
    ASSERT_FALSE(times.empty()) << result.junit_text.substr(0, 2000);
    for (const auto& [name, seconds] : times) {
      EXPECT_GT(seconds, 0.0) << name;
    }
    // Built-in suites live outside the config's folder: no absolute path of this machine.
    EXPECT_EQ(result.junit_text.find(" file=\"/"), std::string::npos);
    if (xmllint_available()) {
      expect_junit_valid(result.junit);
    }
    if (HasFailure()) {
      break;
    }
  }
}

}  // namespace
}  // namespace formcheck::testing::run_e2e

namespace formcheck::testing::run_e2e {
namespace {

// A passthrough suite of `payloads` from the shipped corpus, written into the config's folder.
std::filesystem::path write_passthrough_suite(const std::filesystem::path& dir, size_t payloads) {
  const auto corpus =
      json::parse(read_text(formcheck::testing::source_dir() + "/fixtures/payloads/passthrough.json"),
                  nullptr, true, true);
  json cases = json::array();
  for (size_t i = 0; i < payloads && i < corpus["payloads"].size(); ++i) {
    cases.push_back(corpus["payloads"][i]);
  }
  std::filesystem::create_directories(dir / "suites");
  const auto path = dir / "suites" / "passthrough-short.json";
  write_text(path, json{{"name", "passthrough"}, {"kind", "passthrough"}, {"cases", cases}}.dump(2));
  return path;
}

// A passthrough suite of `payloads` that each go in a submission of their own: messages of one
// length cannot share a submission (a pack never sends a field longer than the corpus does).
std::filesystem::path write_unpackable_suite(const std::filesystem::path& dir, size_t payloads) {
  json cases = json::array();
  for (size_t i = 0; i < payloads; ++i) {
    cases.push_back({{"name", "alone-" + std::to_string(i + 1)},
                     {"fields", {{"message", "A message that goes alone, number " + std::to_string(i + 1)}}}});
  }
  std::filesystem::create_directories(dir / "suites");
  const auto path = dir / "suites" / "passthrough-short.json";
  write_text(path, json{{"name", "passthrough"}, {"kind", "passthrough"}, {"cases", cases}}.dump(2));
  return path;
}

TEST_F(RunPacing, TheSixthSubmissionAt5Per60WaitsPastTheSitesWindow) {
  // About 65 s, nearly all of it the one wait this test exists for: delivery (whose message the
  // sender checks are judged from) and five passthrough payloads that cannot share a
  // submission are six submissions, so the sixth goes out at the window's edge.
  start_emulator();
  auto* site = start_site(strict_site_args(1500), {}, "5/60");
  ASSERT_NE(site, nullptr);
  write_unpackable_suite(dir(), 5);
  auto config = base_config();
  config["suites"] = {"delivery", "sender", "suites/passthrough-short.json"};
  config["targets"]["remote"] = remote_target(*site, 5, 60);
  const auto began = std::chrono::steady_clock::now();
  const auto result = run(write_config(config), {}, 150s);
  const auto took = std::chrono::steady_clock::now() - began;

  ASSERT_TRUE(result.finished) << result.diagnosis();
  ASSERT_TRUE(result.results.is_object()) << result.diagnosis();
  const auto table = case_table(result.results);
  EXPECT_EQ(result.code, 0) << table << result.diagnosis();
  EXPECT_EQ(count_outcome(result.results, "failed"), 0u) << table;
  EXPECT_EQ(count_outcome(result.results, "error"), 0u) << table;
  EXPECT_EQ(count_outcome(result.results, "passed"), 12u) << table;
  EXPECT_GE(took, 60s) << "the sixth submission did not wait for the site's window";
  EXPECT_NE(result.out.find("pacing"), std::string::npos) << result.out;
  // The suite file lies in the config's folder: named relative to it.
  EXPECT_NE(result.junit_text.find("file=\"suites/passthrough-short.json\""), std::string::npos)
      << result.junit_text.substr(0, 1500);
}

TEST_F(RunPacing, A429OnAPassthroughCheckIsAnErrorNamingThePacing) {
  // The site allows 2 per 60 s; the config claims 5: the third payload is refused with 429.
  start_emulator();
  auto* site = start_site({"--rate-limit-counts", "arrivals"}, {}, "2/60");
  ASSERT_NE(site, nullptr);
  write_unpackable_suite(dir(), 3);
  auto config = base_config();
  config["expect"]["latency_s"] = 30;
  config["expect"]["grace_s"] = 15;
  config["expect"]["settle_s"] = 1;  // the end-of-run count's wait is not what this test times
  config["suites"] = {"suites/passthrough-short.json"};
  config["targets"]["remote"] = remote_target(*site, 5, 60);
  const auto began = std::chrono::steady_clock::now();
  const auto result = run(write_config(config), {}, 60s);
  const auto took = std::chrono::steady_clock::now() - began;

  ASSERT_TRUE(result.finished) << result.diagnosis();
  const auto table = case_table(result.results);
  EXPECT_EQ(result.code, 3) << table << result.diagnosis();
  EXPECT_EQ(count_outcome(result.results, "failed"), 0u) << "a 429 is never the payload's failure\n" << table;
  EXPECT_EQ(count_outcome(result.results, "error"), 1u) << table;
  EXPECT_EQ(count_outcome(result.results, "passed"), 2u) << table;
  // The console line itself names the refusal, the pacing key and the fix.
  std::string line;
  for (std::istringstream lines(result.out); std::getline(lines, line);) {
    if (line.find("passthrough.remote") != std::string::npos && line.find("HTTP 429") != std::string::npos) {
      break;
    }
    line.clear();
  }
  ASSERT_FALSE(line.empty()) << result.out;
  for (const std::string needle : {"HTTP 429", "Retry-After", "targets.remote.rate_limit", "fix"}) {
    EXPECT_NE(line.find(needle), std::string::npos) << "'" << needle << "' missing: " << line;
  }
  // Refused: not watched for latency_s + grace_s (45 s).
  EXPECT_LT(took, 30s);
}

TEST_F(RunPacing, ASiteAnswering503IsNotWaitedOnAndTheLineSaysWhatItAnswered) {
  // The default budgets (30 s latency + 15 s grace): a refusal must still end in seconds.
  start_emulator();
  auto* site = start_site({"--fault", "status=503", "--fault", "silent-drop"});
  ASSERT_NE(site, nullptr);
  write_passthrough_suite(dir(), 2);
  auto config = base_config();
  config["expect"]["latency_s"] = 30;
  config["expect"]["grace_s"] = 15;
  config["expect"]["settle_s"] = 1;  // the end-of-run count's wait is not what this test times
  config["suites"] = {"delivery", "suites/passthrough-short.json"};
  config["targets"]["remote"] = remote_target(*site);
  const auto began = std::chrono::steady_clock::now();
  const auto result = run(write_config(config), {}, 60s);
  const auto took = std::chrono::steady_clock::now() - began;

  ASSERT_TRUE(result.finished) << result.diagnosis();
  const auto table = case_table(result.results);
  EXPECT_EQ(result.code, 1) << table << result.diagnosis();
  EXPECT_LT(took, 20s) << table;
  EXPECT_EQ(outcome(result.results, "delivery", "remote", "contact-form/accepted"), "failed") << table;
  EXPECT_EQ(outcome(result.results, "delivery", "remote", "contact-form/delivered"), "failed") << table;
  for (const auto& c : cases_of(result.results, "passthrough", "remote")) {
    EXPECT_EQ(c.value("outcome", ""), "failed") << table;
    EXPECT_NE(c.value("message", "").find("HTTP 503"), std::string::npos) << c.value("message", "");
  }
  // Every failed line on the console says what the site answered.
  std::istringstream lines(result.out);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("✗", 0) == 0) {
      EXPECT_NE(line.find("HTTP 503"), std::string::npos) << line;
    }
  }
}

TEST_F(RunPacing, AColdRouteIsWarmedBeforeAnythingIsTimed) {
  // About 8 s: routes that take 6 s on their first request, against a 5 s latency budget. The
  // local target's default start.ready probes the form's path; the remote one gets a warm-up GET.
  start_emulator();
  auto* remote = start_site({"--fault", "cold-start=6000"});
  ASSERT_NE(remote, nullptr);
  const int port = free_port();
  ASSERT_GT(port, 0);
  auto config = base_config();
  config["suites"] = {"delivery"};
  auto local = local_target(port, site_command(port, {"--fault", "cold-start=6000"}));
  local["start"].erase("ready");
  config["targets"]["local"] = local;
  config["targets"]["remote"] = remote_target(*remote);
  const auto result = run(write_config(config), {}, 60s);
  ASSERT_TRUE(result.finished) << result.diagnosis();
  const auto table = case_table(result.results);
  EXPECT_EQ(result.code, 0) << table << result.diagnosis();
  for (const std::string target : {"local", "remote"}) {
    EXPECT_EQ(outcome(result.results, "delivery", target, "contact-form/latency"), "passed") << table;
  }
  EXPECT_NE(result.out.find("remote: the form's route took"), std::string::npos) << result.out;
}

TEST_F(RunPacing, OnlyTheSelectedTargetsVariablesAreNeeded) {
  // The rollback job runs `--target production`; ${PREVIEW_URL} is not set on that machine.
  start_emulator();
  auto* site = start_site();
  ASSERT_NE(site, nullptr);
  auto config = base_config();
  config["suites"] = {"delivery"};
  config["targets"]["production"] = remote_target(*site);
  config["targets"]["preview"] = {{"url", "${FORMCHECK_TEST_UNSET_PREVIEW_URL}"}};
  const auto path = write_config(config);
  const auto result = run(path, {"--target", "production"}, 60s);
  ASSERT_TRUE(result.finished) << result.diagnosis();
  EXPECT_EQ(result.code, 0) << result.diagnosis() << case_table(result.results);
  EXPECT_EQ(outcome(result.results, "delivery", "production", "contact-form/delivered"), "passed");

  // Every target is still checked when none is selected, and the problem is named.
  const auto all = formcheck({"validate", "--config", path.string()}, 30s, "validate");
  EXPECT_EQ(all.code, 2) << all.diagnosis();
  EXPECT_NE(all.err.find("targets.preview.url"), std::string::npos) << all.err;
  EXPECT_NE(all.err.find("FORMCHECK_TEST_UNSET_PREVIEW_URL"), std::string::npos) << all.err;
  const auto selected =
      formcheck({"validate", "--config", path.string(), "--target", "production"}, 30s, "validate1");
  EXPECT_EQ(selected.code, 0) << selected.diagnosis();
}

}  // namespace
}  // namespace formcheck::testing::run_e2e
