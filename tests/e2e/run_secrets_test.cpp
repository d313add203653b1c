// Secrets never leave formcheck: with a known auth token and a --var SECRET_THING placed where
// they could leak (a target URL's user-info, a form header, a local target's environment that
// its launcher echoes, failing checks that attach that output), no byte formcheck writes
// (stdout, stderr, JUnit, JSON) holds them, for `validate`, `run --dry-run` and `run`.
#include "tests/e2e/run_fixture.hpp"

#include "harness/util/secret.hpp"

namespace formcheck::testing::run_e2e {
namespace {

constexpr const char* kSecretThing = "sEcReT-7f3a9c1e-d00d-4b1d";

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
    for (const auto& [name, needle] : needles) {
      const auto at = written.find(needle);
      EXPECT_EQ(at, std::string::npos) << what << " leaks the " << name << ": …"
                                       << written.substr(at == std::string::npos ? 0 : (at > 80 ? at - 80 : 0), 200)
                                       << "…";
    }
  }
};

TEST_F(RunSecrets, NoSecretInAnythingFormcheckWrites) {
  start_emulator();
  auto* preview = start_site({"--fault", "silent-drop"});
  ASSERT_NE(preview, nullptr);
  const int port = free_port();
  // A launcher that prints its secrets, as careless dev servers do; its output is attached to
  // the failing checks (silent-drop makes delivered fail).
  const auto launcher = dir() / "launcher.sh";
  write_text(launcher,
             "#!/bin/sh\n"
             "echo \"launcher: token=$TWILIO_AUTH_TOKEN secret=$SITE_SECRET_THING\"\n"
             "echo \"launcher(stderr): token=$TWILIO_AUTH_TOKEN secret=$SITE_SECRET_THING\" >&2\n"
             "exec \"$@\"\n",
             true);
  std::vector<std::string> command{"/bin/sh", launcher.string()};
  for (const auto& part : site_command(port, {"--fault", "silent-drop"})) {
    command.push_back(part);
  }

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

  // The run: failures carry the launcher's output and the submissions' evidence.
  const auto result = run(config_path, {"--var", var, "--suite", "delivery"}, 60s, "run");
  ASSERT_TRUE(result.finished) << result.diagnosis();
  EXPECT_EQ(result.code, 1) << case_table(result.results) << result.diagnosis();
  EXPECT_EQ(outcome(result.results, "delivery", "local", "contact-form/delivered"), "failed")
      << case_table(result.results);
  EXPECT_EQ(outcome(result.results, "delivery", "preview", "contact-form/accepted"), "passed")
      << "the secret in the URL's user-info should not break the request\n"
      << case_table(result.results);
  expect_absent(result.everything(), "run");
  // The launcher's lines did reach the report, masked: the test saw the leak path, not nothing.
  EXPECT_NE(result.junit_text.find("launcher: token=[REDACTED] secret=[REDACTED]"), std::string::npos)
      << "the local target's output is not attached (masked) to its failing check:\n"
      << result.junit_text.substr(0, 4000);
}

}  // namespace
}  // namespace formcheck::testing::run_e2e
