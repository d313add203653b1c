// `formcheck run` against sites built to misbehave the way real routes do, where a careless
// verdict would say PASS: a missing message behind skips, a 200 that says it failed, a limiter
// off by one, a Retry-After nobody can use, a late duplicate, a latency hidden by Twilio's
// errors, a SID that is another message's, a message lost on the first attempt. Each row
// names the class of wrong answer it guards (c1 … c11) and the exact outcomes and exit code.
#include "tests/e2e/case_expectations.hpp"

namespace formcheck::testing::run_e2e {
namespace {

using Expectation = CaseExpectation;

struct Row {
  std::string label;
  std::vector<std::string> site_args;
  std::vector<std::string> suites;
  std::vector<Expectation> expectations;
  int exit_code = 1;
  json target_extra = json::object();  // merged into the target
  std::string rate = kSiteRate;
  std::vector<std::string> run_args = {};  // after the suites
  json config_extra = json::object();      // merged into the whole config
  json emulator_faults = nullptr;          // posted to /__emulator/faults before the run
  bool faults_once_created = false;        // … only once the site has asked Twilio for a message
};

std::ostream& operator<<(std::ostream& os, const Row& r) { return os << r.label; }

json short_wait() { return {{"expect", {{"latency_s", 2}, {"grace_s", 1}}}}; }

const std::string kSuite = "delivery";
const std::string kCase = "contact-form/";
const std::string kSenderCase = "sender-and-recipient/";

std::vector<Row> rows() {
  std::vector<Row> r;
  // ---- c1: skipped is not passed -------------------------------------------------------
  for (const bool sid : {true, false}) {
    Row row{sid ? "c1_sender_suite_alone_site_drops" : "c1_sender_suite_alone_site_drops_no_sid",
            {"--fault", "silent-drop"},
            {"sender"},
            {{"sender", kSenderCase + "expected-sender", "failed", {"no message carrying", "no sender to check"}},
             {"sender", kSenderCase + "not-sandbox", "failed", {"no message carrying"}},
             {"sender", kSenderCase + "recipient-is-staff", "failed", {"no message carrying"}}},
            1,
            short_wait()};
    if (!sid) {
      row.site_args.push_back("--no-sid");
    }
    r.push_back(row);
  }
  r.push_back({"c1_sender_suite_alone_sandbox_allowed_site_drops",
               {"--fault", "silent-drop"},
               {"sender"},
               {{"sender", kSenderCase + "not-sandbox", "skipped", {"allowed"}},
                {"sender", kSenderCase + "expected-sender", "failed", {"no message carrying"}}},
               1,
               {{"expect", {{"latency_s", 2}, {"grace_s", 1}, {"forbid_sandbox", false}}}}});
  r.push_back({"c1_sender_suite_alone_drops_the_first_of_two",
               {"--fault", "drop-every=2"},
               {"sender"},
               {{"sender", kSenderCase + "expected-sender", "failed", {"no message carrying"}}},
               1,
               short_wait()});
  // With delivery in the run, `delivered` owns the missing message; its dependants may skip.
  r.push_back({"c1_delivery_owns_the_cause",
               {"--fault", "silent-drop"},
               {"delivery", "sender"},
               {{kSuite, kCase + "delivered", "failed", {"no message carrying"}},
                {kSuite, kCase + "latency", "skipped", {"see the delivered check"}},
                {kSuite, kCase + "one-message", "skipped"},
                {"sender", kSenderCase + "expected-sender", "failed", {"no message carrying"}}},
               1,
               short_wait()});

  // ---- c2: a 2xx is not acceptance -------------------------------------------------------
  for (const auto& [style, says] : std::vector<std::pair<std::string, std::string>>{
           {"success-false", "\"success\": false"},
           {"ok-false", "\"ok\": false"},
           {"error", "\"error\": Twilio credentials"},
           {"html", "HTML page"}}) {
    auto label = "c2_200_with_" + style;
    std::replace(label.begin(), label.end(), '-', '_');
    r.push_back({label,
                 {"--fault", "soft-fail=" + style},
                 {"delivery"},
                 {{kSuite, kCase + "accepted", "failed", {"HTTP 200 but", says, "no message reached staff either"}},
                  {kSuite, kCase + "delivered", "failed", {"no message carrying"}}},
                 1,
                 short_wait()});
  }
  // A site whose 2xx bodies follow another convention: form.judge_body false, status only.
  r.push_back({"c2_judge_body_off_status_decides",
               {"--fault", "soft-fail=error"},
               {"delivery"},
               {{kSuite, kCase + "accepted", "passed"}, {kSuite, kCase + "delivered", "failed", {"no message"}}},
               1,
               short_wait(),
               kSiteRate,
               {},
               {{"form", {{"judge_body", false}}}}});

  // ---- c3: rate limits judged against the whole window ----------------------------------
  for (const int slack : {1, 3}) {
    r.push_back({"c3_limiter_lets_" + std::to_string(slack) + "_too_many_through",
                 {"--fault", "limit-slack=" + std::to_string(slack)},
                 {"rate-limit"},
                 {{"rate-limit", "legit-burst/accepted", "passed"},
                  {"rate-limit", "abuse/limited", "failed", {"legitimate burst", "more than the limit of 5"}},
                  {"rate-limit", "abuse/messages-match-accepted", "passed"}},
                 1,
                 json::object(),
                 "5/10"});
  }
  for (const auto& [value, says] : std::vector<std::pair<std::string, std::string>>{
           {"0", "retry at once"},
           {"soon", "neither whole seconds nor an HTTP date"},
           {"-5", "neither whole seconds nor an HTTP date"},
           {"3600", "longer than the 10 s window"},
           {"Thu, 01 Jan 2015 00:00:00 GMT", "already past"}}) {
    std::string label = "c3_retry_after_";
    for (const char c : value) {
      label += std::isalnum(static_cast<unsigned char>(c)) != 0 ? c : '_';
    }
    r.push_back({label,
                 {"--fault", "retry-after=" + value},
                 {"rate-limit"},
                 {{"rate-limit", "abuse/limited", "passed"},
                  {"rate-limit", "abuse/retry-after", "failed", {"unusable Retry-After", says}}},
                 1,
                 json::object(),
                 "5/10"});
  }
  r.push_back({"c3_retry_after_as_http_date_is_fine",
               {"--fault", "retry-after=date"},
               {"rate-limit"},
               {{"rate-limit", "abuse/limited", "passed"}, {"rate-limit", "abuse/retry-after", "passed"}},
               0,
               json::object(),
               "5/10"});

  // ---- c4: late messages are counted -----------------------------------------------------
  for (const bool sid : {true, false}) {
    Row row{sid ? "c4_duplicate_sent_late" : "c4_duplicate_sent_late_no_sid",
            {"--fault", "late-duplicate=1500"},
            {"delivery"},
            {{kSuite, kCase + "delivered", "passed"},
             {kSuite, kCase + "one-message", "failed", {"2 messages"}, "sweep_settled_ms"}},
            1,
            {{"expect", {{"latency_s", 5}, {"grace_s", 3}}}}};
    if (!sid) {
      row.site_args.push_back("--no-sid");
    }
    r.push_back(row);
  }
  r.push_back({"c4_duplicate_later_than_grace_with_settle_s",
               {"--fault", "late-duplicate=3000"},
               {"delivery"},
               {{kSuite, kCase + "one-message", "failed", {"2 messages"}}},
               1,
               {{"expect", {{"latency_s", 5}, {"grace_s", 1}, {"settle_s", 5}}}}});
  r.push_back({"c4_refused_submission_sent_late",
               {"--fault", "send-refused=1000"},
               {"rate-limit"},
               {{"rate-limit", "abuse/limited", "passed"},
                {"rate-limit", "abuse/messages-match-accepted", "failed", {"expected 0"}}},
               1,
               {{"expect", {{"latency_s", 5}, {"grace_s", 3}}}},
               "5/10"});

  // ---- c5: latency from formcheck's submission, bounded by its own last look -------------
  // The site takes 2.5 s before calling Twilio (budget 1 s); Twilio's timestamps alone would
  // say 0 s. A failed fetch of the site's SID keeps formcheck from looking until after the
  // budget: it cannot tell, which once was a pass.
  for (const int status : {503, 429}) {
    r.push_back({"c5_slow_site_while_twilio_fails_fetch_" + std::to_string(status),
                 {"--fault", "delay=2500"},
                 {"delivery"},
                 {{kSuite, kCase + "delivered", "passed"},
                  {kSuite, kCase + "latency", "error", {"cannot tell", "leaves out the site's own delay"}}},
                 3,
                 {{"expect", {{"latency_s", 1}, {"grace_s", 8}, {"settle_s", 0.5}}}},
                 kSiteRate,
                 {},
                 json::object(),
                 {{"error_rate", 1.0}, {"error_status", status}, {"routes", {"messages.fetch"}}, {"count", 1}}});
  }
  // Without a SID the failed list is the only look: formcheck cannot tell, never a pass.
  r.push_back({"c5_slow_site_while_twilio_fails_list_no_sid",
               {"--fault", "delay=2500", "--no-sid"},
               {"delivery"},
               {{kSuite, kCase + "delivered", "passed"},
                {kSuite, kCase + "latency", "error", {"cannot tell", "leaves out the site's own delay"}}},
               3,
               {{"expect", {{"latency_s", 1}, {"grace_s", 8}, {"settle_s", 0.5}}}},
               kSiteRate,
               {},
               json::object(),
               {{"error_rate", 1.0}, {"error_status", 503}, {"routes", {"messages.list"}}, {"count", 1}},
               true});

  r.push_back({"c5_slow_site_while_twilio_fails_fetch_and_list",
               {"--fault", "delay=2500"},
               {"delivery"},
               {{kSuite, kCase + "delivered", "passed"}, {kSuite, kCase + "latency", "error", {"cannot tell"}}},
               3,
               {{"expect", {{"latency_s", 1}, {"grace_s", 8}, {"settle_s", 0.5}}}},
               kSiteRate,
               {},
               json::object(),
               {{"error_rate", 1.0}, {"error_status", 503}, {"routes", {"messages.list", "messages.fetch"}}, {"count", 2}},
               true});

  // ---- c6: the site's SID is a hint, never proof -----------------------------------------
  r.push_back({"c6_sid_of_another_message_while_dropping",
               {"--fault", "sid=other", "--fault", "silent-drop"},
               {"delivery"},
               {{kSuite, kCase + "accepted", "passed"},
                {kSuite, kCase + "delivered", "failed", {"does not carry the token"}, "sid_ignored"}},
               1,
               short_wait()});
  r.push_back({"c6_sid_of_another_message_but_delivered",
               {"--fault", "sid=other"},
               {"delivery"},
               {{kSuite, kCase + "delivered", "passed", {}, "sid_ignored"},
                {kSuite, kCase + "latency", "passed"},
                {kSuite, kCase + "one-message", "passed"}},
               0});
  r.push_back({"c6_own_id_as_sid_healthy",
               {"--fault", "sid=own-id"},
               {"delivery", "passthrough"},
               {{kSuite, kCase + "delivered", "passed", {}, "sid_ignored"},
                {kSuite, kCase + "one-message", "passed"},
                {"passthrough", "plain-english", "passed"}},
               0});
  r.push_back({"c6_own_id_as_sid_while_dropping",
               {"--fault", "sid=own-id", "--fault", "silent-drop"},
               {"delivery"},
               {{kSuite, kCase + "delivered", "failed", {"not a Twilio message SID"}}},
               1,
               short_wait()});
  r.push_back({"c6_sid_twilio_never_issued_healthy",
               {"--fault", "sid=unknown"},
               {"delivery"},
               {{kSuite, kCase + "delivered", "passed"}, {kSuite, kCase + "one-message", "passed"}},
               0});

  // ---- c11: flaky is not fine for delivery -----------------------------------------------
  r.push_back({"c11_site_drops_half_retried",
               {"--fault", "drop-every=2"},
               {"delivery"},
               {{kSuite, kCase + "delivered", "failed", {"passed only on attempt 2", "--allow-flaky-delivery"}},
                {kSuite, kCase + "accepted", "passed"}},
               1,
               short_wait(),
               kSiteRate,
               {"--retries", "1"}});
  r.push_back({"c11_site_drops_half_allowed",
               {"--fault", "drop-every=2"},
               {"delivery"},
               {{kSuite, kCase + "delivered", "passed"}},
               0,
               short_wait(),
               kSiteRate,
               {"--retries", "1", "--allow-flaky-delivery"}});
  r.push_back({"c11_site_drops_half_allowed_but_fail_on_flaky",
               {"--fault", "drop-every=2"},
               {"delivery"},
               {{kSuite, kCase + "delivered", "passed"}},
               1,
               short_wait(),
               kSiteRate,
               {"--retries", "1", "--allow-flaky-delivery", "--fail-on-flaky"}});

  // ---- c9: unbounded bodies --------------------------------------------------------------
  r.push_back({"c9_answer_of_300_mb",
               {"--fault", "huge-body=300000000"},
               {"delivery"},
               {{kSuite, kCase + "accepted", "passed", {"300000000 bytes", "cut"}, "response_body_cut"},
                {kSuite, kCase + "delivered", "passed"}},
               0});
  return r;
}

class RunFalsePass : public RunFixture, public ::testing::WithParamInterface<Row> {};

TEST_P(RunFalsePass, VerdictAndExitCode) {
  const auto& c = GetParam();
  start_emulator();
  auto* site = start_site(c.site_args, {}, c.rate);
  ASSERT_NE(site, nullptr);
  const auto slash = c.rate.find('/');
  auto config = base_config();
  auto target = remote_target(*site, std::stoi(c.rate.substr(0, slash)), std::stod(c.rate.substr(slash + 1)));
  target.merge_patch(c.target_extra);
  config["targets"]["site"] = target;
  config.merge_patch(c.config_extra);
  auto args = suite_args(c.suites);
  args.insert(args.end(), c.run_args.begin(), c.run_args.end());
  if (!c.emulator_faults.is_null() && !c.faults_once_created) {
    ASSERT_EQ(emulator_control_post("/__emulator/faults", c.emulator_faults), 200);
  }
  RunResult result;
  if (c.faults_once_created) {
    const auto junit = dir() / "formcheck-junit.xml";
    const auto json_path = dir() / "formcheck-results.json";
    std::vector<std::string> full{"run", "--config", write_config(config).string(), "--junit", junit.string(),
                                  "--json", json_path.string(), "--yes"};
    full.insert(full.end(), args.begin(), args.end());
    auto process = start_formcheck(full);
    ASSERT_NE(process, nullptr);
    ASSERT_TRUE(wait_until([&] { return emulator_creates() >= 1; }, 30s, 10ms));
    ASSERT_EQ(emulator_control_post("/__emulator/faults", c.emulator_faults), 200);
    const auto code = process->wait_exit(60s);
    process.reset();
    result = collect(code, "formcheck", junit, json_path);
  } else {
    result = run(write_config(config), args);
  }
  expect_cases(result, c.expectations, c.exit_code);
}

INSTANTIATE_TEST_SUITE_P(FalsePassTable, RunFalsePass, ::testing::ValuesIn(rows()),
                         [](const ::testing::TestParamInfo<Row>& row) { return row.param.label; });

// ---- c10: numbers that are not numbers -------------------------------------------------
class RunNotANumber : public RunFixture {};

TEST_F(RunNotANumber, NanAndInfinitiesAreRejectedByValidateAndRun) {
  auto config = base_config();
  config["targets"]["site"] = {{"url", "http://127.0.0.1:9"}, {"rate_limit", {{"max", 5}, {"window_s", 60}}}};
  config["expect"]["latency_s"] = "${LATENCY}";
  config["form"]["timeout_s"] = "${TIMEOUT}";
  const auto path = write_config(config);
  for (const std::string value : {"nan", "NaN", "inf", "-inf", "infinity"}) {
    for (const std::string command : {"validate", "run"}) {
      std::vector<std::string> args{command, "--config", path.string(), "--var", "LATENCY=" + value,
                                    "--var", "TIMEOUT=" + value};
      if (command == "run") {
        args.push_back("--yes");
      }
      const auto result = formcheck(args, 30s, command);
      ASSERT_TRUE(result.finished) << result.diagnosis();
      EXPECT_EQ(result.code, 2) << value << " " << command << "\n" << result.diagnosis();
      EXPECT_NE(result.err.find("expect.latency_s"), std::string::npos) << result.err;
      EXPECT_NE(result.err.find("form.timeout_s"), std::string::npos) << result.err;
      EXPECT_NE(result.err.find("not a finite number"), std::string::npos) << result.err;
    }
  }
}

}  // namespace
}  // namespace formcheck::testing::run_e2e

