#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "harness/config/config.hpp"
#include "harness/config/whatsapp_address.hpp"

namespace formcheck::config {
namespace {

LoadOptions options_with(std::map<std::string, std::string> env = {}) {
  LoadOptions o;
  o.environment = std::move(env);
  return o;
}

const char* kValid = R"({
  // comments are allowed
  "twilio": {
    "account_sid": "${TWILIO_ACCOUNT_SID}",
    "auth_token": "${TWILIO_AUTH_TOKEN}",
    "api_base": "http://127.0.0.1:9999",
    "staff": "${STAFF_WHATSAPP_NUMBER}"
  },
  "expect": { "sender": "${TWILIO_WHATSAPP_NUMBER}", "latency_s": 30, "forbid_sandbox": true },
  "form": { "path": "/api/contact", "encoding": "json",
            "fields": { "name": "Ayu Lestari", "email": "ayu@example.com", "message": "Hello" },
            "token_field": "message" },
  "targets": {
    "local": { "url": "http://127.0.0.1:3000/",
               "start": { "command": ["npm", "run", "dev"], "cwd": "../site", "ready": "/", "timeout_s": 90 } },
    "preview": { "url": "${PREVIEW_URL}" },
    "production": { "url": "https://example-surf-camp.com", "expect": { "latency_s": 20 } }
  }
})";

std::map<std::string, std::string> good_env() {
  return {{"TWILIO_ACCOUNT_SID", "AC0123456789abcdef0123456789abcdef"},
          {"TWILIO_AUTH_TOKEN", "fedcba9876543210fedcba9876543210"},
          {"STAFF_WHATSAPP_NUMBER", "whatsapp:+6281234567890"},
          {"TWILIO_WHATSAPP_NUMBER", "whatsapp:+15557654321"},
          {"PREVIEW_URL", "https://preview.example.com"}};
}

std::string all_problems(const Problems& problems) {
  std::string text;
  for (const auto& p : problems) {
    text += p.to_string() + "\n";
  }
  return text;
}

TEST(Config, DesignSketchLoadsWithEveryKey) {
  const auto config = parse_config(kValid, "/etc/fc/formcheck.json", options_with(good_env()));
  ASSERT_TRUE(config) << all_problems(config.error());
  EXPECT_EQ(config->twilio.staff, "whatsapp:+6281234567890");
  EXPECT_EQ(config->twilio.auth_token.reveal(), "fedcba9876543210fedcba9876543210");
  EXPECT_EQ(config->twilio.messaging_base, "http://127.0.0.1:9999");  // follows a non-Twilio api_base
  ASSERT_EQ(config->targets.size(), 3u);
  EXPECT_EQ(config->targets[0].name, "local");
  EXPECT_EQ(config->targets[0].url, "http://127.0.0.1:3000");
  ASSERT_TRUE(config->targets[0].start);
  EXPECT_EQ(config->targets[0].start->cwd, std::filesystem::path("/etc/site"));
  EXPECT_FALSE(config->targets[0].max_messages);
  EXPECT_TRUE(config->targets[2].production);
  EXPECT_EQ(config->targets[2].max_messages, 6);
  EXPECT_EQ(config->targets[2].expect.latency_s, 20);
  EXPECT_EQ(config->targets[2].expect.sender, "whatsapp:+15557654321");
}

