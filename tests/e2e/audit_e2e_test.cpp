// `formcheck audit` end to end: the real binary against a project folder on disk, the Twilio
// emulator (senders in each status, incomplete profiles, a number not on the account) and
// formcheck-vercel-standin (missing in one environment, sandbox in Preview, a Plain token,
// unreadable Sensitive values, a refused token), read back from its JSON report.
#include "harness/twilio/rfc2822.hpp"
#include "tests/e2e/run_fixture.hpp"

namespace formcheck::testing::run_e2e {
namespace {

constexpr const char* kStandin = "formcheck-vercel-standin";
constexpr const char* kVercelToken = "vercel-e2e-token-5b7d9f1a";
constexpr const char* kProject = "sumba-site";

class AuditE2E : public RunFixture {
 protected:
  void SetUp() override {
    RunFixture::SetUp();
    m_project = dir() / "project";
    std::filesystem::create_directories(m_project);
  }
  void TearDown() override {
    m_vercel.reset();
    RunFixture::TearDown();
  }

  // A project whose files are right in every mode.
  void write_clean_project() {
    write_text(m_project / ".env", std::string("TWILIO_ACCOUNT_SID=") + kAccountSid + "\nSTAFF_WHATSAPP_NUMBER=" + kStaff + "\n");
    write_text(m_project / ".env.local", std::string("TWILIO_AUTH_TOKEN=") + kAuthToken + "\n");
    write_text(m_project / ".env.production", std::string("TWILIO_WHATSAPP_NUMBER=") + kSender + "\n");
    write_text(m_project / ".env.development", std::string("TWILIO_WHATSAPP_NUMBER=") + kSandbox + "\n");
    write_text(m_project / ".env.example",
               "TWILIO_ACCOUNT_SID=AC...\nTWILIO_AUTH_TOKEN=your_auth_token\nTWILIO_WHATSAPP_NUMBER=whatsapp:+15551234567\n"
               "STAFF_WHATSAPP_NUMBER=whatsapp:+6281234567890\n");
  }

  static json clean_vercel_envs() {
    return json::array({
        {{"key", "TWILIO_WHATSAPP_NUMBER"}, {"value", kSender}, {"type", "encrypted"}, {"target", {"production", "preview"}}},
        {{"key", "TWILIO_WHATSAPP_NUMBER"}, {"value", kSender}, {"type", "plain"}, {"target", "development"}},
        {{"key", "TWILIO_AUTH_TOKEN"}, {"value", kAuthToken}, {"type", "sensitive"}, {"target", {"production", "preview"}}},
        {{"key", "TWILIO_AUTH_TOKEN"}, {"value", kAuthToken}, {"type", "encrypted"}, {"target", "development"}},
        {{"key", "TWILIO_ACCOUNT_SID"}, {"value", kAccountSid}, {"type", "encrypted"}},
        {{"key", "STAFF_WHATSAPP_NUMBER"}, {"value", kStaff}, {"type", "encrypted"}},
    });
  }

  void start_vercel(const json& envs, int page_size = 2) {
    const auto file = dir() / "vercel-envs.json";
    write_text(file, envs.dump());
    m_vercel = StandIn::start(kStandin, {"--port", "0", "--token", kVercelToken, "--project", kProject, "--env-file",
                                         file.string(), "--page-size", std::to_string(page_size)});
    ASSERT_NE(m_vercel, nullptr);
  }

  json vercel_stats() const {
    http::Request request;
    request.url = m_vercel->base_url() + "/__standin/stats";
    return json::parse(http::perform(request).body, nullptr, false);
  }

  // Staff wrote to the sender (and to the sandbox, as a join) an hour ago: the 24-hour window
  // is open, as on a site in use. Tests of a closed window start the emulator themselves.
  void start_emulator(std::vector<std::string> extra = {}) {
    RunFixture::start_emulator(std::move(extra));
    staff_wrote(kSender, 3600);
    staff_wrote(kSandbox, 3600);
  }

  void staff_wrote(const std::string& to, double ago_s) const {
    http::Request request;
    request.method = http::Method::post;
    request.url = emulator_url() + "/__emulator/inbound";
    http::set_json_body(request, json{{"from", kStaff}, {"to", to}, {"body", "Terima kasih!"}, {"ago_s", ago_s}});
    const auto response = http::perform(request);
    ASSERT_EQ(response.status, 200) << response.body;
  }