namespace formcheck::testing::run_e2e {
namespace {

// ---- c7: Ctrl-C while the site holds requests open ---------------------------------------
struct HeldCase {
  std::string label;
  std::string suite;
  bool local = false;  // formcheck starts the site itself
};

std::ostream& operator<<(std::ostream& os, const HeldCase& c) { return os << c.label; }

class RunCtrlCWhileHeld : public RunFixture, public ::testing::WithParamInterface<HeldCase> {
 protected:
  // Whether /proc/net/tcp lists an established connection whose local end is `port`.
  static bool established_to(int port) {
    std::istringstream table(read_text("/proc/net/tcp"));
    std::string line;
    char local_port[8];
    std::snprintf(local_port, sizeof local_port, ":%04X", port);
    while (std::getline(table, line)) {
      std::istringstream fields(line);
      std::string slot, local, remote, state;
      fields >> slot >> local >> remote >> state;
      if (state == "01" && local.size() > 5 && local.compare(local.size() - 5, 5, local_port) == 0) {
        return true;
      }
    }
    return false;
  }
};

TEST_P(RunCtrlCWhileHeld, EveryInFlightSubmissionStopsWithinASecond) {
  const auto& c = GetParam();
  start_emulator();
  auto config = base_config();
  config["form"]["timeout_s"] = 120;  // the site holds each request a minute
  StandIn* site = nullptr;
  const std::vector<std::string> hold{"--fault", "delay=60000"};
  int port = 0;
  if (c.local) {
    port = free_port();
    config["targets"]["site"] = local_target(port, site_command(port, hold, "5/10"), 20, 5, 10);
  } else {
    site = start_site({"--fault", "delay=60000"}, {}, "5/10");
    ASSERT_NE(site, nullptr);
    config["targets"]["site"] = remote_target(*site, 5, 10);
  }
  const auto junit = dir() / "held-junit.xml";
  const auto json_path = dir() / "held-results.json";
  auto process = start_formcheck({"run", "--config", write_config(config).string(), "--suite", c.suite, "--junit",
                                  junit.string(), "--json", json_path.string(), "--yes"},
                                 "held");
  ASSERT_NE(process, nullptr);
  // Held: the site said it sits on a request, or (a local site, whose log formcheck keeps)
  // the kernel shows a connection established to its port.
  const auto held = [&] {
    if (site != nullptr) {
      for (const auto& line : site->process().output()) {
        if (line.text.find("delay: holding") != std::string::npos) {
          return true;
        }
      }
      return false;
    }
    return read_text(dir() / "held.out").find("ready after") != std::string::npos && established_to(port);
  };
  ASSERT_TRUE(wait_until(held, 30s, 10ms)) << read_text(dir() / "held.out");
  const auto interrupted_at = std::chrono::steady_clock::now();
  ASSERT_EQ(kill(process->pid(), SIGINT), 0);
  const auto code = process->wait_exit(10s);
  const auto took = std::chrono::steady_clock::now() - interrupted_at;
  ASSERT_TRUE(code.has_value()) << "formcheck did not exit within 10 s of SIGINT";
  EXPECT_EQ(*code, 130);
  // Within a second the transfers stop; the rest is stopping the target and writing reports.
  EXPECT_LT(took, c.local ? 8s : 2500ms) << std::chrono::duration_cast<std::chrono::milliseconds>(took).count()
                                         << " ms";
  process.reset();
  const auto result = collect(code, "held", junit, json_path);
  ASSERT_TRUE(result.results.is_object()) << result.diagnosis();
  for (const auto& case_json : cases_of(result.results, c.suite, "site")) {
    EXPECT_NE(case_json.value("outcome", ""), "passed") << case_json.dump(2);
  }
}

INSTANTIATE_TEST_SUITE_P(HeldTable, RunCtrlCWhileHeld,
                         ::testing::Values(HeldCase{"delivery_remote", "delivery"},
                                           HeldCase{"rate_limit_burst_remote", "rate-limit"},
                                           HeldCase{"sender_local", "sender", true}),
                         [](const ::testing::TestParamInfo<HeldCase>& row) { return row.param.label; });

}  // namespace
}  // namespace formcheck::testing::run_e2e

