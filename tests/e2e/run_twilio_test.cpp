// `formcheck run` where Twilio, not the site, is the problem: the staff phone outside the 24 h
// window (63016), the sandbox sender to staff who never joined (63015), the sandbox as the
// deliberate rollback sender, and credentials Twilio refuses.
#include "tests/e2e/run_fixture.hpp"

#include "harness/util/secret.hpp"

namespace formcheck::testing::run_e2e {
namespace {

class RunTwilioSide : public RunFixture {
 protected:
  std::filesystem::path write_scenario(const json& scenario) {
    const auto path = dir() / "scenario.json";
    write_text(path, scenario.dump());
    return path;
  }

  RunResult run_one_target(StandIn& site, const std::vector<std::string>& suites, json target_extra = json::object(),
                           json config_patch = json::object()) {
    auto config = base_config();
    config.merge_patch(config_patch);
    auto target = remote_target(site);
    target.merge_patch(target_extra);
    config["targets"]["site"] = target;
    std::vector<std::string> args;
    for (const auto& s : suites) {
      args.push_back("--suite");
      args.push_back(s);
    }
    return run(write_config(config), args);
  }
};

TEST_F(RunTwilioSide, StaffOutsideTheWindowFailsDeliveredWith63016AndTheTemplateFix) {
  start_emulator({"--scenario", write_scenario({{"outside_window", {kStaff}}}).string()});
  auto* site = start_site();
  ASSERT_NE(site, nullptr);
  const auto result = run_one_target(*site, {"delivery"});
  ASSERT_TRUE(result.finished) << result.diagnosis();
  const auto table = case_table(result.results);
  EXPECT_EQ(result.code, 1) << table << result.diagnosis();
  EXPECT_EQ(outcome(result.results, "delivery", "site", "contact-form/accepted"), "passed") << table;
  EXPECT_EQ(outcome(result.results, "delivery", "site", "contact-form/delivered"), "failed") << table;
  const auto message = message_of(result.results, "delivery", "site", "contact-form/delivered");
  EXPECT_NE(message.find("63016"), std::string::npos) << message;
  EXPECT_NE(message.find("ContentSid"), std::string::npos) << "the fix (an approved template) is not named: " << message;
  // The JUnit failure carries the same diagnosis.
  EXPECT_NE(result.junit_text.find("63016"), std::string::npos);
}

TEST_F(RunTwilioSide, SandboxSenderToStaffWhoNeverJoinedFailsWith63015AndSaysJoin) {
  start_emulator();
  auto* site = start_site({}, {{"TWILIO_WHATSAPP_NUMBER", kSandbox}});
  ASSERT_NE(site, nullptr);
  const auto result = run_one_target(*site, {"delivery", "sender"});
  ASSERT_TRUE(result.finished) << result.diagnosis();
  const auto table = case_table(result.results);
  EXPECT_EQ(result.code, 1) << table << result.diagnosis();
  EXPECT_EQ(outcome(result.results, "delivery", "site", "contact-form/delivered"), "failed") << table;
  const auto message = message_of(result.results, "delivery", "site", "contact-form/delivered");
  EXPECT_NE(message.find("63015"), std::string::npos) << message;
  EXPECT_NE(message.find("join"), std::string::npos) << message;
  EXPECT_EQ(outcome(result.results, "sender", "site", "sender-and-recipient/not-sandbox"), "failed") << table;
  EXPECT_EQ(outcome(result.results, "sender", "site", "sender-and-recipient/recipient-is-staff"), "passed") << table;
}

TEST_F(RunTwilioSide, SandboxRollbackConfigurationPassesWithNotSandboxSkipped) {
  start_emulator({"--scenario", write_scenario({{"sandbox_joined", {kStaff}}}).string()});
  auto* site = start_site({}, {{"TWILIO_WHATSAPP_NUMBER", kSandbox}});
  ASSERT_NE(site, nullptr);
  // The rollback configuration: the sandbox is the expected sender and explicitly allowed.
  const auto result =
      run_one_target(*site, {"delivery", "sender"}, {{"expect", {{"sender", kSandbox}, {"forbid_sandbox", false}}}});
  ASSERT_TRUE(result.finished) << result.diagnosis();
  const auto table = case_table(result.results);
  EXPECT_EQ(result.code, 0) << table << result.diagnosis();
  for (const char* name : {"contact-form/accepted", "contact-form/delivered", "contact-form/latency",
                           "contact-form/one-message"}) {
    EXPECT_EQ(outcome(result.results, "delivery", "site", name), "passed") << name << "\n" << table;
  }
  EXPECT_EQ(outcome(result.results, "sender", "site", "sender-and-recipient/expected-sender"), "passed") << table;
  EXPECT_EQ(outcome(result.results, "sender", "site", "sender-and-recipient/recipient-is-staff"), "passed") << table;
  EXPECT_EQ(outcome(result.results, "sender", "site", "sender-and-recipient/not-sandbox"), "skipped") << table;
  EXPECT_NE(message_of(result.results, "sender", "site", "sender-and-recipient/not-sandbox").find("forbid_sandbox"),
            std::string::npos);
}

class RunCredentials : public RunFixture {};

TEST_F(RunCredentials, RefusedTokenIsAnInfrastructureErrorAndNothingIsSubmitted) {
  start_emulator();
  auto* site = start_site();
  ASSERT_NE(site, nullptr);
  const std::string wrong_token = "0badc0de0badc0de0badc0de0badc0de";
  auto config = base_config();
  config["twilio"]["auth_token"] = wrong_token;
  config["targets"]["site"] = remote_target(*site);
  const long creates_before = emulator_creates();

  const auto result = run(write_config(config));
  ASSERT_TRUE(result.finished) << result.diagnosis();
  ASSERT_TRUE(result.results.is_object()) << result.diagnosis();
  const auto table = case_table(result.results);
  EXPECT_EQ(result.code, 3) << table << result.diagnosis();
  ASSERT_FALSE(result.results["cases"].empty());
  for (const auto& c : result.results["cases"]) {
    EXPECT_EQ(c.value("outcome", ""), "error") << c.value("name", "") << ": " << c.value("message", "");
    EXPECT_NE(c.value("message", "").find("refused the credentials"), std::string::npos) << c.value("message", "");
  }
  EXPECT_TRUE(result.out.find("refused the credentials") != std::string::npos ||
              result.err.find("refused the credentials") != std::string::npos)
      << "the console does not say the credentials were refused:\n"
      << result.diagnosis();

  // Nothing reached the site, so nothing could reach Twilio on formcheck's behalf.
  EXPECT_EQ(site_posts(*site), 0) << site->process().output_text();
  EXPECT_EQ(emulator_creates(), creates_before);

  // The refused token is nowhere in what formcheck wrote, not even as Basic credentials.
  const auto written = result.everything();
  EXPECT_EQ(written.find(wrong_token), std::string::npos);
  EXPECT_EQ(written.find(base64_encode(std::string(kAccountSid) + ":" + wrong_token)), std::string::npos);
  EXPECT_EQ(written.find(kAuthToken), std::string::npos);
}


// The Twilio API misbehaving while formcheck watches: the run must ride out what is
// temporary (429 storms, honouring Retry-After; a 503 burst) and report an outage that lasts
// the whole wait as an infrastructure `error`, never as a pass and never as the site's fault.
TEST_F(RunTwilioSide, A429StormOnTheLogIsRiddenOutHonouringRetryAfter) {
  start_emulator({}, /*delivery_delay_ms=*/1500);
  auto* site = start_site();
  ASSERT_NE(site, nullptr);
  auto config = base_config();
  config["targets"]["site"] = remote_target(*site);
  const auto config_path = write_config(config);
  auto process = start_formcheck({"run", "--config", config_path.string(), "--json", (dir() / "r.json").string(),
                                  "--junit", (dir() / "j.xml").string(), "--suite", "delivery", "--yes"},
                                 "storm");
  ASSERT_NE(process, nullptr);
  // Once the message exists, the watcher's next 4 reads get 429 with Retry-After: 1.
  ASSERT_TRUE(wait_until([&] { return emulator_creates() >= 1; }, 20s, 10ms));
  ASSERT_EQ(emulator_control_post("/__emulator/faults", {{"error_rate", 1.0},
                                                         {"error_status", 429},
                                                         {"retry_after_s", 1},
                                                         {"routes", {"messages.list", "messages.fetch"}},
                                                         {"count", 4}}),
            200);
  const auto code = process->wait_exit(60s);
  ASSERT_TRUE(code.has_value());
  const auto result = collect(code, "storm", dir() / "j.xml", dir() / "r.json");
  const auto table = case_table(result.results);
  // Delivered, with the 429s on the record. Whether it came within the budget cannot be told:
  // the 429s kept formcheck from looking until after it, and Twilio's own timestamps (which
  // leave out the site's delay) are evidence, never a pass. An error, not the site's failure.
  EXPECT_EQ(result.code, 3) << table << result.diagnosis();
  EXPECT_EQ(outcome(result.results, "delivery", "site", "contact-form/delivered"), "passed") << table;
  EXPECT_EQ(outcome(result.results, "delivery", "site", "contact-form/latency"), "error") << table;
  EXPECT_NE(message_of(result.results, "delivery", "site", "contact-form/latency").find("cannot tell"),
            std::string::npos)
      << table;
  const auto evidence = find_case(result.results, "delivery", "site", "contact-form/delivered").dump();
  EXPECT_NE(evidence.find("twilio_api_errors"), std::string::npos) << "the 429s are on the record: " << evidence;
  EXPECT_NE(evidence.find("Retry-After 1 s"), std::string::npos) << evidence;
}

TEST_F(RunTwilioSide, ATwilioOutageForTheWholeWaitIsAnErrorNotAPassNorAFailure) {
  start_emulator({"--scenario", write_scenario({{"faults",
                                                  {{"error_rate", 1.0},
                                                   {"error_status", 503},
                                                   {"routes", {"messages.list", "messages.fetch"}}}}})
                                     .string()});
  auto* site = start_site();
  ASSERT_NE(site, nullptr);
  const auto result = run_one_target(*site, {"delivery"});
  ASSERT_TRUE(result.finished) << result.diagnosis();
  const auto table = case_table(result.results);
  // The credentials check before sending reads the log too: with the log down from the start,
  // nothing is sent and every case is an infrastructure error (exit 3).
  EXPECT_EQ(result.code, 3) << table << result.diagnosis();
  for (const auto& name : {"contact-form/accepted", "contact-form/delivered", "contact-form/latency"}) {
    const auto o = outcome(result.results, "delivery", "site", name);
    EXPECT_NE(o, "passed") << name << "\n" << table;
    EXPECT_NE(o, "failed") << name << "\n" << table;
  }
}

TEST_F(RunTwilioSide, ATwilioOutageAfterSubmittingIsAnErrorForTheWatchedChecks) {
  // The first read (the credentials check) succeeds; every read after it fails with 503.
  start_emulator();
  auto* site = start_site();
  ASSERT_NE(site, nullptr);
  auto config = base_config();
  config["targets"]["site"] = remote_target(*site);
  const auto config_path = write_config(config);
  auto process = start_formcheck({"run", "--config", config_path.string(), "--json", (dir() / "r.json").string(),
                                  "--junit", (dir() / "j.xml").string(), "--suite", "delivery", "--yes"},
                                 "outage");
  ASSERT_NE(process, nullptr);
  take_the_log_down_once_a_message_exists();
  const auto code = process->wait_exit(60s);
  ASSERT_TRUE(code.has_value());
  const auto result = collect(code, "outage", dir() / "j.xml", dir() / "r.json");
  const auto table = case_table(result.results);
  const auto delivered = outcome(result.results, "delivery", "site", "contact-form/delivered");
  // The message may have been seen delivered before the outage began (then: passed, with
  // evidence); otherwise it must be an infrastructure error, never a failure of the site.
  if (delivered != "passed") {
    EXPECT_EQ(delivered, "error") << table;
    EXPECT_EQ(result.code, 3) << table << result.diagnosis();
    EXPECT_NE(message_of(result.results, "delivery", "site", "contact-form/delivered").find("503"), std::string::npos)
        << table;
  } else {
    EXPECT_NE(find_case(result.results, "delivery", "site", "contact-form/delivered").dump().find("message_sid"),
              std::string::npos)
        << "a pass needs evidence";
  }
}

}  // namespace
}  // namespace formcheck::testing::run_e2e