  void emulator_scenario(const json& scenario) const {
    http::Request request;
    request.method = http::Method::post;
    request.url = emulator_url() + "/__emulator/scenario";
    http::set_json_body(request, scenario);
    const auto response = http::perform(request);
    ASSERT_EQ(response.status, 200) << response.body;
  }

  json audit_config(json audit, const std::string& sender = kSender) const {
    return {{"twilio",
             {{"account_sid", kAccountSid},
              {"auth_token", "${TWILIO_AUTH_TOKEN}"},
              {"api_base", emulator_url()},
              {"messaging_base", emulator_url()},
              {"staff", kStaff}}},
            {"expect", {{"sender", sender}}},
            {"audit", std::move(audit)}};
  }

  json full_audit_section() const {
    json audit = {{"dotenv_dir", "project"}};
    if (m_vercel) {
      audit["vercel"] = {{"api_base", m_vercel->base_url()}, {"token", "${VERCEL_TOKEN}"}, {"project", kProject}};
    }
    return audit;
  }

  RunResult audit(const json& config, std::vector<std::string> extra = {}, const std::string& token = kVercelToken) {
    const auto path = write_config(config);
    const auto tag = "audit" + std::to_string(++m_runs);
    const auto junit = dir() / (tag + "-junit.xml");
    const auto json_path = dir() / (tag + "-results.json");
    std::vector<std::string> args{"audit", "--config", path.string(), "--junit", junit.string(), "--json",
                                  json_path.string(), "--var", std::string("TWILIO_AUTH_TOKEN=") + kAuthToken,
                                  "--var", "VERCEL_TOKEN=" + token};
    args.insert(args.end(), extra.begin(), extra.end());
    return formcheck(args, 60s, tag, junit, json_path);
  }

  static std::string out(const RunResult& r, const std::string& scope, const std::string& name) {
    return outcome(r.results, "audit", scope, name);
  }
  static std::string msg(const RunResult& r, const std::string& scope, const std::string& name) {
    return message_of(r.results, "audit", scope, name);
  }

  static void expect_no_secrets(const RunResult& r) {
    const auto everything = r.everything();
    EXPECT_EQ(everything.find(kAuthToken), std::string::npos) << "auth token leaked";
    EXPECT_EQ(everything.find(kVercelToken), std::string::npos) << "Vercel token leaked";
  }

