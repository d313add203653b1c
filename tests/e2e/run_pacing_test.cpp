// formcheck's own pacing against sites whose limiter is as strict as real ones: every POST is
// stamped when the route runs (refused ones too, and a stamp exactly one window old still
// counts), and the route is cold on its first request. A healthy site must pass every check;
// a site that refuses is named on the console, and a refusal is not waited on.
#include <cstdlib>
#include <regex>

#include "tests/e2e/run_fixture.hpp"
#include "tests/support/standin.hpp"

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
    for (auto it = std::sregex_iterator(junit.begin(), junit.end(), testcase); it != std::sregex_iterator(); ++it) {
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
    const int port = free_port();
    ASSERT_GT(port, 0);
    auto config = base_config();
    auto local = local_target(port, site_command(port, strict_site_args(1500), "5/10"), 20, 5, 10);
    local["start"].erase("ready");  // the default: the form's own path, which warms the route
    config["targets"]["local"] = local;
    config["targets"]["remote"] = remote_target(*remote, 5, 10);
    const auto tag = "rep" + std::to_string(rep);
    const auto result = run(write_config(config), {}, 150s, tag);

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
