// The `npm run dev` process tree (npm, sh, next, next-server and whatever they spawn) must not
// outlive formcheck: not when formcheck is interrupted mid-run (Ctrl-C, exit 130 with valid
// reports), and not when it is killed with SIGKILL and can clean nothing up itself.
#include "tests/nextjs/nextjs_fixture.hpp"

namespace formcheck::testing::nextjs {
namespace {

class NextjsLifecycle : public NextjsFixture {
 protected:
  // formcheck running the delivery suite against `next dev`, held mid-run: the emulator keeps
  // the message "sending" for 20 s, so the delivered check is still waiting when this returns.
  std::unique_ptr<Spawned> start_mid_run(const std::string& tag_name) {
    start_emulator({}, /*delivery_delay_ms=*/20000);
    const auto copy = dev_copy();
    auto config = base_config();
    config["expect"]["latency_s"] = 60;
    config["targets"]["local"] = next_target(copy, "dev", free_port(), "50/10");
    const auto config_path = write_config(config);
    auto process = start_formcheck({"run", "--config", config_path.string(), "--junit",
                                    (dir() / (tag_name + "-junit.xml")).string(), "--json",
                                    (dir() / (tag_name + "-results.json")).string(), "--suite", "delivery", "--yes"},
                                   tag_name);
    if (process == nullptr) {
      return nullptr;
    }
    // Next dev starts in a few seconds; 120 s covers a loaded CI machine.
    const bool underway = wait_until([&] { return emulator_creates() >= 1; }, 120s, 50ms);
    EXPECT_TRUE(underway) << "no submission reached Twilio; formcheck said:\n"
                          << read_text(dir() / (tag_name + ".out")) << read_text(dir() / (tag_name + ".err"));
    if (!underway) {
      return nullptr;
    }
    const auto running = marked_processes(tag());
    // npm, the shell it runs the script with, next, and the next-server it forks.
    EXPECT_GE(running.size(), 3u) << "the npm process tree is not all there mid-run:\n" << describe(running);
    return process;
  }
};

TEST_F(NextjsLifecycle, CtrlCMidRunExits130WithValidReportsAndNoNpmProcessLeft) {
  auto process = start_mid_run("interrupt");
  ASSERT_NE(process, nullptr);
  ASSERT_EQ(kill(process->pid(), SIGINT), 0);
  const auto code = process->wait_exit(30s);
  ASSERT_TRUE(code.has_value()) << "formcheck did not exit within 30 s of SIGINT";
  const auto result = collect(code, "interrupt", dir() / "interrupt-junit.xml", dir() / "interrupt-results.json");
  EXPECT_EQ(result.code, 130) << result.diagnosis();
  ASSERT_TRUE(result.results.is_object()) << result.diagnosis();
  EXPECT_TRUE(result.results.value("interrupted", false));
  const auto table = case_table(result.results);
  EXPECT_EQ(outcome(result.results, "delivery", "local", "contact-form/accepted"), "passed") << table;
  EXPECT_EQ(outcome(result.results, "delivery", "local", "contact-form/delivered"), "not_run") << table;
  expect_no_marked_process();
  FORMCHECK_EXPECT_JUNIT_VALID(result.junit);
}

TEST_F(NextjsLifecycle, KillMinus9OfFormcheckLeavesNoNpmProcessBehind) {
  auto process = start_mid_run("killed");
  ASSERT_NE(process, nullptr);
  ASSERT_EQ(kill(process->pid(), SIGKILL), 0);
  const auto code = process->wait_exit(10s);
  ASSERT_TRUE(code.has_value());
  EXPECT_EQ(*code, 128 + SIGKILL);
  expect_no_marked_process();
}

}  // namespace
}  // namespace formcheck::testing::nextjs