namespace formcheck::testing::run_e2e {
namespace {

// ---- c8: targets that escape the process group ---------------------------------------------
struct EscapeCase {
  std::string label;
  std::string shell;  // `sh -c` text; SITE stands for the site's command line
};

std::ostream& operator<<(std::ostream& os, const EscapeCase& c) { return os << c.label; }

class RunEscapingTarget : public RunFixture, public ::testing::WithParamInterface<EscapeCase> {
 protected:
  static bool listening(int port) {
    http::Request request;
    request.url = "http://127.0.0.1:" + std::to_string(port) + "/api/health";
    request.timeout = 2s;
    return http::perform(request).transport_ok();
  }
};

TEST_P(RunEscapingTarget, FormcheckExitsAndNothingIsLeftRunning) {
  const auto& c = GetParam();
  start_emulator();
  const int port = free_port();
  std::string site;
  for (const auto& part : site_command(port)) {
    site += (site.empty() ? "" : " ") + part;
  }
  std::string shell = c.shell;
  shell.replace(shell.find("SITE"), 4, site);
  auto config = base_config();
  config["targets"]["site"] = local_target(port, {"sh", "-c", shell});
  const auto result = run(write_config(config), {"--suite", "delivery"}, 45s);
  ASSERT_TRUE(result.finished) << "formcheck hung after judging\n" << result.diagnosis();
  EXPECT_EQ(result.code, 0) << case_table(result.results) << result.diagnosis();
  EXPECT_TRUE(wait_until([&] { return !listening(port); }, 10s, 50ms))
      << "the escaped site still answers on port " << port;
}

INSTANTIATE_TEST_SUITE_P(
    EscapeTable, RunEscapingTarget,
    ::testing::Values(EscapeCase{"setsid_child_waited_for", "setsid SITE & wait"},
                      EscapeCase{"double_fork_into_a_new_session", "(setsid SITE &); exec sleep 600"},
                      EscapeCase{"setsid_fork_then_sleep", "setsid -f SITE; exec sleep 600"}),
    [](const ::testing::TestParamInfo<EscapeCase>& row) { return row.param.label; });

}  // namespace
}  // namespace formcheck::testing::run_e2e
