// Local targets formcheck starts itself, when they misbehave: never ready, crashing mid-run,
// ignoring SIGTERM; and Ctrl-C in the middle of a run. In every case formcheck reports honestly
// (error or not run, never passed), exits with the documented code within a deadline, and
// leaves no process behind.
#include "tests/e2e/run_fixture.hpp"

#include <dirent.h>

namespace formcheck::testing::run_e2e {
namespace {

// Live (non-zombie) processes whose process group is `pgid`.
std::vector<int> processes_in_group(int pgid) {
  std::vector<int> out;
  DIR* proc = opendir("/proc");
  if (proc == nullptr) {
    return out;
  }
  while (const dirent* entry = readdir(proc)) {
    const std::string name = entry->d_name;
    if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) {
      continue;
    }
    const auto stat = read_text("/proc/" + name + "/stat");
    const auto close_paren = stat.rfind(')');
    if (close_paren == std::string::npos) {
      continue;
    }
    std::istringstream fields(stat.substr(close_paren + 2));
    char state = 0;
    int ppid = 0;
    int pgrp = 0;
    fields >> state >> ppid >> pgrp;
    if (pgrp == pgid && state != 'Z') {
      out.push_back(std::stoi(name));
    }
  }
  closedir(proc);
  return out;
}

class RunLifecycle : public RunFixture {
 protected:
  std::vector<std::string> sh_script(const std::string& name, const std::string& body,
                                     const std::vector<std::string>& args) {
    const auto path = dir() / name;
    write_text(path, "#!/bin/sh\n" + body, true);
    std::vector<std::string> command{"/bin/sh", path.string()};
    command.insert(command.end(), args.begin(), args.end());
    return command;
  }
};

TEST_F(RunLifecycle, TargetThatNeverBecomesReadyErrorsAndItsProcessIsStopped) {
  start_emulator();
  auto* preview = start_site();
  ASSERT_NE(preview, nullptr);
  const int port = free_port();
  const auto pid_file = dir() / "never.pid";
  auto config = base_config();
  config["targets"]["local"] =
      // "$$$$": the config expands ${VAR} and writes a literal $ as $$, so the shell sees $$.
      local_target(port, {"sh", "-c", "echo $$$$ > '" + pid_file.string() + "'; exec sleep 600"}, /*timeout_s=*/2);
  config["targets"]["preview"] = remote_target(*preview);

  const auto started = std::chrono::steady_clock::now();
  const auto result = run(write_config(config), {"--suite", "delivery"}, 40s);
  const auto took = std::chrono::steady_clock::now() - started;
  ASSERT_TRUE(result.finished) << result.diagnosis();
  const auto table = case_table(result.results);
  EXPECT_EQ(result.code, 3) << table << result.diagnosis();
  EXPECT_LT(took, 30s) << "the 2 s start timeout was not honoured";

  const auto local_cases = cases_of(result.results, "delivery", "local");
  ASSERT_EQ(local_cases.size(), 4u) << table;
  for (const auto& c : local_cases) {
    EXPECT_EQ(c.value("outcome", ""), "error") << c.value("name", "") << "\n" << table;
    EXPECT_NE(c.value("message", "").find("not ready within 2 s"), std::string::npos) << c.value("message", "");
  }
  // The other target is unaffected.
  for (const auto& c : cases_of(result.results, "delivery", "preview")) {
    EXPECT_EQ(c.value("outcome", ""), "passed") << c.value("name", "") << "\n" << table;
  }

  const int sleeper = read_pid(pid_file);
  ASSERT_GT(sleeper, 0) << "the start command never ran";
  EXPECT_TRUE(wait_until([&] { return !process_alive(sleeper); }, 5s)) << "pid " << sleeper << " (sleep 600) outlived formcheck";
  if (process_alive(sleeper)) {
    kill(sleeper, SIGKILL);
  }
}

TEST_F(RunLifecycle, TargetThatCrashesMidRunErrorsTheRemainingCasesNeverPassesThem) {
  start_emulator();
  const int port = free_port();
  // Serves two submissions (the delivery case and the first passthrough case), then the site is
  // killed with SIGKILL and its launcher exits, as a crashing dev server would. Each answer
  // takes 300 ms (delay fault), so the kill lands while the third submission is in flight.
  const auto command = sh_script("crash.sh",
                                 "site=\"$1\"; port=\"$2\"; dir=\"$3\"\n"
                                 "\"$site\" --port \"$port\" --rate-limit 50/10 --fault delay=300 --verbose "
                                 "2>\"$dir/crash-site.log\" &\n"
                                 "echo $! > \"$dir/crash-site.pid\"\n"
                                 "while :; do\n"
                                 "  n=$(grep -c 'POST /api/contact' \"$dir/crash-site.log\" 2>/dev/null)\n"
                                 "  [ \"${n:-0}\" -ge 2 ] && break\n"
                                 "  sleep 0.02\n"
                                 "done\n"
                                 "kill -9 $!\n"
                                 "echo 'crash.sh: the site crashed'\n"
                                 "exit 70\n",
                                 {bin_path(kSite), std::to_string(port), dir().string()});
  // Passthrough payloads that each go alone (messages of one length cannot share a submission),
  // so the corpus order is the submission order; rate-limit after them submits too.
  json alone = json::array();
  for (int i = 1; i <= 8; ++i) {
    alone.push_back({{"name", "alone-" + std::to_string(i)},
                     {"fields", {{"message", "A message that goes alone, number " + std::to_string(i)}}}});
  }
  std::filesystem::create_directories(dir() / "suites");
  write_text(dir() / "suites" / "passthrough-alone.json",
             json{{"name", "passthrough"}, {"kind", "passthrough"}, {"cases", alone}}.dump(2));
  auto config = base_config();
  config["targets"]["local"] = local_target(port, command);
  const auto alone_suite = (dir() / "suites" / "passthrough-alone.json").string();
  const auto result =
      run(write_config(config), {"--suite", "delivery", "--suite", alone_suite, "--suite", "rate-limit"}, 60s);
  ASSERT_TRUE(result.finished) << result.diagnosis();
  ASSERT_TRUE(result.results.is_object()) << result.diagnosis();
  const auto table = case_table(result.results);
  EXPECT_EQ(result.code, 3) << "a crashed target is an infrastructure error\n" << table << result.diagnosis();

  // Before the crash: the delivery case was served.
  EXPECT_EQ(outcome(result.results, "delivery", "local", "contact-form/accepted"), "passed") << table;
  // Passthrough, in corpus order: a prefix passed (served before the kill landed), and from the
  // first case that did not pass on, every case is an error: never "passed", never "failed"
  // (the site being gone is not a defect in its field handling).
  const auto passthrough = cases_of(result.results, "passthrough", "local");
  ASSERT_GE(passthrough.size(), 5u) << table;
  bool crashed = false;
  size_t errors = 0;
  for (const auto& c : passthrough) {
    const auto o = c.value("outcome", "");
    crashed = crashed || o != "passed";
    if (crashed) {
      EXPECT_EQ(o, "error") << "after the crash: " << c.value("name", "") << ": " << c.value("message", "") << "\n"
                            << table;
      errors += o == "error" ? 1 : 0;
    }
  }
  EXPECT_GE(errors, passthrough.size() - 2) << "the crash came too late to test anything\n" << table;
  EXPECT_EQ(passthrough.back().value("outcome", ""), "error") << table;
  // The suite after the crash: every check an error, none passed or silently skipped.
  for (const auto& c : cases_of(result.results, "rate-limit", "local")) {
    EXPECT_EQ(c.value("outcome", ""), "error") << c.value("name", "") << ": " << c.value("message", "") << "\n"
                                               << table;
  }
  EXPECT_EQ(result.results["summary"].value("failed", 99u), 0u) << table;
  const int site_pid = read_pid(dir() / "crash-site.pid");
  EXPECT_TRUE(wait_until([&] { return !process_alive(site_pid); }, 5s));
}

TEST_F(RunLifecycle, TargetThatIgnoresSigtermIsKilledAndFormcheckStillExits) {
  start_emulator();
  const int port = free_port();
  const auto command = sh_script("stubborn.sh",
                                 "site=\"$1\"; port=\"$2\"; dir=\"$3\"\n"
                                 "trap '' TERM\n"
                                 "echo $$ > \"$dir/stubborn-wrapper.pid\"\n"
                                 // Its process group (formcheck may start it under a supervisor
                                 // that leads the group): field 5 of /proc/PID/stat.
                                 "cut -d' ' -f5 /proc/$$/stat > \"$dir/stubborn-wrapper.pgid\"\n"
                                 "\"$site\" --port \"$port\" --rate-limit 50/10 &\n"
                                 "echo $! > \"$dir/stubborn-site.pid\"\n"
                                 "while :; do sleep 1; done\n",
                                 {bin_path(kSite), std::to_string(port), dir().string()});
  auto config = base_config();
  config["targets"]["local"] = local_target(port, command);
  const auto started = std::chrono::steady_clock::now();
  const auto result = run(write_config(config), {"--suite", "delivery"}, 45s);
  const auto took = std::chrono::steady_clock::now() - started;
  ASSERT_TRUE(result.finished) << "formcheck hung on a target that ignores SIGTERM\n" << result.diagnosis();
  EXPECT_EQ(result.code, 0) << case_table(result.results) << result.diagnosis();
  EXPECT_LT(took, 30s);

  const int wrapper = read_pid(dir() / "stubborn-wrapper.pid");
  const int site = read_pid(dir() / "stubborn-site.pid");
  const int group = read_pid(dir() / "stubborn-wrapper.pgid");
  ASSERT_GT(wrapper, 0);
  ASSERT_GT(site, 0);
  ASSERT_GT(group, 1);
  EXPECT_TRUE(wait_until([&] { return !process_alive(wrapper) && !process_alive(site); }, 5s))
      << "left behind: wrapper " << wrapper << (process_alive(wrapper) ? " alive" : " gone") << ", site " << site
      << (process_alive(site) ? " alive" : " gone");
  EXPECT_TRUE(wait_until([&] { return processes_in_group(group).empty(); }, 5s))
      << processes_in_group(group).size() << " process(es) of the target's group outlived formcheck";
  for (int pid : processes_in_group(group)) {
    kill(pid, SIGKILL);
  }
}

class RunInterrupt : public RunLifecycle {};

TEST_F(RunInterrupt, CtrlCMidRunExits130WithValidReportsAndNoChildLeft) {
  start_emulator({}, /*delivery_delay_ms=*/20000);  // the message stays "sending" for the whole test
  const int port = free_port();
  const auto site_pid_file = dir() / "site.pid";
  auto config = base_config();
  config["expect"]["latency_s"] = 60;
  config["targets"]["local"] =
      local_target(port, sh_script("site.sh", "echo $$ > \"$1\"\nshift\nexec \"$@\"\n",
                                   [&] {
                                     std::vector<std::string> a{site_pid_file.string()};
                                     for (const auto& part : site_command(port)) {
                                       a.push_back(part);
                                     }
                                     return a;
                                   }()));
  const auto config_path = write_config(config);
  const auto junit = dir() / "interrupt-junit.xml";
  const auto results = dir() / "interrupt-results.json";
  auto process = start_formcheck({"run", "--config", config_path.string(), "--junit", junit.string(), "--json",
                                  results.string(), "--suite", "delivery", "--yes"},
                                 "interrupt");
  ASSERT_NE(process, nullptr);

  // Mid-run: the reports exist (written from the first second) and the site has submitted.
  ASSERT_TRUE(wait_until([&] { return std::filesystem::exists(junit) && emulator_creates() >= 1; }, 30s, 50ms))
      << "no submission reached Twilio; formcheck said:\n"
      << read_text(dir() / "interrupt.out") << read_text(dir() / "interrupt.err");
  const int site_pid = read_pid(site_pid_file);
  ASSERT_TRUE(process_alive(site_pid)) << "the local target is not running mid-run";

  ASSERT_EQ(kill(process->pid(), SIGINT), 0);
  const auto code = process->wait_exit(15s);
  ASSERT_TRUE(code.has_value()) << "formcheck did not exit within 15 s of SIGINT";
  const auto result = collect(code, "interrupt", junit, results);
  EXPECT_EQ(result.code, 130) << result.diagnosis();
  EXPECT_NE(result.err.find("interrupted"), std::string::npos) << result.diagnosis();

  ASSERT_TRUE(result.results.is_object()) << result.diagnosis();
  EXPECT_TRUE(result.results.value("interrupted", false));
  const auto table = case_table(result.results);
  EXPECT_EQ(outcome(result.results, "delivery", "local", "contact-form/accepted"), "passed") << table;
  EXPECT_EQ(outcome(result.results, "delivery", "local", "contact-form/delivered"), "not_run") << table;
  EXPECT_EQ(result.results["summary"].value("passed", 0u) + result.results["summary"].value("not_run", 0u) +
                result.results["summary"].value("skipped", 0u),
            result.results["summary"].value("total", 99u))
      << "an interrupted check must not fail or error\n"
      << table;
  // JUnit: unfinished cases are <skipped message="not run: …">.
  EXPECT_NE(result.junit_text.find("<skipped message=\"not run"), std::string::npos) << result.junit_text;

  // The local target formcheck started is gone.
  EXPECT_TRUE(wait_until([&] { return !process_alive(site_pid); }, 5s)) << "local target pid " << site_pid << " survived";
  if (process_alive(site_pid)) {
    kill(site_pid, SIGKILL);
  }
  FORMCHECK_EXPECT_JUNIT_VALID(junit);
}

// The second Ctrl-C, while the first one's shutdown is still waiting: the local target ignores
// SIGTERM, so formcheck is inside its 5 s stop grace when the second SIGINT lands. formcheck
// must exit at once with 130, take the target's whole group along (without waiting for the
// supervisor's own 3 s grace), and leave the last JUnit file it wrote complete and valid.
TEST_F(RunInterrupt, SecondCtrlCDuringShutdownExitsAtOnceAndLeavesNoChild) {
  start_emulator({}, /*delivery_delay_ms=*/20000);  // the message stays "sending": formcheck is waiting
  const int port = free_port();
  const auto command = sh_script("stubborn.sh",
                                 "site=\"$1\"; port=\"$2\"; dir=\"$3\"\n"
                                 // Ignores SIGTERM, but says it got one: the sign shutdown began.
                                 "trap 'echo TERM >> \"$dir/stubborn.term\"' TERM\n"
                                 "cut -d' ' -f5 /proc/$$/stat > \"$dir/stubborn.pgid\"\n"
                                 "\"$site\" --port \"$port\" --rate-limit 50/10 &\n"
                                 "while :; do sleep 1; done\n",
                                 {bin_path(kSite), std::to_string(port), dir().string()});
  auto config = base_config();
  config["expect"]["latency_s"] = 60;
  config["targets"]["local"] = local_target(port, command);
  const auto junit = dir() / "twice-junit.xml";
  auto process = start_formcheck({"run", "--config", write_config(config).string(), "--junit", junit.string(),
                                  "--suite", "delivery", "--yes"},
                                 "twice");
  ASSERT_NE(process, nullptr);
  ASSERT_TRUE(
      wait_until([&] { return std::filesystem::exists(junit) && emulator_creates() >= 1; }, 30s, 50ms))
      << read_text(dir() / "twice.out") << read_text(dir() / "twice.err");
  const int group = read_pid(dir() / "stubborn.pgid");
  ASSERT_GT(group, 1);
  ASSERT_FALSE(processes_in_group(group).empty());

  ASSERT_EQ(kill(process->pid(), SIGINT), 0);
  ASSERT_TRUE(wait_until([&] { return std::filesystem::exists(dir() / "stubborn.term"); }, 10s))
      << "formcheck never sent SIGTERM to the target after the first Ctrl-C\n"
      << read_text(dir() / "twice.err");
  ASSERT_FALSE(process->wait_exit(0ms).has_value())
      << "formcheck exited before the second Ctrl-C: the test proves nothing";

  const auto second = std::chrono::steady_clock::now();
  ASSERT_EQ(kill(process->pid(), SIGINT), 0);
  const auto code = process->wait_exit(10s);
  const auto took = std::chrono::steady_clock::now() - second;
  ASSERT_TRUE(code.has_value()) << "formcheck did not exit within 10 s of the second SIGINT";
  EXPECT_EQ(*code, 130);
  EXPECT_LT(took, 2s) << "the second Ctrl-C waited for the stop grace (5 s) instead of exiting at once";
  RecordProperty("second_sigint_to_exit_ms",
                 static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(took).count()));
  EXPECT_NE(read_text(dir() / "twice.err").find("interrupted twice"), std::string::npos)
      << read_text(dir() / "twice.err");

