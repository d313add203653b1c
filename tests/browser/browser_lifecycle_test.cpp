// Nothing of the browser outlives formcheck: after Ctrl-C (reports valid, exit 130) and after
// kill -9 (the supervisor ends chromedriver's whole group, Chromium included).
#include <signal.h>

#include "tests/browser/browser_fixture.hpp"
#include "tests/browser/process_tree.hpp"

namespace formcheck::testing::browser_e2e {
namespace {

bool runs_chromium(int pid) {
  return read_text("/proc/" + std::to_string(pid) + "/cmdline").find("chrom") != std::string::npos;
}

class BrowserLifecycle : public BrowserFixture {
 protected:
  // Starts a browser run whose route answers only after 20 s, and returns once Chromium runs
  // under formcheck (its processes, collected then).
  std::unique_ptr<Spawned> start_slow_run(const std::string& tag, std::vector<int>& browser_pids) {
    start_emulator();
    auto* site = start_site({"--fault", "delay=20000"});
    EXPECT_NE(site, nullptr);
    if (site == nullptr) {
      return nullptr;
    }
    const auto junit = dir() / (tag + "-junit.xml");
    const auto results = dir() / (tag + "-results.json");
    auto process = start_formcheck({"run", "--config", write_config(browser_config(*site)).string(), "--junit",
                                    junit.string(), "--json", results.string(), "--yes", "--browser", "chromium"},
                                   tag);
    EXPECT_NE(process, nullptr);
    if (!process) {
      return nullptr;
    }
    // Mid-submission: Chromium runs under formcheck (driver and browser), and the route will
    // not answer for 20 s, so whatever step the page is at, it is unfinished.
    EXPECT_TRUE(wait_until(
        [&] {
          browser_pids.clear();
          for (int pid : descendants_of(process->pid())) {
            if (runs_chromium(pid)) {
              browser_pids.push_back(pid);
            }
          }
          // Chromium's own processes run headless: the driver has started the browser.
          return std::any_of(browser_pids.begin(), browser_pids.end(), [](int pid) {
            return read_text("/proc/" + std::to_string(pid) + "/cmdline").find("--headless") != std::string::npos;
          });
        },
        60s, 50ms))
        << read_text(dir() / (tag + ".out")) << read_text(dir() / (tag + ".err"));
    EXPECT_GE(browser_pids.size(), 3u) << "chromedriver and Chromium's processes run under formcheck";
    return process;
  }

  void expect_all_gone(const std::vector<int>& pids) {
    EXPECT_TRUE(wait_until(
        [&] {
          return std::none_of(pids.begin(), pids.end(), [](int pid) { return process_alive(pid); });
        },
        10s))
        << "a browser process outlived formcheck";
    for (int pid : pids) {
      if (process_alive(pid)) {
        kill(pid, SIGKILL);
      }
    }
  }
};

TEST_F(BrowserLifecycle, CtrlCMidSubmissionExits130AndLeavesNoBrowser) {
  FORMCHECK_REQUIRE_CHROMIUM();
  std::vector<int> browser_pids;
  auto process = start_slow_run("interrupt", browser_pids);
  ASSERT_NE(process, nullptr);
  ASSERT_EQ(kill(process->pid(), SIGINT), 0);
  const auto code = process->wait_exit(20s);
  ASSERT_TRUE(code.has_value()) << "formcheck did not exit within 20 s of SIGINT";
  const auto result = collect(code, "interrupt", dir() / "interrupt-junit.xml", dir() / "interrupt-results.json");
  EXPECT_EQ(result.code, 130) << result.diagnosis();
  EXPECT_EQ(outcome(result.results, "delivery", "local", "contact-form[chromium desktop]/guest-view"), "not_run")
      << case_table(result.results);
  expect_all_gone(browser_pids);
  FORMCHECK_EXPECT_JUNIT_VALID(result.junit);
}

TEST_F(BrowserLifecycle, KillMinus9LeavesNoBrowser) {
  FORMCHECK_REQUIRE_CHROMIUM();
  std::vector<int> browser_pids;
  auto process = start_slow_run("kill9", browser_pids);
  ASSERT_NE(process, nullptr);
  ASSERT_EQ(kill(process->pid(), SIGKILL), 0);
  process->wait_exit(10s);
  expect_all_gone(browser_pids);
}

}  // namespace
}  // namespace formcheck::testing::browser_e2e
