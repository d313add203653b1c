// Secrets never leave formcheck: with a known auth token and a --var SECRET_THING placed where
// they could leak (a target URL's user-info, a form header, a local target's environment that
// its launcher echoes, failing checks that attach that output), no byte formcheck writes
// (stdout, stderr, JUnit, JSON, the --verbose debug log on stderr and in the --log file) holds
// them, for `validate`, `run --dry-run` and `run`; the same for an API key secret, a Vercel
// token and a Plain Vercel variable (`run` and `audit` with --verbose). And --mask-pii: the
// staff number, a guest's e-mail and phone appear in a normal run's output and nowhere in a
// masked one.
#include "tests/e2e/run_fixture.hpp"

#include "harness/util/secret.hpp"

namespace formcheck::testing::run_e2e {
namespace {

constexpr const char* kSecretThing = "sEcReT-7f3a9c1e-d00d-4b1d";
constexpr const char* kApiKeySid = "SK00112233445566778899aabbccddeeff";
constexpr const char* kApiKeySecret = "apikeysecret-4e9d2b7a61c8";
constexpr const char* kVercelToken = "vercel-secret-token-8c2e51d7";

class RunSecrets : public RunFixture {
 protected:
  // Every form of a secret that has leaked somewhere before: verbatim, and as Basic credentials.
  static void expect_absent(const std::string& written, const std::string& what) {
    const std::vector<std::pair<std::string, std::string>> needles{
        {"auth token", kAuthToken},
        {"SECRET_THING", kSecretThing},
        {"Basic AC:token", base64_encode(std::string(kAccountSid) + ":" + kAuthToken)},
        {"Basic user:SECRET_THING", base64_encode(std::string("formcheck:") + kSecretThing)},
    };
    expect_none_of(written, what, needles);
  }

  static void expect_none_of(const std::string& written, const std::string& what,
                             const std::vector<std::pair<std::string, std::string>>& needles) {
    for (const auto& [name, needle] : needles) {
      const auto at = written.find(needle);
      EXPECT_EQ(at, std::string::npos) << what << " leaks the " << name << ": …"
                                       << written.substr(at == std::string::npos ? 0 : (at > 80 ? at - 80 : 0), 200)
                                       << "…";
    }
  }