  std::filesystem::path m_project;
  std::unique_ptr<StandIn> m_vercel;
  int m_runs = 0;
};

TEST_F(AuditE2E, CleanProjectPassesAndFollowsVercelPagination) {
  start_emulator();
  write_clean_project();
  start_vercel(clean_vercel_envs(), 2);
  const auto r = audit(audit_config(full_audit_section()));
  ASSERT_EQ(r.code, 0) << r.diagnosis() << case_table(r.results);
  const auto cases = cases_of(r.results, "audit", "all");
  EXPECT_EQ(cases.size(), 25u) << case_table(r.results);
  for (const auto& c : cases) {
    if (c.value("name", "") == "dotenv/env-local-untracked") {
      EXPECT_EQ(c.value("outcome", ""), "skipped");  // a temp folder is not a git repository
      EXPECT_NE(c.value("message", "").find("not in a git repository"), std::string::npos);
    } else {
      EXPECT_EQ(c.value("outcome", ""), "passed") << c.dump();
    }
  }
  EXPECT_NE(msg(r, "all", "dotenv/production/TWILIO_WHATSAPP_NUMBER").find(".env.production:1"), std::string::npos);
  EXPECT_NE(msg(r, "all", "dotenv/development/TWILIO_WHATSAPP_NUMBER").find("fine for `next dev`"), std::string::npos);
  // 6 envs at 2 per page: three list requests (pagination.next → until), plus single fetches
  // of the Encrypted TWILIO_WHATSAPP_NUMBER.
  const auto stats = vercel_stats();
  EXPECT_EQ(stats["requests"].value("GET /v10/projects/{idOrName}/env", 0), 3) << stats.dump();
  EXPECT_GE(stats["requests"].value("GET /v1/projects/{idOrName}/env/{id}", 0), 1) << stats.dump();
  expect_no_secrets(r);
  FORMCHECK_EXPECT_JUNIT_VALID(r.junit);
}

TEST_F(AuditE2E, TargetsVariablesAreNotNeeded) {
  // audit uses no target: a config whose preview URL comes from an unset variable still audits.
  start_emulator();
  write_clean_project();
  auto config = audit_config(full_audit_section());
  config["targets"] = {{"preview", {{"url", "${FORMCHECK_TEST_UNSET_PREVIEW_URL}"}}}};
  const auto r = audit(config);
  EXPECT_EQ(r.code, 0) << r.diagnosis() << case_table(r.results);
  EXPECT_EQ(r.err.find("FORMCHECK_TEST_UNSET_PREVIEW_URL"), std::string::npos) << r.err;
}

TEST_F(AuditE2E, VercelMissingSandboxPlainAndUnreadable) {
  start_emulator();
  write_clean_project();
  start_vercel(json::array({
      {{"key", "TWILIO_WHATSAPP_NUMBER"}, {"value", kSender}, {"type", "sensitive"}, {"target", "production"}},
      {{"key", "TWILIO_WHATSAPP_NUMBER"}, {"value", kSandbox}, {"type", "encrypted"}, {"target", {"preview"}}},
      {{"key", "TWILIO_AUTH_TOKEN"}, {"value", kAuthToken}, {"type", "plain"},
       {"target", {"production", "preview", "development"}}},
  }));
  const auto r = audit(audit_config(full_audit_section()));
  EXPECT_EQ(r.code, 1) << r.diagnosis();
  EXPECT_EQ(out(r, "all", "vercel/production/TWILIO_WHATSAPP_NUMBER"), "skipped") << case_table(r.results);
  EXPECT_NE(msg(r, "all", "vercel/production/TWILIO_WHATSAPP_NUMBER").find("cannot be read"), std::string::npos);
  EXPECT_EQ(out(r, "all", "vercel/preview/TWILIO_WHATSAPP_NUMBER"), "failed");
  EXPECT_NE(msg(r, "all", "vercel/preview/TWILIO_WHATSAPP_NUMBER").find("sandbox"), std::string::npos);
  EXPECT_EQ(out(r, "all", "vercel/development/TWILIO_WHATSAPP_NUMBER"), "failed");
  EXPECT_NE(msg(r, "all", "vercel/development/TWILIO_WHATSAPP_NUMBER").find("not set for Development"), std::string::npos);
  EXPECT_EQ(out(r, "all", "vercel/TWILIO_AUTH_TOKEN-sensitive"), "failed");
  EXPECT_NE(msg(r, "all", "vercel/TWILIO_AUTH_TOKEN-sensitive").find("mark TWILIO_AUTH_TOKEN as Sensitive"),
            std::string::npos);
  expect_no_secrets(r);  // the Plain token's value came back in the list: still never printed
}

TEST_F(AuditE2E, MalformedNumberInVercelGetsTheCorrectedValue) {
  start_emulator();
  write_clean_project();
  auto envs = clean_vercel_envs();
  envs[0]["value"] = "whatsapp:+1 555-765-4321";
  start_vercel(envs);
  const auto r = audit(audit_config(full_audit_section()), {"--target", "production"});
  EXPECT_EQ(r.code, 1) << r.diagnosis();
  EXPECT_EQ(out(r, "production", "vercel/production/TWILIO_WHATSAPP_NUMBER"), "failed") << case_table(r.results);
  EXPECT_NE(msg(r, "production", "vercel/production/TWILIO_WHATSAPP_NUMBER")
                .find("set TWILIO_WHATSAPP_NUMBER=whatsapp:+15557654321 (no spaces or dashes)"),
            std::string::npos)
      << msg(r, "production", "vercel/production/TWILIO_WHATSAPP_NUMBER");
  // --target production: `next build` and Vercel Production only.
  EXPECT_EQ(cases_of(r.results, "audit", "production").size(), 5u + 3u + 2u + 7u + 2u) << case_table(r.results);
}

TEST_F(AuditE2E, WhatsAppWindowOpenWarnAndClosedWithTheFix) {
  RunFixture::start_emulator();  // staff have not written yet
  auto config = audit_config(json::object());
  config.erase("audit");
  const auto never = audit(config, {"--target", "production"});
  EXPECT_EQ(never.code, 1) << never.diagnosis();
  EXPECT_EQ(out(never, "production", "twilio/whatsapp-window"), "failed") << case_table(never.results);
  EXPECT_NE(msg(never, "production", "twilio/whatsapp-window").find("will fail with 63016"), std::string::npos)
      << msg(never, "production", "twilio/whatsapp-window");

  staff_wrote(kSender, 24 * 3600 + 60);  // 24 h 01 m ago: closed a minute ago
  const auto closed = audit(config, {"--target", "production"});
  EXPECT_EQ(out(closed, "production", "twilio/whatsapp-window"), "failed");
  const auto why = msg(closed, "production", "twilio/whatsapp-window");
  EXPECT_NE(why.find("(24 h 01 m ago)"), std::string::npos) << why;
  EXPECT_NE(why.find("have staff send any WhatsApp message to " + std::string(kSender)), std::string::npos) << why;
  EXPECT_NE(why.find("Content Template"), std::string::npos) << why;

  staff_wrote(kSender, 20 * 3600);  // 4 h left: under the default 6 h, a warning
  const auto warned = audit(config, {"--target", "production"});
  EXPECT_EQ(warned.code, 0) << warned.diagnosis() << case_table(warned.results);
  EXPECT_EQ(out(warned, "production", "twilio/whatsapp-window"), "passed");
  EXPECT_NE(msg(warned, "production", "twilio/whatsapp-window").find("warning: the 24-hour window closes at"),
            std::string::npos)
      << msg(warned, "production", "twilio/whatsapp-window");

  staff_wrote(kSender, 30);  // just now: 23 h 59 m left (for the next 30 s)
  const auto open = audit(config, {"--target", "production"});
  EXPECT_EQ(open.code, 0) << open.diagnosis();
  EXPECT_NE(msg(open, "production", "twilio/whatsapp-window").find("(23 h 59 m left)"), std::string::npos)
      << msg(open, "production", "twilio/whatsapp-window");
}

TEST_F(AuditE2E, WindowDoesNotApplyToATemplateSendingSite) {
  RunFixture::start_emulator();
  staff_wrote(kSender, 3 * 86400);  // closed two days ago
  auto config = audit_config(json::object());
  config.erase("audit");
  config["whatsapp_window"] = {{"site_sends", "template"}};
  const auto configured = audit(config, {"--target", "production"});
  EXPECT_EQ(configured.code, 0) << configured.diagnosis() << case_table(configured.results);
  EXPECT_EQ(out(configured, "production", "twilio/whatsapp-window"), "skipped");
  EXPECT_NE(msg(configured, "production", "twilio/whatsapp-window").find("does not apply"), std::string::npos);

  // Detected: a notification reached staff yesterday while the window was closed.
  const auto yesterday = twilio::format_iso8601(std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()) -
                                                std::chrono::hours(20));
  http::Request inject;
  inject.method = http::Method::post;
  inject.url = emulator_url() + "/__emulator/messages";
  http::set_json_body(inject, json::array({{{"from", kSender}, {"to", kStaff}, {"status", "delivered"},
                                            {"body", "New enquiry from Ayu"}, {"date_created", yesterday}}}));
  ASSERT_EQ(http::perform(inject).status, 200);
  config.erase("whatsapp_window");
  const auto detected = audit(config, {"--target", "production"});
  EXPECT_EQ(out(detected, "production", "twilio/whatsapp-window"), "skipped") << case_table(detected.results);
  EXPECT_NE(msg(detected, "production", "twilio/whatsapp-window").find("only a Content Template can"),
            std::string::npos)
      << msg(detected, "production", "twilio/whatsapp-window");
}

TEST_F(AuditE2E, InboundWebhookIsReported) {
  start_emulator();
  auto config = audit_config(json::object());
  config.erase("audit");
  const auto with = audit(config, {"--target", "production"});
  EXPECT_EQ(out(with, "production", "twilio/inbound-webhook"), "passed");
  EXPECT_NE(msg(with, "production", "twilio/inbound-webhook").find("go to https://example.com/whatsapp/inbound"),
            std::string::npos)
      << msg(with, "production", "twilio/inbound-webhook");
  emulator_scenario({{"senders", {{{"sender_id", kSender}, {"webhook", {{"callback_url", nullptr}}}}}}});
  const auto without = audit(config, {"--target", "production"});
  EXPECT_EQ(out(without, "production", "twilio/inbound-webhook"), "passed");
  EXPECT_NE(msg(without, "production", "twilio/inbound-webhook").find("warning: sender XE"), std::string::npos)
      << msg(without, "production", "twilio/inbound-webhook");
}

TEST_F(AuditE2E, RefusedVercelTokenIsOneClearError) {
  start_emulator();
  write_clean_project();
  start_vercel(clean_vercel_envs());
  const auto r = audit(audit_config(full_audit_section()), {}, "vercel-wrong-token-8c2e4a6b");
  EXPECT_EQ(r.code, 3) << r.diagnosis();
  for (const char* name : {"vercel/production/TWILIO_WHATSAPP_NUMBER", "vercel/TWILIO_AUTH_TOKEN-sensitive"}) {
    EXPECT_EQ(out(r, "all", name), "error") << case_table(r.results);
    EXPECT_NE(msg(r, "all", name).find("Vercel refused the token"), std::string::npos) << msg(r, "all", name);
    EXPECT_NE(msg(r, "all", name).find("403 forbidden"), std::string::npos) << msg(r, "all", name);
  }
  EXPECT_EQ(r.everything().find("vercel-wrong-token-8c2e4a6b"), std::string::npos);
  expect_no_secrets(r);
}

TEST_F(AuditE2E, SenderStatusesAreExplained) {
  start_emulator();
  struct Row {
    json sender;
    const char* outcome;
    const char* words;
  };
  const std::vector<Row> rows = {
      {{{"status", "PENDING_VERIFICATION"}}, "failed", "verification code"},
      {{{"status", "OFFLINE"}, {"offline_reasons", {{{"code", "30008"}, {"message", "No delivery"}}}}},
       "failed",
       "30008 No delivery"},
      {{{"status", "VERIFYING"}}, "failed", "VERIFYING"},
      {{{"status", "TWILIO_REVIEW"}}, "failed", "reviewing"},
      {{{"status", "DRAFT"}}, "failed", "never submitted"},
      {{{"status", "CREATING"}}, "failed", "being created"},
      {{{"status", "STUBBED"}}, "failed", "not registered"},
      {{{"status", "ONLINE:UPDATING"}}, "passed", "ONLINE:UPDATING"},
      {{{"status", "ONLINE"}}, "passed", "able to send"},
  };
  for (const auto& row : rows) {
    auto sender = row.sender;
    sender["sender_id"] = kSender;
    emulator_scenario({{"senders", {sender}}});
    const auto r = audit(audit_config(json::object()), {"--target", "production"});
    const auto status = row.sender["status"].get<std::string>();
    EXPECT_EQ(out(r, "production", "twilio/sender-online"), row.outcome) << status << "\n" << case_table(r.results);
    EXPECT_NE(msg(r, "production", "twilio/sender-online").find(row.words), std::string::npos)
        << status << ": " << msg(r, "production", "twilio/sender-online");
    EXPECT_EQ(r.code, std::string(row.outcome) == "passed" ? 0 : 1) << status << "\n" << r.diagnosis();
  }
}

TEST_F(AuditE2E, ProfileWithMissingFieldsAndWrongName) {
  start_emulator();
  emulator_scenario({{"senders", {{{"sender_id", kSender}, {"status", "ONLINE"}, {"profile", {{"name", "Sumba Surf"}}}}}}});
  auto audit_section = json{{"profile_name", "Sumba Sunset Surf Camp"}};
  const auto r = audit(audit_config(audit_section), {"--target", "production"});
  EXPECT_EQ(r.code, 1) << r.diagnosis();
  EXPECT_EQ(out(r, "production", "twilio/profile-name"), "failed") << case_table(r.results);
  EXPECT_NE(msg(r, "production", "twilio/profile-name").find("'Sumba Surf', not 'Sumba Sunset Surf Camp'"),
            std::string::npos);
  EXPECT_EQ(out(r, "production", "twilio/profile-description"), "failed");
  EXPECT_EQ(out(r, "production", "twilio/profile-vertical"), "failed");
  EXPECT_EQ(out(r, "production", "twilio/profile-logo"), "failed");

  emulator_scenario({{"senders", {{{"sender_id", kSender}, {"status", "ONLINE"}, {"profile", json::object()}}}}});
  const auto nameless = audit(audit_config(audit_section), {"--target", "production"});
  EXPECT_NE(msg(nameless, "production", "twilio/profile-name").find("has no name"), std::string::npos)
      << case_table(nameless.results);
}

TEST_F(AuditE2E, NumberNotOnTheAccountAndNoSender) {
  start_emulator();
  const auto r = audit(audit_config(json::object(), "whatsapp:+15550009999"), {"--target", "production"});
  EXPECT_EQ(r.code, 1) << r.diagnosis();
  EXPECT_EQ(out(r, "production", "twilio/number-on-account"), "failed") << case_table(r.results);
  EXPECT_NE(msg(r, "production", "twilio/number-on-account").find("+15550009999 is not a phone number of account"),
            std::string::npos);
  EXPECT_EQ(out(r, "production", "twilio/sender-online"), "failed");
  EXPECT_EQ(out(r, "production", "twilio/profile-logo"), "skipped");
}

TEST_F(AuditE2E, SandboxSenderFailsUnlessRollback) {
  start_emulator();
  auto config = audit_config(json::object(), kSandbox);
  const auto r = audit(config, {"--target", "production"});
  EXPECT_EQ(r.code, 1) << r.diagnosis();
  EXPECT_EQ(out(r, "production", "twilio/not-sandbox"), "failed") << case_table(r.results);
  config["expect"]["forbid_sandbox"] = false;
  const auto rollback = audit(config, {"--target", "production"});
  EXPECT_EQ(rollback.code, 0) << rollback.diagnosis() << case_table(rollback.results);
  EXPECT_EQ(out(rollback, "production", "twilio/not-sandbox"), "passed");
  EXPECT_EQ(out(rollback, "production", "twilio/sender-online"), "skipped");
}

TEST_F(AuditE2E, WrongTwilioCredentialsAreErrors) {
  start_emulator();
  auto config = audit_config(json::object());
  config["twilio"]["auth_token"] = "0123456789abcdef0123456789abcdef";
  const auto r = audit(config, {"--target", "production"});
  EXPECT_EQ(r.code, 3) << r.diagnosis();
  EXPECT_EQ(out(r, "production", "twilio/sender-online"), "error") << case_table(r.results);
  EXPECT_NE(msg(r, "production", "twilio/sender-online").find("Twilio refused the credentials"), std::string::npos);
}

TEST_F(AuditE2E, MissingKeysSkipVisiblyAndTwilioOnlyConfigIsComplete) {
  start_emulator();
  auto config = audit_config(json::object());
  config.erase("audit");
  const auto r = audit(config);
  EXPECT_EQ(r.code, 0) << r.diagnosis() << case_table(r.results);
  EXPECT_EQ(out(r, "all", "dotenv/production/TWILIO_AUTH_TOKEN"), "skipped");
  EXPECT_NE(msg(r, "all", "dotenv/production/TWILIO_AUTH_TOKEN").find("audit.dotenv_dir"), std::string::npos);
  EXPECT_NE(msg(r, "all", "vercel/preview/TWILIO_WHATSAPP_NUMBER").find("audit.vercel"), std::string::npos);
  EXPECT_EQ(out(r, "all", "twilio/sender-online"), "passed");

  // audit.vercel with ${VERCEL_TOKEN} unset: skipped with the variable's name, not a config error.
  auto unset = audit_config({{"vercel", {{"token", "${UNSET_VERCEL_TOKEN_E2E}"}, {"project", "p"}}}});
  const auto u = audit(unset);
  EXPECT_EQ(u.code, 0) << u.diagnosis();
  EXPECT_NE(msg(u, "all", "vercel/TWILIO_AUTH_TOKEN-sensitive").find("UNSET_VERCEL_TOKEN_E2E"), std::string::npos);

  // A typo in the audit section is a configuration error (exit 2) naming the key.
  const auto typo = audit(audit_config({{"dotenv_dri", "."}}));
  EXPECT_EQ(typo.code, 2) << typo.diagnosis();
  EXPECT_NE(typo.err.find("audit.dotenv_dri"), std::string::npos) << typo.err;
}

TEST_F(AuditE2E, DotenvProblemsNameTheFileLineAndFix) {
  start_emulator();
  write_text(m_project / ".env", "TWILIO_ACCOUNT_SID=SKf0c4ec4f0c4ec4f0c4ec4f0c4ec4f0c4\nSTAFF_WHATSAPP_NUMBER=+6281234567890\n");
  write_text(m_project / ".env.local", "# local\nTWILIO_AUTH_TOKEN=5ec2e75ec2e7#5ec2e75ec2e75ec2e700\n");
  write_text(m_project / ".env.production", std::string("TWILIO_WHATSAPP_NUMBER=") + kSandbox + "\n");
  write_text(m_project / ".env.development", "TWILIO_WHATSAPP_NUMBER=whatsapp:+1 555 765 4321\nEXTRA_KEY=1\n");
  write_text(m_project / ".env.example", std::string("TWILIO_AUTH_TOKEN=") + kAuthToken + "\n");
  const auto r = audit(audit_config({{"dotenv_dir", "project"}}));
  EXPECT_EQ(r.code, 1) << r.diagnosis();
  EXPECT_EQ(out(r, "all", "dotenv/development/TWILIO_ACCOUNT_SID"), "failed") << case_table(r.results);
  EXPECT_NE(msg(r, "all", "dotenv/development/TWILIO_ACCOUNT_SID").find("API key SID"), std::string::npos);
  // The # cuts the unquoted token: 12 characters reach the app.
  EXPECT_NE(msg(r, "all", "dotenv/production/TWILIO_AUTH_TOKEN").find(".env.local:2 is not 32 hex digits (12 characters)"),
            std::string::npos)
      << msg(r, "all", "dotenv/production/TWILIO_AUTH_TOKEN");
  EXPECT_NE(msg(r, "all", "dotenv/development/STAFF_WHATSAPP_NUMBER")
                .find("set STAFF_WHATSAPP_NUMBER=whatsapp:+6281234567890 (no spaces or dashes) in .env"),
            std::string::npos);
  EXPECT_NE(msg(r, "all", "dotenv/development/TWILIO_WHATSAPP_NUMBER")
                .find("set TWILIO_WHATSAPP_NUMBER=whatsapp:+15557654321 (no spaces or dashes) in .env.development"),
            std::string::npos)
      << msg(r, "all", "dotenv/development/TWILIO_WHATSAPP_NUMBER");
  EXPECT_EQ(out(r, "all", "dotenv/production/not-sandbox"), "failed");
  EXPECT_NE(msg(r, "all", "dotenv/production/not-sandbox").find(".env.production:1"), std::string::npos);
  EXPECT_EQ(out(r, "all", "dotenv/example-names-every-variable"), "failed");
  EXPECT_NE(msg(r, "all", "dotenv/example-names-every-variable").find("EXTRA_KEY"), std::string::npos);
  EXPECT_EQ(out(r, "all", "dotenv/example-has-no-secrets"), "failed");
  EXPECT_NE(msg(r, "all", "dotenv/example-has-no-secrets").find("TWILIO_AUTH_TOKEN (line 1)"), std::string::npos);
  expect_no_secrets(r);
}

TEST_F(AuditE2E, EnvLocalTrackedByGit) {
  if (!std::filesystem::exists("/usr/bin/git")) {
    GTEST_SKIP() << "git is not installed";
  }
  start_emulator();
  write_clean_project();
  auto git = [&](std::vector<std::string> args) {
    process::LaunchSpec spec;
    spec.executable = "git";
    spec.args = {"-C", m_project.string()};
    spec.args.insert(spec.args.end(), args.begin(), args.end());
    auto child = process::ChildProcess::start(spec);
    ASSERT_TRUE(child) << child.error();
    const auto status = (*child)->wait_exit(20s);
    ASSERT_TRUE(status.exited && status.code == 0) << (*child)->output_text();
  };
  git({"init", "-q"});
  const auto r0 = audit(audit_config({{"dotenv_dir", "project"}}), {"--target", "development"});
  EXPECT_EQ(out(r0, "development", "dotenv/env-local-untracked"), "failed") << case_table(r0.results);
  EXPECT_NE(msg(r0, "development", "dotenv/env-local-untracked").find("not ignored"), std::string::npos);
  write_text(m_project / ".gitignore", ".env*.local\n");
  const auto r1 = audit(audit_config({{"dotenv_dir", "project"}}), {"--target", "development"});
  EXPECT_EQ(out(r1, "development", "dotenv/env-local-untracked"), "passed") << case_table(r1.results);
  git({"add", "-f", ".env.local"});
  const auto r2 = audit(audit_config({{"dotenv_dir", "project"}}), {"--target", "development"});
  EXPECT_EQ(out(r2, "development", "dotenv/env-local-untracked"), "failed") << case_table(r2.results);
  EXPECT_NE(msg(r2, "development", "dotenv/env-local-untracked").find("git rm --cached .env.local"), std::string::npos);
}

TEST_F(AuditE2E, UnknownTargetIsAUsageError) {
  start_emulator();
  const auto r = audit(audit_config(json::object()), {"--target", "staging"});
  EXPECT_EQ(r.code, 2) << r.diagnosis();
  EXPECT_NE(r.err.find("use all, production, preview or development"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace formcheck::testing::run_e2e