TEST(Config, EveryProblemIsReportedAtOnce) {
  auto env = good_env();
  env.erase("PREVIEW_URL");
  env["STAFF_WHATSAPP_NUMBER"] = "whatsapp:+62 812-3456-7890";
  env["TWILIO_WHATSAPP_NUMBER"] = "+15557654321";
  std::string text = kValid;
  text.replace(text.find("\"latency_s\": 30"), 15, "\"latency_s\": \"soon\"");
  text.replace(text.find("\"forbid_sandbox\""), 16, "\"forbid_sandbx\"");
  const auto config = parse_config(text, "formcheck.json", options_with(env));
  ASSERT_FALSE(config);
  const auto problems = all_problems(config.error());
  EXPECT_NE(problems.find("formcheck.json: targets.preview.url: ${PREVIEW_URL} is not set"), std::string::npos)
      << problems;
  EXPECT_NE(problems.find("twilio.staff: 'whatsapp:+62 812-3456-7890' has spaces, dashes or brackets (fix: write it "
                          "as whatsapp:+6281234567890"),
            std::string::npos)
      << problems;
  EXPECT_NE(problems.find("expect.sender: '+15557654321' lacks the whatsapp: prefix"), std::string::npos) << problems;
  EXPECT_NE(problems.find("expect.latency_s: 'soon' is not a number"), std::string::npos) << problems;
  EXPECT_NE(problems.find("expect.forbid_sandbx: is not a known key (fix: did you mean 'forbid_sandbox'?)"),
            std::string::npos)
      << problems;
}

TEST(Config, SecretsAreRedactedFromProblems) {
  auto env = good_env();
  env["TWILIO_AUTH_TOKEN"] = "tok-9f8e7d6c5b4a";
  std::string text = kValid;
  text.replace(text.find("\"${TWILIO_ACCOUNT_SID}\""), 23, "\"${TWILIO_AUTH_TOKEN}\"");
  const auto config = parse_config(text, "formcheck.json", options_with(env));
  ASSERT_FALSE(config);
  const auto problems = all_problems(config.error());
  EXPECT_EQ(problems.find("tok-9f8e7d6c5b4a"), std::string::npos) << problems;
  EXPECT_NE(problems.find("twilio.account_sid"), std::string::npos) << problems;
}

TEST(Config, SyntaxErrorsNameLineAndColumn) {
  const auto config = parse_config("{\n  \"twilio\": {,\n}", "bad.json", options_with());
  ASSERT_FALSE(config);
  ASSERT_EQ(config.error().size(), 1u);
  EXPECT_NE(config.error()[0].to_string().find("bad.json: line 2, column"), std::string::npos)
      << config.error()[0].to_string();
}

TEST(Config, AuditAndMonitorNeedOnlyTwilioAndExpect) {
  const char* minimal = R"({"twilio": {"account_sid": "AC0123456789abcdef0123456789abcdef", "auth_token": "x1234",
                             "staff": "whatsapp:+6281234567890"},
                            "expect": {"sender": "whatsapp:+15557654321"}})";
  LoadOptions o;
  o.purpose = Purpose::monitor;
  EXPECT_TRUE(parse_config(minimal, "m.json", o));
  o.purpose = Purpose::run;
  const auto for_run = parse_config(minimal, "m.json", o);
  ASSERT_FALSE(for_run);
  const auto problems = all_problems(for_run.error());
  EXPECT_NE(problems.find("form: is missing"), std::string::npos) << problems;
  EXPECT_NE(problems.find("targets: is missing"), std::string::npos) << problems;
}

TEST(Config, VarsBeatEnvironmentWhichBeatsEnvFiles) {
  const auto dir = std::filesystem::temp_directory_path() / ("formcheck-config-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / ".env.test") << "PREVIEW_URL=https://from-file.example\nTWILIO_ACCOUNT_SID=ACnotused\n";
  auto env = good_env();
  env.erase("PREVIEW_URL");
  LoadOptions o = options_with(env);
  o.env_files = {dir / ".env.test"};
  auto config = parse_config(kValid, "formcheck.json", o);
  ASSERT_TRUE(config) << all_problems(config.error());
  EXPECT_EQ(config->targets[1].url, "https://from-file.example");
  EXPECT_EQ(config->twilio.account_sid, "AC0123456789abcdef0123456789abcdef");
  o.vars = {{"PREVIEW_URL", "https://from-var.example"}};
  config = parse_config(kValid, "formcheck.json", o);
  ASSERT_TRUE(config);
  EXPECT_EQ(config->targets[1].url, "https://from-var.example");
  std::filesystem::remove_all(dir);
}

TEST(WhatsappAddress, NamesWhatIsWrong) {
  EXPECT_FALSE(whatsapp_address_problem("whatsapp:+14155238886"));
  EXPECT_EQ(whatsapp_address_problem("+1234567890"), "lacks the whatsapp: prefix");
  EXPECT_EQ(whatsapp_address_problem("whatsapp:1234567890"), "lacks the + before the country code");
  EXPECT_EQ(whatsapp_address_problem("whatsapp:+1 234-567-8900"), "has spaces, dashes or brackets");
  EXPECT_EQ(whatsapp_address_problem("sms:+1234567890"), "has a channel prefix other than whatsapp:");
  EXPECT_EQ(whatsapp_address_problem("whatsapp:+123"), "has 3 digits (E.164 allows 8 to 15)");
  EXPECT_EQ(suggest_whatsapp_address("whatsapp:+1 234-567-8900"), "whatsapp:+12345678900");
  EXPECT_EQ(suggest_whatsapp_address("+62 812 3456 7890"), "whatsapp:+6281234567890");
  EXPECT_EQ(suggest_whatsapp_address("call me"), "");
}

}  // namespace
}  // namespace formcheck::config