  // A launcher that prints what it was given, as careless dev servers do; its output is
  // attached to the failing checks (silent-drop makes delivered fail).
  std::vector<std::string> echoing_launcher(int port, const std::string& echo_lines) const {
    const auto launcher = dir() / "launcher.sh";
    write_text(launcher, "#!/bin/sh\n" + echo_lines + "exec \"$@\"\n", true);
    std::vector<std::string> command{"/bin/sh", launcher.string()};
    for (const auto& part : site_command(port, {"--fault", "silent-drop"})) {
      command.push_back(part);
    }
    return command;
  }
};

TEST_F(RunSecrets, NoSecretInAnythingFormcheckWrites) {
  start_emulator();
  auto* preview = start_site({"--fault", "silent-drop"});
  ASSERT_NE(preview, nullptr);
  const int port = free_port();
  const auto command =
      echoing_launcher(port,
                       "echo \"launcher: token=$TWILIO_AUTH_TOKEN secret=$SITE_SECRET_THING\"\n"
                       "echo \"launcher(stderr): token=$TWILIO_AUTH_TOKEN secret=$SITE_SECRET_THING\" >&2\n");

  auto config = base_config();
  config["expect"]["latency_s"] = 2;
  config["expect"]["grace_s"] = 1;
  config["form"]["headers"] = {{"X-Form-Key", "${SECRET_THING}"}};
  auto local = local_target(port, command);
  local["start"]["env"]["SITE_SECRET_THING"] = "${SECRET_THING}";
  config["targets"]["local"] = local;
  auto remote = remote_target(*preview);
  const auto at = preview->base_url().find("://");
  remote["url"] = preview->base_url().substr(0, at + 3) + "formcheck:${SECRET_THING}@" + preview->base_url().substr(at + 3);
  config["targets"]["preview"] = remote;
  const auto config_path = write_config(config);
  const std::string var = std::string("SECRET_THING=") + kSecretThing;

  // validate prints the plan (target URLs included).
  const auto validated = formcheck({"validate", "--config", config_path.string(), "--var", var}, 30s, "validate");
  ASSERT_TRUE(validated.finished);
  EXPECT_EQ(validated.code, 0) << validated.diagnosis();
  expect_absent(validated.everything(), "validate");

  // --dry-run prints the plan and each target's POST URL.
  const auto dry = run(config_path, {"--var", var, "--suite", "delivery", "--dry-run"}, 30s, "dry");
  ASSERT_TRUE(dry.finished);
  EXPECT_EQ(dry.code, 0) << dry.diagnosis();
  expect_absent(dry.everything(), "run --dry-run");

  // The run: failures carry the launcher's output and the submissions' evidence; the debug
  // log shows every request (Basic auth to Twilio, the form header, the user-info URL).
  const auto log = dir() / "debug.log";
  const auto result =
      run(config_path, {"--var", var, "--suite", "delivery", "--verbose", "--log", log.string()}, 60s, "run");
  ASSERT_TRUE(result.finished) << result.diagnosis();
  EXPECT_EQ(result.code, 1) << case_table(result.results) << result.diagnosis();
  EXPECT_EQ(outcome(result.results, "delivery", "local", "contact-form/delivered"), "failed")
      << case_table(result.results);
  EXPECT_EQ(outcome(result.results, "delivery", "preview", "contact-form/accepted"), "passed")
      << "the secret in the URL's user-info should not break the request\n"
      << case_table(result.results);
  expect_absent(result.everything(), "run");
  const auto log_text = read_text(log);
  expect_absent(log_text, "the --log file");
  // The log did record the requests that carry the secrets (else the search above proves nothing).
  EXPECT_NE(log_text.find("  > Authorization: Basic [REDACTED]"), std::string::npos)
      << log_text.substr(0, 3000);
  EXPECT_NE(log_text.find("  > X-Form-Key: [REDACTED]"), std::string::npos) << log_text.substr(0, 3000);
  EXPECT_NE(log_text.find("http POST http://[REDACTED]@127.0.0.1:"), std::string::npos)
      << log_text.substr(0, 3000);
  EXPECT_NE(result.err.find("  > Authorization: Basic [REDACTED]"), std::string::npos)
      << "--verbose wrote no debug log to stderr\n"
      << result.diagnosis();
  // The launcher's lines did reach the report, masked: the test saw the leak path, not nothing.
  EXPECT_NE(result.junit_text.find("launcher: token=[REDACTED] secret=[REDACTED]"), std::string::npos)
      << "the local target's output is not attached (masked) to its failing check:\n"
      << result.junit_text.substr(0, 4000);
}

TEST_F(RunSecrets, ApiKeySecretVercelTokenAndPlainVercelValuesStayOutOfTheDebugLog) {
  start_emulator({"--api-key", std::string(kApiKeySid) + ":" + kApiKeySecret});
  auto* preview = start_site();
  ASSERT_NE(preview, nullptr);
  // A Vercel project whose TWILIO_AUTH_TOKEN is a Plain variable: Vercel's API returns its
  // value in the list the audit reads, and formcheck's own config never named it (it uses the
  // API key), so nothing registered it before the debug log saw that answer.
  const auto vercel =
      StandIn::start("formcheck-vercel-standin",
                     {"--port", "0", "--token", kVercelToken, "--project", "site", "--env",
                      std::string("plain:production,preview:TWILIO_AUTH_TOKEN=") + kAuthToken, "--env",
                      std::string("encrypted:production,preview:TWILIO_WHATSAPP_NUMBER=") + kSender});
  ASSERT_NE(vercel, nullptr);

  auto config = base_config();
  config["twilio"].erase("auth_token");
  config["twilio"]["api_key_sid"] = kApiKeySid;
  config["twilio"]["api_key_secret"] = "${API_KEY_SECRET}";
  config["twilio"]["messaging_base"] = emulator_url();
  config["targets"]["preview"] = remote_target(*preview);
  config["audit"] = {
      {"vercel", {{"api_base", vercel->base_url()}, {"token", "${VERCEL_TOKEN}"}, {"project", "site"}}}};
  const auto config_path = write_config(config);
  const std::vector<std::string> vars{"--var", std::string("API_KEY_SECRET=") + kApiKeySecret, "--var",
                                      std::string("VERCEL_TOKEN=") + kVercelToken};
  const std::vector<std::pair<std::string, std::string>> needles{
      {"API key secret", kApiKeySecret},
      {"Basic SK:secret", base64_encode(std::string(kApiKeySid) + ":" + kApiKeySecret)},
      {"Vercel token", kVercelToken},
      {"Plain Vercel TWILIO_AUTH_TOKEN", kAuthToken},
  };

  auto args = vars;
  for (const char* a : {"--suite", "delivery", "--verbose", "--log"}) {
    args.push_back(a);
  }
  args.push_back((dir() / "run.log").string());
  const auto ran = run(config_path, args, 60s, "apikey-run");
  ASSERT_TRUE(ran.finished) << ran.diagnosis();
  EXPECT_EQ(ran.code, 0) << case_table(ran.results) << ran.diagnosis();
  const auto run_log = read_text(dir() / "run.log");
  expect_none_of(ran.everything() + run_log, "run with an API key", needles);
  EXPECT_NE(run_log.find("  > Authorization: Basic [REDACTED]"), std::string::npos)
      << run_log.substr(0, 3000);

  const auto junit = dir() / "audit-junit.xml";
  const auto json_path = dir() / "audit-results.json";
  std::vector<std::string> audit_args{
      "audit",  "--config",         config_path.string(), "--junit", junit.string(),
      "--json", json_path.string(), "--verbose",          "--log",   (dir() / "audit.log").string()};
  audit_args.insert(audit_args.end(), vars.begin(), vars.end());
  const auto audited = formcheck(audit_args, 60s, "audit", junit, json_path);
  ASSERT_TRUE(audited.finished) << audited.diagnosis();
  ASSERT_TRUE(audited.results.is_object()) << audited.diagnosis();
  const auto audit_log = read_text(dir() / "audit.log");
  expect_none_of(audited.everything() + audit_log, "audit", needles);
  // The log holds Vercel's answer (with the Plain variable's value masked) and the Bearer request.
  EXPECT_NE(audit_log.find("  > Authorization: Bearer [REDACTED]"), std::string::npos)
      << audit_log.substr(0, 4000);
  EXPECT_NE(audit_log.find(R"("key":"TWILIO_AUTH_TOKEN")"), std::string::npos) << audit_log.substr(0, 4000);
}

class RunMaskPii : public RunSecrets {};

TEST_F(RunMaskPii, StaffNumberAndGuestDetailsAppearInANormalRunAndNowhereInAMaskedOne) {
  start_emulator();
  auto* preview = start_site();
  ASSERT_NE(preview, nullptr);
  const int port = free_port();
  auto config = base_config();
  config["expect"]["latency_s"] = 2;
  config["expect"]["grace_s"] = 1;
  // A guest phone in national form: only payload registration can recognise it.
  config["form"]["fields"]["phone"] = "0812 3456 7890";
  auto local =
      local_target(port, echoing_launcher(port, "echo \"launcher: staff=$STAFF_WHATSAPP_NUMBER\"\n"));
  config["targets"]["local"] = local;
  config["targets"]["preview"] = remote_target(*preview);
  const auto config_path = write_config(config);

  // The digits a masked staff number hides (kStaff is whatsapp:+6281234567890), the guest.
  const std::vector<std::pair<std::string, std::string>> personal{
      {"staff number", "81234567"},
      {"guest e-mail", "ayu@example.com"},
      {"guest e-mail (form-encoded)", "ayu%40example.com"},
      {"guest phone", "3456 7890"},
      {"guest phone (percent-encoded)", "3456%207890"},
  };
  const auto run_with = [&](const std::string& tag, std::vector<std::string> extra) {
    extra.insert(extra.end(), {"--suite", "delivery", "--suite", "sender", "--verbose", "--log",
                               (dir() / (tag + ".log")).string()});
    auto result = run(config_path, extra, 60s, tag);
    return std::make_pair(result, read_text(dir() / (tag + ".log")));
  };

  // Unmasked: each value is in the output, so the masked run's search below can fail.
  const auto [plain, plain_log] = run_with("plain", {});
  ASSERT_TRUE(plain.finished) << plain.diagnosis();
  EXPECT_EQ(plain.code, 1) << case_table(plain.results) << plain.diagnosis();
  for (const auto& [name, needle] : personal) {
    if (name.find("encoded") == std::string::npos) {
      EXPECT_NE(plain.everything().find(needle), std::string::npos)
          << "a normal run never shows the " << name;
    }
  }
  EXPECT_NE(plain.junit_text.find(std::string("launcher: staff=") + kStaff), std::string::npos)
      << "the local target's output is not attached to its failing check";

  const auto [masked, masked_log] = run_with("masked", {"--mask-pii"});
  ASSERT_TRUE(masked.finished) << masked.diagnosis();
  EXPECT_EQ(masked.code, 1) << case_table(masked.results) << masked.diagnosis();
  // Masking changes what is shown, not what is judged.
  const auto verdicts = [](const json& results) {
    std::vector<std::string> out;
    for (const auto& c : results.value("cases", json::array())) {
      out.push_back(c.value("suite", "") + " " + c.value("target", "") + " " + c.value("name", "") + " " +
                    c.value("outcome", ""));
    }
    return out;
  };
  EXPECT_EQ(verdicts(masked.results), verdicts(plain.results));
  EXPECT_EQ(outcome(masked.results, "delivery", "preview", "contact-form/delivered"), "passed")
      << case_table(masked.results);
  EXPECT_EQ(outcome(masked.results, "sender", "preview", "sender-and-recipient/expected-sender"), "passed")
      << case_table(masked.results);
  expect_none_of(masked.everything() + masked_log, "run --mask-pii", personal);
  // Masked, not dropped: the staff number keeps its country code and last digits, the expected
  // sender (the business's public number) stays readable, the target's output is still attached.
  EXPECT_NE(masked.json_text.find("whatsapp:+62••••••••890"), std::string::npos)
      << masked.json_text.substr(0, 3000);
  EXPECT_NE(masked.json_text.find(kSender), std::string::npos);
  EXPECT_NE(masked.junit_text.find("launcher: staff=whatsapp:+62••••••••890"), std::string::npos)
      << masked.junit_text.substr(0, 4000);
  EXPECT_NE(masked_log.find("To=whatsapp%3A%2B62••••••••890"), std::string::npos)
      << masked_log.substr(0, 3000);
  EXPECT_NE(masked.json_text.find("a••@example.com"), std::string::npos);
  EXPECT_NE(masked.json_text.find("•••• •••• •890"), std::string::npos);
  FORMCHECK_EXPECT_JUNIT_VALID(masked.junit);
}

}  // namespace
}  // namespace formcheck::testing::run_e2e
