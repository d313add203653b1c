// WebKit and Firefox beside Chromium: each engine submits the reference site's page, catches
// the page's defects, types the passthrough corpus (Japanese, Arabic, ZWJ emoji, newlines) into
// real fields so that it reaches staff verbatim, and leaves nothing running after Ctrl-C or
// kill -9. Each test is skipped, saying so, where its engine's packages are missing.
#include <signal.h>

#include <cstdlib>

#include "harness/browser/engines.hpp"
#include "harness/browser/firefox_engine.hpp"
#include "harness/browser/webkit_engine.hpp"
#include "tests/browser/browser_fixture.hpp"
#include "tests/browser/process_tree.hpp"

namespace formcheck::testing::browser_e2e {
namespace {

#define FORMCHECK_REQUIRE_ENGINE(engine)                                                   \
  do {                                                                                     \
    if (auto ok = ::formcheck::browser::check_installed(engine); !ok) {                    \
      GTEST_SKIP() << "skipped: " << (engine) << " is not usable here (" << ok.error() << ")"; \
    }                                                                                      \
  } while (false)

class BrowserEngines : public BrowserFixture, public ::testing::WithParamInterface<std::string> {
 protected:
  std::string engine() const { return GetParam(); }
  std::string case_name(const std::string& device, const std::string& check) const {
    return "contact-form[" + engine() + " " + device + "]/" + check;
  }
};

// The page's defects, one target each, side by side in one run.
TEST_P(BrowserEngines, EachPageDefectFailsItsCheck) {
  FORMCHECK_REQUIRE_ENGINE(engine());
  start_emulator();
  auto* healthy = start_site();
  auto* wrong_field = start_site({"--fault", "page-wrong-field"});
  auto* phone = start_site({"--fault", "page-phone-no-submit"});
  auto* fake_success = start_site({"--fault", "page-always-success", "--fault", "status=502"});
  auto* throws = start_site({"--fault", "page-script-throws"});
  ASSERT_TRUE(healthy && wrong_field && phone && fake_success && throws);
  auto config = browser_config(*healthy);
  config["browser"] = {{"engines", {engine()}}};
  config["targets"]["wrong-field"] = remote_target(*wrong_field);
  config["targets"]["phone"] = remote_target(*phone);
  config["targets"]["phone"]["browser"] = {{"engines", {engine()}}, {"devices", {"iPhone 14"}}};
  config["targets"]["fake-success"] = remote_target(*fake_success);
  config["targets"]["throws"] = remote_target(*throws);
  const auto result = run(write_config(config), {}, 200s);
  ASSERT_TRUE(result.finished) << result.diagnosis();
  EXPECT_EQ(result.code, 1) << result.diagnosis() << case_table(result.results);
  const auto& r = result.results;

  for (const std::string check : {"accepted", "delivered", "guest-view"}) {
    EXPECT_EQ(outcome(r, "delivery", "local", case_name("desktop", check)), "passed")
        << check << ": " << message_of(r, "delivery", "local", case_name("desktop", check));
  }
  const auto wrong = message_of(r, "delivery", "wrong-field", case_name("desktop", "guest-view"));
  EXPECT_EQ(outcome(r, "delivery", "wrong-field", case_name("desktop", "guest-view")), "failed") << wrong;
  EXPECT_NE(wrong.find("answered HTTP 400"), std::string::npos) << wrong;

  const auto hidden = message_of(r, "delivery", "phone", case_name("iPhone 14", "guest-view"));
  EXPECT_EQ(outcome(r, "delivery", "phone", case_name("iPhone 14", "guest-view")), "failed") << hidden;
  EXPECT_NE(hidden.find("submit button is unusable (it is hidden)"), std::string::npos) << hidden;
  // What the engine could not emulate of the phone is part of the evidence.
  const auto emulation =
      find_case(r, "delivery", "phone", case_name("iPhone 14", "guest-view"))["properties"].value("emulation", "");
  EXPECT_NE(emulation.find("emulated iPhone 14"), std::string::npos) << emulation;
  EXPECT_NE(emulation.find("no touch"), std::string::npos) << emulation;

  const auto fake = message_of(r, "delivery", "fake-success", case_name("desktop", "guest-view"));
  EXPECT_EQ(outcome(r, "delivery", "fake-success", case_name("desktop", "guest-view")), "failed") << fake;
  EXPECT_NE(fake.find("although its request to /api/contact answered HTTP 502"), std::string::npos) << fake;

  const auto threw = message_of(r, "delivery", "throws", case_name("desktop", "guest-view"));
  EXPECT_EQ(outcome(r, "delivery", "throws", case_name("desktop", "guest-view")), "failed") << threw;
  EXPECT_NE(threw.find("sent no POST"), std::string::npos) << threw;
  EXPECT_NE(threw.find("formValidator"), std::string::npos) << "the page's error is the evidence: " << threw;
  FORMCHECK_EXPECT_JUNIT_VALID(result.junit);
}

// The passthrough corpus typed key by key into the page's fields reaches staff verbatim.
TEST_P(BrowserEngines, PassthroughCorpusArrivesVerbatim) {
  FORMCHECK_REQUIRE_ENGINE(engine());
  start_emulator();
  auto* site = start_site();
  ASSERT_NE(site, nullptr);
  const auto result = run(write_config(browser_config(*site, {"passthrough"})), {"--browser", engine()}, 200s);
  ASSERT_TRUE(result.finished) << result.diagnosis();
  EXPECT_EQ(result.code, 0) << result.diagnosis() << case_table(result.results);
  const auto cases = cases_of(result.results, "passthrough", "local");
  EXPECT_GE(cases.size(), 10u) << case_table(result.results);
  for (const auto& c : cases) {
    EXPECT_NE(c.value("name", "").find("[" + engine() + " desktop]"), std::string::npos) << c.value("name", "");
  }
  // The corpus is packed into few page submissions, and each payload still has the guest's view
  // of the page that carried it.
  EXPECT_LE(emulator_message_count(), 2) << case_table(result.results);
  size_t guest_views = 0;
  for (const auto& c : cases) {
    guest_views += c.value("name", "").find("/guest-view") != std::string::npos ? 1 : 0;
  }
  EXPECT_GE(guest_views, 10u) << case_table(result.results);
}

// Ctrl-C and kill -9 mid-submission: no driver, browser, display or profile outlives formcheck.
TEST_P(BrowserEngines, NothingOutlivesCtrlCOrKill9) {
  FORMCHECK_REQUIRE_ENGINE(engine());
  start_emulator();
  auto* site = start_site({"--fault", "delay=20000"});
  ASSERT_NE(site, nullptr);
  const auto config = write_config(browser_config(*site));
  for (const int signal_number : {SIGINT, SIGKILL}) {
    const std::string tag = signal_number == SIGINT ? "interrupt" : "kill9";
    auto process = start_formcheck({"run", "--config", config.string(), "--junit", (dir() / (tag + ".xml")).string(),
                                    "--yes", "--browser", engine()},
                                   tag);
    ASSERT_NE(process, nullptr);
    std::vector<int> pids;
    std::vector<std::string> commands;
    // The browser runs: its content process (WebKit) or the browser itself (Firefox) exists.
    const std::string marker = engine() == "webkit" ? "WebKitWebProcess" : "firefox";
    ASSERT_TRUE(wait_until(
        [&] {
          pids = descendants_of(process->pid());
          commands.clear();
          for (int pid : pids) {
            commands.push_back(command_line_of(pid));
          }
          return std::any_of(commands.begin(), commands.end(),
                             [&](const std::string& c) { return c.find(marker) != std::string::npos; });
        },
        90s, 100ms))
        << read_text(dir() / (tag + ".err"));
    if (engine() == "webkit") {
      EXPECT_TRUE(std::any_of(commands.begin(), commands.end(),
                              [](const std::string& c) { return c.find("Xvfb") != std::string::npos; }));
    }
    ASSERT_EQ(kill(process->pid(), signal_number), 0);
    const auto code = process->wait_exit(30s);
    ASSERT_TRUE(code.has_value()) << tag << ": formcheck did not exit";
    if (signal_number == SIGINT) {
      EXPECT_EQ(*code, 130) << read_text(dir() / (tag + ".err"));
    }
    EXPECT_TRUE(wait_until(
        [&] { return std::none_of(pids.begin(), pids.end(), [](int pid) { return process_alive(pid); }); }, 15s))
        << tag << ": a browser process outlived formcheck";
    for (const auto& c : commands) {
      // Firefox's fresh profile goes with it.
      if (const auto at = c.find("--profile "); at != std::string::npos) {
        const auto profile = c.substr(at + 10, c.find(' ', at + 10) - at - 10);
        EXPECT_TRUE(wait_until([&] { return !std::filesystem::exists(profile); }, 10s))
            << tag << ": the profile " << profile << " is left behind";
      }
    }
    for (size_t i = 0; i < pids.size(); ++i) {
      if (process_alive(pids[i])) {
        ADD_FAILURE() << tag << ": still running: " << commands[i];
        kill(pids[i], SIGKILL);
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Engines, BrowserEngines, ::testing::Values("webkit", "firefox"),
                         [](const ::testing::TestParamInfo<std::string>& p) { return p.param; });

class EngineInput : public BrowserFixture {
 protected:
  // Runs `formcheck run --browser ENGINE` with PATH (and DISPLAY) replaced.
  RunResult run_with(const std::string& engine, const std::filesystem::path& path_dir, bool drop_display,
                     bool expect_nothing_sent = true) {
    start_emulator();
    auto* site = start_site();
    EXPECT_NE(site, nullptr);
    const auto config = write_config(browser_config(*site));
    const std::string saved_path = std::getenv("PATH") != nullptr ? std::getenv("PATH") : "";
    const char* display = std::getenv("DISPLAY");
    const std::string saved_display = display != nullptr ? display : "";
    setenv("PATH", path_dir.c_str(), 1);
    if (drop_display) {
      unsetenv("DISPLAY");
    }
    auto result = run(config, {"--browser", engine});
    setenv("PATH", saved_path.c_str(), 1);
    if (display != nullptr) {
      setenv("DISPLAY", saved_display.c_str(), 1);
    }
    if (expect_nothing_sent) {
      EXPECT_EQ(site_posts(*site), 0) << "nothing was sent";
    }
    return result;
  }
};

TEST_F(EngineInput, MissingWebKitPackagesExitTwoNamingThem) {
  const auto empty_bin = dir() / "empty-bin";
  std::filesystem::create_directories(empty_bin);
  const auto result = run_with("webkit", empty_bin, false);
  EXPECT_EQ(result.code, 2) << result.diagnosis();
  EXPECT_NE(result.err.find("webkit2gtk-driver"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("nothing was sent"), std::string::npos) << result.err;
}

TEST_F(EngineInput, NoXServerAndNoXvfbExitsTwoNamingXvfb) {
  FORMCHECK_REQUIRE_ENGINE("webkit");
  const auto bin = dir() / "driver-only-bin";
  std::filesystem::create_directories(bin);
  std::filesystem::create_symlink(browser::find_webkit()->driver, bin / "WebKitWebDriver");
  const auto result = run_with("webkit", bin, true);
  EXPECT_EQ(result.code, 2) << result.diagnosis();
  EXPECT_NE(result.err.find("install the Debian package xvfb"), std::string::npos) << result.err;
}

}  // namespace
}  // namespace formcheck::testing::browser_e2e

namespace formcheck::testing::browser_e2e {
namespace {

// --browser all with only Firefox on PATH: Firefox runs, and the run says which engines are
// missing and which packages bring them.
TEST_F(EngineInput, AllRunsTheInstalledEnginesAndNamesTheMissingOnes) {
  FORMCHECK_REQUIRE_ENGINE("firefox");
  const auto bin = dir() / "firefox-only-bin";
  std::filesystem::create_directories(bin);
  std::filesystem::create_symlink(browser::find_firefox()->firefox, bin / "firefox-esr");
  const auto result = run_with("all", bin, false, false);
  EXPECT_EQ(result.code, 0) << result.diagnosis() << case_table(result.results);
  EXPECT_EQ(outcome(result.results, "delivery", "local", "contact-form[firefox desktop]/guest-view"), "passed")
      << case_table(result.results);
  EXPECT_NE(result.err.find("--browser all runs firefox"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("apt-get install chromium chromium-driver"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("webkit2gtk-driver"), std::string::npos) << result.err;
}

}  // namespace
}  // namespace formcheck::testing::browser_e2e

namespace formcheck::testing::browser_e2e {
namespace {

// A WebKitWebDriver that accepts connections and never answers: opening a session meets its
// deadline, says so, and the driver's process is stopped.
TEST_F(EngineInput, HungWebKitDriverMeetsTheDeadlineAndIsStopped) {
  FORMCHECK_REQUIRE_ENGINE("webkit");
  const auto fake = dir() / "hung-driver";
  const auto pid_file = dir() / "hung-driver.pid";
  write_text(fake,
             "#!/usr/bin/env python3\n"
             "import os, socket, sys\n"
             "port = int([a for a in sys.argv if a.startswith('--port=')][0].split('=')[1])\n"
             "open(os.environ['FORMCHECK_TEST_PID_FILE'], 'w').write(str(os.getpid()))\n"
             "s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)\n"
             "s.bind(('127.0.0.1', port)); s.listen(8); held = []\n"
             "while True: held.append(s.accept()[0])\n",
             true);
  setenv("FORMCHECK_TEST_PID_FILE", pid_file.c_str(), 1);
  auto installation = browser::find_webkit();
  ASSERT_TRUE(installation.has_value()) << installation.error();
  installation->driver = fake;
  browser::WebKitOptions options;
  options.start_timeout = 3s;
  auto engine = browser::WebKitEngine::start(*installation, options);
  ASSERT_TRUE(engine.has_value()) << engine.error();
  const auto started = std::chrono::steady_clock::now();
  auto session = (*engine)->open(browser::Device{});
  const auto took = std::chrono::steady_clock::now() - started;
  unsetenv("FORMCHECK_TEST_PID_FILE");
  ASSERT_FALSE(session.has_value());
  EXPECT_NE(session.error().find("WebKit could not start a session within 3 s"), std::string::npos) << session.error();
  EXPECT_LT(took, 15s);
  const int pid = read_pid(pid_file);
  ASSERT_GT(pid, 0);
  EXPECT_TRUE(wait_until([&] { return !process_alive(pid); }, 10s)) << "the hung driver still runs";
  (*engine)->shutdown();
}

}  // namespace
}  // namespace formcheck::testing::browser_e2e
