// The launcher against real /bin/sh children (a unit of the target layer, but with real
// processes: that is what it manages).
#include <gtest/gtest.h>
#include <signal.h>

#include "harness/process/child_process.hpp"
#include "harness/util/secret.hpp"
#include "tests/support/standin.hpp"

namespace formcheck::process {
namespace {

std::unique_ptr<ChildProcess> shell(const std::string& script, std::map<std::string, std::string> env = {}) {
  LaunchSpec spec;
  spec.executable = "sh";
  spec.args = {"-c", script};
  spec.env_overrides = std::move(env);
  auto child = ChildProcess::start(spec);
  EXPECT_TRUE(child) << (child ? "" : child.error());
  return child ? std::move(child.value()) : nullptr;
}

bool process_alive(int pid) { return kill(pid, 0) == 0; }

TEST(ChildProcess, WaitsForALineAndCapturesBothStreams) {
  auto child = shell("echo starting >&2; echo 'listening http://127.0.0.1:1234'; sleep 30");
  ASSERT_TRUE(child);
  const auto line = child->wait_for_line([](const OutputLine& l) { return l.text.rfind("listening", 0) == 0; },
                                         std::chrono::seconds(5));
  ASSERT_TRUE(line);
  EXPECT_EQ(*line, "listening http://127.0.0.1:1234");
  // stdout and stderr are read by separate threads: the stderr line may land a moment later.
  EXPECT_TRUE(formcheck::testing::wait_until(
      [&] { return child->output_text().find("[stderr] starting") != std::string::npos; }, std::chrono::seconds(5)))
      << child->output_text();
  const auto stopped = child->stop(std::chrono::seconds(2));
  EXPECT_TRUE(stopped.status.exited);
  EXPECT_FALSE(stopped.killed);
  EXPECT_EQ(stopped.status.signal, SIGTERM);
}

TEST(ChildProcess, ReportsAnEarlyExitInsteadOfWaitingForTheDeadline) {
  auto child = shell("echo boom >&2; exit 3");
  ASSERT_TRUE(child);
  const auto started = std::chrono::steady_clock::now();
  const auto line = child->wait_for_line([](const OutputLine&) { return false; }, std::chrono::seconds(20));
  EXPECT_FALSE(line);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5));
  const auto status = child->wait_exit(std::chrono::seconds(5));
  EXPECT_TRUE(status.exited);
  EXPECT_EQ(status.code, 3);
}

TEST(ChildProcess, KillsAChildThatIgnoresSigterm) {
  auto child = shell("trap '' TERM; echo ready; while :; do sleep 1; done");
  ASSERT_TRUE(child);
  ASSERT_TRUE(child->wait_for_line([](const OutputLine& l) { return l.text == "ready"; }, std::chrono::seconds(5)));
  const auto stopped = child->stop(std::chrono::milliseconds(300));
  EXPECT_TRUE(stopped.killed);
  EXPECT_EQ(stopped.status.signal, SIGKILL);
}

TEST(ChildProcess, StopsGrandchildrenInTheGroup) {
  auto child = shell("sleep 60 & echo $!; wait");
  ASSERT_TRUE(child);
  const auto line = child->wait_for_line([](const OutputLine& l) { return !l.text.empty(); }, std::chrono::seconds(5));
  ASSERT_TRUE(line);
  const int grandchild = std::stoi(*line);
  EXPECT_TRUE(process_alive(grandchild));
  child->stop(std::chrono::seconds(2));
  EXPECT_TRUE(formcheck::testing::wait_until([&] { return !process_alive(grandchild); }, std::chrono::seconds(5)));
}

TEST(ChildProcess, RedactsSecretsInCapturedOutput) {
  register_secret("very-secret-token-123");
  auto child = shell("echo \"token is $TOKEN\"", {{"TOKEN", "very-secret-token-123"}});
  ASSERT_TRUE(child);
  child->wait_exit(std::chrono::seconds(5));
  ASSERT_TRUE(formcheck::testing::wait_until(
      [&] { return child->output_text().find("token is") != std::string::npos; }, std::chrono::seconds(5)));
  EXPECT_EQ(child->output_text().find("very-secret-token-123"), std::string::npos);
  EXPECT_NE(child->output_text().find("token is [REDACTED]"), std::string::npos);
}

TEST(ChildProcess, MissingExecutableIsAnError) {
  LaunchSpec spec;
  spec.executable = "formcheck-no-such-program";
  const auto child = ChildProcess::start(spec);
  ASSERT_FALSE(child);
  EXPECT_NE(child.error().find("formcheck-no-such-program"), std::string::npos);
}

}  // namespace
}  // namespace formcheck::process