namespace formcheck::config {
namespace {

// Found by fuzz_config: nlohmann throws out_of_range (not parse_error) for a number too
// large for a double, which used to escape and abort formcheck.
TEST(Config, RetriesDefaultToNoneAndAreBounded) {
  const auto plain = parse_config(kValid, "formcheck.json", options_with(good_env()));
  ASSERT_TRUE(plain) << all_problems(plain.error());
  EXPECT_EQ(plain->retries, 0);

  std::string text = kValid;
  text.insert(text.rfind('}'), R"(, "retries": 2)");
  const auto two = parse_config(text, "formcheck.json", options_with(good_env()));
  ASSERT_TRUE(two) << all_problems(two.error()) << text;
  EXPECT_EQ(two->retries, 2);

  std::string too_many = kValid;
  too_many.insert(too_many.rfind('}'), R"(, "retries": 50)");
  const auto refused = parse_config(too_many, "formcheck.json", options_with(good_env()));
  ASSERT_FALSE(refused);
  const auto problems = all_problems(refused.error());
  EXPECT_NE(problems.find("retries"), std::string::npos) << problems;
}

TEST(Config, AnOversizedNumberIsAProblemNotACrash) {
  const auto config = parse_config(R"({"expect": {"latency_s": 1e99999}})", "big.json", LoadOptions{});
  ASSERT_FALSE(config);
  EXPECT_NE(config.error()[0].to_string().find("big.json: is not valid JSON"), std::string::npos)
      << config.error()[0].to_string();
}

}  // namespace
}  // namespace formcheck::config

namespace formcheck::config {
namespace {

// A missing ca_file is said by `validate`, not found mid-run as a TLS error that reads like an
// untrusted certificate.
TEST(Config, CaFileMustBeAFileRelativeToTheConfig) {
  const auto dir = std::filesystem::temp_directory_path() / ("formcheck-ca-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "staging-ca.pem") << "-----BEGIN CERTIFICATE-----\n";
  auto with_ca = [](const std::string& ca) {
    std::string text = kValid;
    const std::string production = R"("production": { )";
    text.insert(text.find(production) + production.size(), R"("ca_file": ")" + ca + R"(", )");
    return text;
  };
  const auto good = parse_config(with_ca("staging-ca.pem"), dir / "formcheck.json", options_with(good_env()));
  ASSERT_TRUE(good) << all_problems(good.error());
  EXPECT_EQ(good->find_target("production")->ca_file, dir / "staging-ca.pem");

  const auto bad = parse_config(with_ca("missing-ca.pem"), dir / "formcheck.json", options_with(good_env()));
  ASSERT_FALSE(bad);
  const auto text = all_problems(bad.error());
  EXPECT_NE(text.find("targets.production.ca_file: " + (dir / "missing-ca.pem").string() + " is not a file"),
            std::string::npos)
      << text;
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace formcheck::config
