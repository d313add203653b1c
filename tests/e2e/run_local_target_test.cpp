// A local target formcheck starts, where the machine gets in the way: the port is already
// taken (a dev server left running, a parallel job), the server accepts and never answers,
// the start command never listens, the target dies saying why. Each ends as an `error` that
// names the cause on the console, within the target's start.timeout_s and a small margin.
// And the pacing counts formcheck's own requests to the form's route that are not
// submissions: a limiter in front of the whole route counts the warm-up GET too.
#include "tests/e2e/local_port.hpp"
#include "tests/e2e/run_fixture.hpp"

#include <unistd.h>

namespace formcheck::testing::run_e2e {
namespace {

// A port the test itself holds: bound and listening, never accepting. The kernel still
// completes connections into the backlog, so a client connects, sends, and waits for ever.
class HeldPort {
 public:
  HeldPort() {
    m_fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (m_fd >= 0 && bind(m_fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
        listen(m_fd, 64) == 0 && getsockname(m_fd, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
      m_port = ntohs(address.sin_port);
    }
  }
  ~HeldPort() {
    if (m_fd >= 0) {
      close(m_fd);
    }
  }
  HeldPort(const HeldPort&) = delete;
  HeldPort& operator=(const HeldPort&) = delete;
  int port() const { return m_port; }

 private:
  int m_fd = -1;
  int m_port = 0;
};

class LocalTarget : public RunFixture {
 protected:
  // A config with only `local` and the delivery suite.
  json config_with(const json& local) const {
    auto config = base_config();
    config["suites"] = {"delivery"};
    config["targets"]["local"] = local;
    return config;
  }

  static size_t count_outcome(const json& results, const std::string& outcome) {
    size_t n = 0;
    for (const auto& c : results.value("cases", json::array())) {
      n += c.value("outcome", "") == outcome ? 1 : 0;
    }
    return n;
  }

  // Every case of the run is an error (nothing judged the site).
  static void expect_all_errors(const RunResult& result) {
    ASSERT_TRUE(result.results.is_object()) << result.diagnosis();
    const auto total = result.results.value("cases", json::array()).size();
    EXPECT_GT(total, 0u);
    EXPECT_EQ(count_outcome(result.results, "error"), total) << case_table(result.results);
  }

  // The first console line of the local target ("local: …", or "local|" for its output) with `needle`.
  static std::string console_line(const RunResult& result, const std::string& needle) {
    std::istringstream lines(result.out);
    for (std::string line; std::getline(lines, line);) {
      if (line.find("local") != std::string::npos && line.find(needle) != std::string::npos) {
        return line;
      }
    }
    return {};
  }
};

TEST_F(LocalTarget, APortAlreadyInUseIsAnErrorNamingThePortAndTheServerHoldingIt) {
  // A contact site is already up on the port (a dev server left running): formcheck must not
  // start a second one, nor judge the first in its place.
  start_emulator();
  auto* running = start_site();
  ASSERT_NE(running, nullptr);
  const int port = running->port();
  const auto began = std::chrono::steady_clock::now();
  const auto result = run(write_config(config_with(local_target(port, site_command(port)))), {}, 60s);
  const auto took = std::chrono::steady_clock::now() - began;

  ASSERT_TRUE(result.finished) << result.diagnosis();
  EXPECT_EQ(result.code, 3) << result.diagnosis();
  expect_all_errors(result);
  const auto line = console_line(result, "already in use");
  ASSERT_FALSE(line.empty()) << result.diagnosis();
  for (const std::string& needle :
       std::vector<std::string>{"port " + std::to_string(port), "formcheck-contact-site", "pid ",
                                "targets.local.start.reuse_existing"}) {
    EXPECT_NE(line.find(needle), std::string::npos) << "'" << needle << "' missing: " << line;
  }
  EXPECT_EQ(site_posts(*running), 0) << "the server already running was submitted to";
  EXPECT_LT(took, 20s);
}

TEST_F(LocalTarget, ReuseExistingTestsTheServerAlreadyRunningWithoutStartingAnother) {
  // start.reuse_existing (Playwright's reuseExistingServer): the start command is not run (it
  // would fail: /bin/false), the running server is checked, and left running afterwards.
  start_emulator();
  auto* running = start_site();
  ASSERT_NE(running, nullptr);
  auto local = local_target(running->port(), {"/bin/false"});
  local["start"]["reuse_existing"] = true;
  const auto result = run(write_config(config_with(local)), {}, 60s);

  ASSERT_TRUE(result.finished) << result.diagnosis();
  EXPECT_EQ(result.code, 0) << case_table(result.results) << result.diagnosis();
  EXPECT_EQ(outcome(result.results, "delivery", "local", "contact-form/delivered"), "passed")
      << case_table(result.results);
  const auto line = console_line(result, "testing that server");
  EXPECT_NE(line.find("formcheck-contact-site"), std::string::npos) << result.out;
  EXPECT_TRUE(process_alive(running->process().pid()));
  EXPECT_GE(site_posts(*running), 1);
}

TEST_F(LocalTarget, ATargetThatExitsBeforeReadyShowsItsLastOutputLinesOnTheConsole) {
  // What the target said is the cause: on the console, cleaned of its terminal colours,
  // redacted, not only in the JUnit attachment.
  start_emulator();
  const int port = unraced_port();
  ASSERT_GT(port, 0);
  const std::string script = "echo '> surf-camp@0.1.0 dev'; echo 'token is " + std::string(kAuthToken) +
                             "' >&2; printf '\\033[31m\\342\\250\\257\\033[39m Failed to compile\\n' >&2;"
                             " echo 'Error: listen EADDRINUSE: address already in use :::" +
                             std::to_string(port) + "' >&2; exit 1";
  const auto result = run(write_config(config_with(local_target(port, {"/bin/sh", "-c", script}))), {}, 60s);

  ASSERT_TRUE(result.finished) << result.diagnosis();
  EXPECT_EQ(result.code, 3) << result.diagnosis();
  expect_all_errors(result);
  EXPECT_FALSE(console_line(result, "exited before it was ready (code 1)").empty()) << result.out;
  const auto cause = console_line(result, "EADDRINUSE");
  EXPECT_NE(cause.find("address already in use"), std::string::npos) << result.out;
  const auto compile = console_line(result, "Failed to compile");
  ASSERT_FALSE(compile.empty()) << result.out;
  EXPECT_EQ(compile.find('\x1b'), std::string::npos) << "terminal colours on the console: " << compile;
  EXPECT_EQ(result.everything().find(kAuthToken), std::string::npos) << "the auth token leaked";
}

TEST_F(LocalTarget, AServerThatAcceptsAndNeverAnswersIsGivenUpAtTimeoutS) {
  // reuse_existing on a port whose holder accepts connections and never answers: every ready
  // probe hangs; the wait still ends at start.timeout_s.
  start_emulator();
  HeldPort held;
  ASSERT_GT(held.port(), 0);
  auto local = local_target(held.port(), {"/bin/false"}, 4);
  local["start"]["reuse_existing"] = true;
  const auto began = std::chrono::steady_clock::now();
  const auto result = run(write_config(config_with(local)), {}, 60s);
  const auto took = std::chrono::steady_clock::now() - began;

  ASSERT_TRUE(result.finished) << result.diagnosis();
  EXPECT_EQ(result.code, 3) << result.diagnosis();
  expect_all_errors(result);
  const auto line = console_line(result, "was not ready within 4 s");
  EXPECT_NE(line.find("start.timeout_s"), std::string::npos) << result.out;
  EXPECT_LT(took, 4s + 8s) << result.out;
  // Without reuse_existing, the holder (this test) is named at once instead.
  local["start"].erase("reuse_existing");
  const auto named = run(write_config(config_with(local)), {}, 60s, "named");
  EXPECT_EQ(named.code, 3) << named.diagnosis();
  EXPECT_NE(console_line(named, "already in use").find("pid " + std::to_string(getpid())), std::string::npos)
      << named.out;
}

TEST_F(LocalTarget, AStartCommandThatNeverListensIsGivenUpAtTimeoutS) {
  // It prints nothing, listens nowhere, and ignores SIGTERM: an error at start.timeout_s, and
  // the run ends a moment later.
  start_emulator();
  const int port = unraced_port();
  ASSERT_GT(port, 0);
  const auto began = std::chrono::steady_clock::now();
  const auto result =
      run(write_config(config_with(local_target(port, {"/bin/sh", "-c", "trap '' TERM; sleep 600"}, 4))), {},
          60s);
  const auto took = std::chrono::steady_clock::now() - began;

  ASSERT_TRUE(result.finished) << result.diagnosis();
  EXPECT_EQ(result.code, 3) << result.diagnosis();
  expect_all_errors(result);
  EXPECT_FALSE(console_line(result, "was not ready within 4 s").empty()) << result.out;
  EXPECT_LT(took, 4s + 12s) << result.out;
}

class WarmUpInTheRateGate : public RunFixture {};

TEST_F(WarmUpInTheRateGate, ALimiterThatCountsEveryRequestToTheRouteStillLetsTheLegitimateBurstThrough) {
  // The sites count every request to /api/contact, the warm-up GET (and the local target's
  // ready probe on the form's path) included. The rate-limit suite's burst goes in a fresh
  // window: exactly the limit must pass, so the warm-up must have left the window first.
  start_emulator();
  const std::vector<std::string> strict{"--rate-limit-counts", "requests"};
  auto* remote = start_site(strict, {}, "3/4");
  ASSERT_NE(remote, nullptr);
  const int port = unraced_port();
  ASSERT_GT(port, 0);
  auto config = base_config();
  config["suites"] = {"rate-limit"};
  auto local = local_target(port, site_command(port, strict, "3/4"), 20, 3, 4);
  local["start"].erase("ready");  // the default: the form's own path
  config["targets"]["local"] = local;
  config["targets"]["remote"] = remote_target(*remote, 3, 4);
  const auto result = run(write_config(config), {}, 90s);

  ASSERT_TRUE(result.finished) << result.diagnosis();
  const auto table = case_table(result.results);
  EXPECT_EQ(result.code, 0) << table << result.diagnosis();
  for (const std::string target : {"local", "remote"}) {
    for (const auto& c : cases_of(result.results, "rate-limit", target)) {
      EXPECT_EQ(c.value("outcome", ""), "passed") << target << ": " << table;
    }
    EXPECT_FALSE(cases_of(result.results, "rate-limit", target).empty()) << table;
  }
}

}  // namespace
}  // namespace formcheck::testing::run_e2e
