// The CLI conventions a new user expects, through the real binary: did-you-mean for
// commands, suites and targets; -V; JSONC trailing commas and strict types in the file;
// an unwritable report path is a usage error before anything is sent; colour without cursor
// movement in a pipe; --quiet; an unreachable target's error once per target; a piped run
// (every CI log) shows each verdict when it is decided and a heartbeat while waiting; and
// the demo passes inside someone's git repository.
#include "tests/e2e/run_fixture.hpp"

namespace formcheck::testing::run_e2e {
namespace {

size_t count_of(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) {
    ++n;
  }
  return n;
}

class CliConventions : public RunFixture {
 protected:
  // A config with one remote target "preview" at `url`, written as formcheck.json.
  std::filesystem::path preview_config(const std::string& url, const json& patch = json::object()) {
    auto config = base_config();
    config["targets"]["preview"] = {{"url", url}, {"rate_limit", {{"max", 50}, {"window_s", 10}}}};
    config.merge_patch(patch);
    return write_config(config);
  }
};

TEST_F(CliConventions, AMistypedCommandGetsADidYouMean) {
  const auto r = formcheck({"runn"});
  EXPECT_EQ(r.code, 2) << r.diagnosis();
  EXPECT_NE(r.err.find("unknown command 'runn' — did you mean 'run'?"), std::string::npos) << r.diagnosis();
  const auto other = formcheck({"deploy"}, 60s, "other");
  EXPECT_EQ(other.code, 2);
  EXPECT_NE(other.err.find("unknown command 'deploy' (commands: run, validate, monitor, audit, demo"),
            std::string::npos)
      << other.diagnosis();
}

TEST_F(CliConventions, DashCapitalVPrintsTheVersion) {
  const auto r = formcheck({"-V"});
  EXPECT_EQ(r.code, 0) << r.diagnosis();
  EXPECT_EQ(r.out.rfind("formcheck ", 0), 0u) << r.diagnosis();
  EXPECT_EQ(r.out, formcheck({"--version"}, 60s, "long").out);
}

TEST_F(CliConventions, AMistypedSuiteOrTargetGetsADidYouMean) {
  const auto config = preview_config("http://127.0.0.1:9", {{"suites", {"delivery", "sendr"}}});
  const auto suite = formcheck({"validate", "--config", config.string()});
  EXPECT_EQ(suite.code, 2) << suite.diagnosis();
  EXPECT_NE(suite.err.find("suite 'sendr' does not exist (fix: did you mean 'sender'?)"), std::string::npos)
      << suite.diagnosis();
  const auto fixed = preview_config("http://127.0.0.1:9");
  const auto target =
      formcheck({"validate", "--config", fixed.string(), "--target", "previw"}, 60s, "target");
  EXPECT_EQ(target.code, 2) << target.diagnosis();
  EXPECT_NE(target.err.find("did you mean 'preview'?"), std::string::npos) << target.diagnosis();
}

TEST_F(CliConventions, TrailingCommasAreAcceptedAndQuotedNumbersAreTypeErrors) {
  auto text = base_config();
  text["targets"]["preview"] = {{"url", "http://127.0.0.1:9"}};
  std::string jsonc = text.dump(2);
  // A trailing comma after the last key of the file and of "twilio".
  jsonc.insert(jsonc.rfind('}'), ",\n");
  jsonc.insert(jsonc.find("\"timeout_s\": 10") + 15, ",");
  write_text(dir() / "trailing.json", "// JSON with comments\n" + jsonc);
  const auto accepted = formcheck({"validate", "--config", (dir() / "trailing.json").string()});
  EXPECT_EQ(accepted.code, 0) << accepted.diagnosis() << jsonc;

  jsonc.replace(jsonc.find("\"timeout_s\": 10"), 15, "\"timeout_s\": \"30\"");
  write_text(dir() / "quoted.json", jsonc);
  const auto quoted = formcheck({"validate", "--config", (dir() / "quoted.json").string()}, 60s, "quoted");
  EXPECT_EQ(quoted.code, 2) << quoted.diagnosis();
  EXPECT_NE(quoted.err.find(
                "twilio.timeout_s: must be a number, not the string \"30\" (fix: write 30 without quotes"),
            std::string::npos)
      << quoted.diagnosis();
}

TEST_F(CliConventions, AnUnwritableReportPathIsAUsageErrorBeforeAnythingIsSent) {
  start_emulator();
  auto* site = start_site();
  ASSERT_NE(site, nullptr);
  const auto config = preview_config(site->base_url());
  write_text(dir() / "not-a-folder", "a file where a folder should be\n");
  const auto r = formcheck({"run", "--config", config.string(), "--suite", "delivery", "--junit",
                            (dir() / "not-a-folder" / "junit.xml").string()});
  EXPECT_EQ(r.code, 2) << r.diagnosis();
  EXPECT_NE(r.err.find("--junit"), std::string::npos) << r.diagnosis();
  EXPECT_NE(r.err.find("nothing was sent"), std::string::npos) << r.diagnosis();
  EXPECT_EQ(site_posts(*site), 0);
  EXPECT_EQ(emulator_creates(), 0);
}

TEST_F(CliConventions, AnUnreachableTargetsErrorIsPrintedOncePerTarget) {
  start_emulator();
  const auto config = preview_config("http://127.0.0.1:" + std::to_string(free_port()));
  const auto r = run(config, {"--suite", "delivery"});
  EXPECT_EQ(r.code, 3) << r.diagnosis();
  // The note when it happened, one verdict line, one summary line: not one per check.
  EXPECT_LE(count_of(r.out, "preflight of 'preview' failed"), 3u) << r.diagnosis();
  EXPECT_NE(r.out.find("preview: 3 more check(s) errored the same way"), std::string::npos) << r.diagnosis();
  EXPECT_NE(r.out.find("(and 3 more check(s) with the same error)"), std::string::npos) << r.diagnosis();
}

TEST_F(CliConventions, ColourInAPipeNeverMovesTheCursorAndQuietPrintsOnlyWhatMatters) {
  start_emulator();
  auto* site = start_site();
  ASSERT_NE(site, nullptr);
  const auto config = preview_config(site->base_url());
  const auto coloured = run(config, {"--suite", "delivery", "--color", "always"});
  EXPECT_EQ(coloured.code, 0) << coloured.diagnosis();
  EXPECT_NE(coloured.out.find("\x1b[32m"), std::string::npos) << "--color always colours a pipe";
  EXPECT_EQ(coloured.out.find("\x1b[2K"), std::string::npos) << "no line erasing outside a terminal";
  EXPECT_EQ(coloured.out.find("\x1b[1A"), std::string::npos) << "no cursor movement outside a terminal";

  const auto plain = run(config, {"--suite", "delivery", "--color", "never", "--quiet"}, 60s, "quiet");
  EXPECT_EQ(plain.code, 0) << plain.diagnosis();
  EXPECT_EQ(plain.out.find('\x1b'), std::string::npos) << plain.diagnosis();
  EXPECT_EQ(plain.out.find("✓ delivery.preview"), std::string::npos) << "--quiet hides passes:\n"
                                                                     << plain.out;
  EXPECT_NE(plain.out.find("4 passed, 0 failed"), std::string::npos) << plain.diagnosis();
}

// Costs ~25 s: one delivery the emulator holds back 20 s.
TEST_F(CliConventions, APipedRunShowsEachVerdictWhenDecidedAndAHeartbeatWhileWaiting) {
  start_emulator({}, 20000);
  auto* site = start_site();
  ASSERT_NE(site, nullptr);
  auto config = base_config();
  config["expect"]["latency_s"] = 30;
  config["targets"]["preview"] = remote_target(*site);
  const auto path = write_config(config);
  auto process = start_formcheck({"run", "--config", path.string(), "--suite", "delivery", "--yes"}, "live");
  ASSERT_NE(process, nullptr);
  const auto out = [&] { return read_text(dir() / "live.out"); };
  EXPECT_TRUE(wait_until(
      [&] { return out().find("✓ delivery.preview contact-form/accepted") != std::string::npos; }, 15s))
      << out();
  EXPECT_EQ(out().find("delivered —"), std::string::npos) << "the first verdict came before the run ended";
  EXPECT_TRUE(wait_until([&] { return out().find("… still waiting: 1 pending") != std::string::npos; }, 19s))
      << "no heartbeat during a 20 s wait:\n"
      << out();
  const auto code = process->wait_exit(40s);
  EXPECT_EQ(code, 0) << out() << read_text(dir() / "live.err");
}

// Costs ~22 s: the whole demo.
TEST_F(CliConventions, TheDemoIsHermeticInsideAGitRepository) {
  process::LaunchSpec init;
  init.executable = "git";
  init.args = {"init", "-q", dir().string()};
  auto git = process::ChildProcess::start(init);
  ASSERT_TRUE(git) << "git is required (scripts/setup.sh installs it)";
  ASSERT_EQ(git.value()->wait_exit(20s).code, 0);
  const auto r = formcheck({"demo", "--no-browser", "--out", (dir() / "demo").string()}, 240s, "demo");
  ASSERT_TRUE(r.finished) << r.diagnosis();
  // The audit is what a surrounding repository could break; the rest of the demo (paced by
  // the sites' rate limits) has its own tests, so the exit code is not judged here.
  for (const char* target : {"local", "preview", "production"}) {
    EXPECT_NE(r.out.find(std::string("✓ audit.") + target + " dotenv/env-local-untracked —"),
              std::string::npos)
        << target << "\n"
        << r.diagnosis();
  }
  EXPECT_EQ(r.out.find("✗ audit."), std::string::npos) << r.diagnosis();
}

}  // namespace
}  // namespace formcheck::testing::run_e2e
