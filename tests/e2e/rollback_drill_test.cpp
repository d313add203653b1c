// The rollback drill end to end: a contact site switched to the sandbox sender, checked by
// `formcheck run` with the documented configurations in fixtures/configs/ (joined and not
// joined), then the way forward (the sandbox forbidden again), and the monitor's view.
#include "tests/support/standin.hpp"
#include "tests/e2e/monitor_fixture.hpp"

namespace formcheck::testing::monitor_e2e {
namespace {

std::string repo_config(const std::string& name) {
  return formcheck::testing::source_dir() + "/fixtures/configs/" + name;
}

class RollbackDrill : public MonitorFixture {
 protected:
  // `formcheck run` with a documented config; the variables as --var (as CI secrets would be env).
  Result run_drill(const std::string& config, const StandIn& site, const std::string& tag,
                   const std::string& whatsapp_number = kSandbox) const {
    return formcheck({"run", "--config", config, "--junit", (dir() / (tag + ".xml")).string(), "--json",
                      (dir() / (tag + ".json")).string(), "--yes", "--var",
                      std::string("TWILIO_ACCOUNT_SID=") + kAccountSid, "--var",
                      std::string("TWILIO_AUTH_TOKEN=") + kAuthToken, "--var",
                      std::string("STAFF_WHATSAPP_NUMBER=") + kStaff, "--var",
                      "TWILIO_WHATSAPP_NUMBER=" + whatsapp_number, "--var", "TWILIO_API_BASE=" + emulator_url(),
                      "--var", "PRODUCTION_URL=" + site.base_url()},
                     tag);
  }
};

TEST_F(RollbackDrill, SandboxSiteWithStaffJoinedPasses) {
  // The sandbox's 1 message / 3 s is enforced: the drill's pacing must keep to it.
  start_emulator();
  scenario({{"sandbox_joined", {kStaff}}, {"sandbox_rate_limit", true}});
  auto* site = start_site({{"TWILIO_WHATSAPP_NUMBER", kSandbox}});
  ASSERT_NE(site, nullptr);
  auto r = run_drill(repo_config("rollback-to-sandbox.jsonc"), *site, "joined");
  EXPECT_EQ(r.code, 0) << r.diagnosis();
  EXPECT_EQ(r.outcome("contact-form/delivered", "delivery"), "passed") << r.diagnosis();
  EXPECT_EQ(r.outcome("sender-and-recipient/expected-sender", "sender"), "passed") << r.diagnosis();
  EXPECT_EQ(r.outcome("sender-and-recipient/not-sandbox", "sender"), "skipped") << r.diagnosis();

  // The monitor with the same file: the sandbox is the expected sender while rolled back.
  auto m = formcheck({"monitor", "--config", repo_config("rollback-to-sandbox.jsonc"), "--since", "1h", "--json",
                      (dir() / "joined-monitor.json").string(), "--var", std::string("TWILIO_ACCOUNT_SID=") + kAccountSid,
                      "--var", std::string("TWILIO_AUTH_TOKEN=") + kAuthToken, "--var",
                      std::string("STAFF_WHATSAPP_NUMBER=") + kStaff, "--var", "TWILIO_API_BASE=" + emulator_url()},
                     "joined-monitor");
  EXPECT_EQ(m.code, 0) << m.diagnosis();
  // One message: the sender checks are judged from the delivery submission's message.
  EXPECT_EQ(m.report["monitor"]["messages"]["tests"]["messages"], 1) << m.diagnosis();
  EXPECT_EQ(m.outcome("sender"), "passed") << m.diagnosis();
}

TEST_F(RollbackDrill, SandboxSiteWithoutJoinSaysStaffMustRejoin) {
  start_emulator();  // nobody has joined the sandbox
  auto* site = start_site({{"TWILIO_WHATSAPP_NUMBER", kSandbox}});
  ASSERT_NE(site, nullptr);
  auto r = run_drill(repo_config("rollback-to-sandbox.jsonc"), *site, "not-joined");
  EXPECT_EQ(r.code, 1) << r.diagnosis();
  EXPECT_EQ(r.outcome("contact-form/delivered", "delivery"), "failed") << r.diagnosis();
  const auto why = r.message("contact-form/delivered", "delivery");
  EXPECT_NE(why.find("63015"), std::string::npos) << why;
  EXPECT_NE(why.find("staff must send `join <code>` to +1 415 523 8886 again"), std::string::npos) << why;
  EXPECT_NE(why.find("sandbox joins expire after 3 days"), std::string::npos) << why;
  EXPECT_NE(r.out.find("join <code>"), std::string::npos) << r.out;

  // The monitor over the same hour says the same, for each failed SID.
  auto m = formcheck({"monitor", "--config", repo_config("rollback-to-sandbox.jsonc"), "--since", "1h", "--json",
                      (dir() / "not-joined-monitor.json").string(), "--var",
                      std::string("TWILIO_ACCOUNT_SID=") + kAccountSid, "--var",
                      std::string("TWILIO_AUTH_TOKEN=") + kAuthToken, "--var",
                      std::string("STAFF_WHATSAPP_NUMBER=") + kStaff, "--var", "TWILIO_API_BASE=" + emulator_url()},
                     "not-joined-monitor");
  const auto& failures = m.report["monitor"]["failures"];
  ASSERT_EQ(failures.size(), 1u) << m.diagnosis();
  EXPECT_EQ(failures[0]["code"], 63015);
  EXPECT_NE(failures[0]["diagnosis"].get<std::string>().find("join <code>"), std::string::npos);
  // One submission (the sender checks are judged from the delivery's message).
  EXPECT_EQ(m.report["monitor"]["twilio"]["without_date_sent"], 1) << "63015 failures are never sent";
}

TEST_F(RollbackDrill, SandboxRateLimitIsExplained) {
  // A drill config that ignores the sandbox's pace: both submissions at once → 63018.
  start_emulator();
  scenario({{"sandbox_joined", {kStaff}}, {"sandbox_rate_limit", true}});
  auto* site = start_site({{"TWILIO_WHATSAPP_NUMBER", kSandbox}});
  ASSERT_NE(site, nullptr);
  json config = {{"twilio",
                  {{"account_sid", kAccountSid},
                   {"auth_token", kAuthToken},
                   {"api_base", emulator_url()},
                   {"staff", kStaff}}},
                 {"expect", {{"sender", kSandbox}, {"forbid_sandbox", false}, {"latency_s", 10}, {"grace_s", 2}}},
                 {"form", {{"fields", {{"name", "Rollback Drill"}, {"email", "ops@example.com"}, {"message", "x"}}}}},
                 {"suites", {"rate-limit"}},
                 {"targets",
                  {{"production", {{"url", site->base_url()}, {"max_messages", 10}, {"rate_limit", {{"max", 3}, {"window_s", 10}}}}}}}};
  auto r = formcheck({"run", "--config", write_config(config, "fast.json").string(), "--json",
                      (dir() / "fast.json.out.json").string(), "--yes", "--target", "production"},
                     "fast");
  // Whatever the suite's own verdicts, Twilio refused messages past the first with 63018, and
  // the monitor explains the sandbox's pace.
  auto m = monitor(write_config(monitor_config({}, kSandbox), "monitor.json"), {"--since", "1h"}, "fast-monitor");
  bool found = false;
  for (const auto& g : m.report["monitor"]["failures"]) {
    if (g["code"] == 63018) {
      found = true;
      EXPECT_NE(g["diagnosis"].get<std::string>().find("1 message every 3 s"), std::string::npos) << g.dump(2);
    }
  }
  EXPECT_TRUE(found) << m.diagnosis() << "\n" << r.diagnosis();
}

TEST_F(RollbackDrill, ForwardAgainForbidsTheSandbox) {
  start_emulator();
  scenario({{"sandbox_joined", {kStaff}}});
  auto* still_sandbox = start_site({{"TWILIO_WHATSAPP_NUMBER", kSandbox}});
  auto* production = start_site();
  ASSERT_NE(still_sandbox, nullptr);
  ASSERT_NE(production, nullptr);
  // Vercel still sends from the sandbox although the team switched "back": caught.
  auto stale = run_drill(repo_config("roll-forward-to-production.jsonc"), *still_sandbox, "stale", kSender);
  EXPECT_EQ(stale.code, 1) << stale.diagnosis();
  EXPECT_EQ(stale.outcome("sender-and-recipient/expected-sender", "sender"), "failed") << stale.diagnosis();
  EXPECT_EQ(stale.outcome("sender-and-recipient/not-sandbox", "sender"), "failed") << stale.diagnosis();
  // Even if the expected sender itself was left on the sandbox, the sandbox stays forbidden.
  auto lazy = run_drill(repo_config("roll-forward-to-production.jsonc"), *still_sandbox, "lazy", kSandbox);
  EXPECT_EQ(lazy.outcome("sender-and-recipient/not-sandbox", "sender"), "failed") << lazy.diagnosis();
  // The production number: passes, no join code involved.
  auto forward = run_drill(repo_config("roll-forward-to-production.jsonc"), *production, "forward", kSender);
  EXPECT_EQ(forward.code, 0) << forward.diagnosis();
  EXPECT_EQ(forward.outcome("sender-and-recipient/not-sandbox", "sender"), "passed") << forward.diagnosis();
}

}  // namespace
}  // namespace formcheck::testing::monitor_e2e