  // The supervisor alone would end the group only after its own 3 s grace.
  const auto exited = std::chrono::steady_clock::now();
  EXPECT_TRUE(wait_until([&] { return processes_in_group(group).empty(); }, 10s))
      << processes_in_group(group).size() << " process(es) of the target's group outlived formcheck";
  const auto group_gone = std::chrono::steady_clock::now() - exited;
  EXPECT_LT(group_gone, 2s) << "the target's group outlived formcheck's exit";
  RecordProperty("group_gone_after_exit_ms",
                 static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(group_gone).count()));
  for (int pid : processes_in_group(group)) {
    kill(pid, SIGKILL);
  }
  // Whatever was last written (here the start-of-run file: every check "not run") is whole.
  EXPECT_NE(read_text(junit).find("</testsuites>"), std::string::npos) << read_text(junit);
  FORMCHECK_EXPECT_JUNIT_VALID(junit);
}

class RunKill9 : public RunLifecycle {};

// kill -9 gives formcheck no chance to clean up: the supervisor between formcheck and the
// target (PR_SET_PDEATHSIG) must end the target AND the children it started, and the JUnit
// file written at start must still be valid.
TEST_F(RunKill9, KillMinus9OfFormcheckLeavesNoTargetProcessBehind) {
  start_emulator({}, /*delivery_delay_ms=*/20000);
  const int port = free_port();
  const auto site_pid_file = dir() / "site.pid";
  const auto grandchild_pid_file = dir() / "grandchild.pid";
  auto config = base_config();
  config["expect"]["latency_s"] = 60;
  config["targets"]["local"] = local_target(
      port, sh_script("site.sh",
                      "sleep 600 &\necho $! > \"$2\"\necho $$ > \"$1\"\nshift 2\nexec \"$@\"\n",
                      [&] {
                        std::vector<std::string> a{site_pid_file.string(), grandchild_pid_file.string()};
                        for (const auto& part : site_command(port)) {
                          a.push_back(part);
                        }
                        return a;
                      }()));
  const auto config_path = write_config(config);
  const auto junit = dir() / "kill9-junit.xml";
  auto process = start_formcheck(
      {"run", "--config", config_path.string(), "--junit", junit.string(), "--suite", "delivery", "--yes"}, "kill9");
  ASSERT_NE(process, nullptr);
  ASSERT_TRUE(wait_until([&] { return std::filesystem::exists(junit) && emulator_creates() >= 1; }, 30s, 50ms))
      << read_text(dir() / "kill9.out") << read_text(dir() / "kill9.err");
  const int site_pid = read_pid(site_pid_file);
  const int grandchild_pid = read_pid(grandchild_pid_file);
  ASSERT_TRUE(process_alive(site_pid));
  ASSERT_TRUE(process_alive(grandchild_pid));

  ASSERT_EQ(kill(process->pid(), SIGKILL), 0);
  process->wait_exit(10s);
  EXPECT_TRUE(wait_until([&] { return !process_alive(site_pid) && !process_alive(grandchild_pid); }, 10s))
      << "site " << site_pid << (process_alive(site_pid) ? " survived" : " gone") << ", its child " << grandchild_pid
      << (process_alive(grandchild_pid) ? " survived" : " gone");
  for (int pid : {site_pid, grandchild_pid}) {
    if (process_alive(pid)) {
      kill(pid, SIGKILL);
    }
  }
  FORMCHECK_EXPECT_JUNIT_VALID(junit);
}

}  // namespace
}  // namespace formcheck::testing::run_e2e
