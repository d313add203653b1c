// The audit's pure rules: value formats, real-looking secrets in .env.example, where a key is
// defined, sender status explanations, scopes and check names.
#include <gtest/gtest.h>

#include "harness/checks/audit.hpp"
#include "harness/checks/audit_dotenv.hpp"
#include "harness/checks/audit_twilio.hpp"
#include "harness/checks/audit_vercel.hpp"

namespace formcheck::checks::audit {
namespace {

TEST(AuditRules, AccountSidFormat) {
  struct Row {
    const char* value;
    bool ok;
    const char* words;
  };
  for (const auto& row : {Row{"ACf0c4ec4f0c4ec4f0c4ec4f0c4ec4f0c4", true, ""},
                          Row{"", false, "empty"},
                          Row{"SKf0c4ec4f0c4ec4f0c4ec4f0c4ec4f0c4", false, "API key"},
                          Row{"ac0123", false, "AC"},
                          Row{"ACf0c4ec4f0c4ec4f0c4ec4f0c4ec4f0c", false, "32 hex"},
                          Row{"ACg0c4ec4f0c4ec4f0c4ec4f0c4ec4f0c4", false, "32 hex"}}) {
    const auto problem = account_sid_problem(row.value);
    EXPECT_EQ(!problem.has_value(), row.ok) << row.value;
    if (problem) {
      EXPECT_NE(problem->find(row.words), std::string::npos) << *problem;
    }
  }
}

TEST(AuditRules, AuthTokenFormat) {
  EXPECT_FALSE(auth_token_problem("5ec2e75ec2e75ec2e75ec2e75ec2e700"));
  EXPECT_TRUE(auth_token_problem(""));
  EXPECT_TRUE(auth_token_problem("5ec2e75ec2e7"));  // cut at a # in an unquoted value
  EXPECT_TRUE(auth_token_problem("5ec2e75ec2e75ec2e75ec2e75ec2e70z"));
  EXPECT_TRUE(auth_token_problem("5ec2e75ec2e75ec2 75ec2e75ec2e700"));
  // The problem text never contains the value.
  const auto p = auth_token_problem("5ec2e75ec2e75ec2e75ec2e75ec2e7001");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->find("5ec2e7"), std::string::npos);
}

TEST(AuditRules, RealLookingSecretsVersusPlaceholders) {
  struct Row {
    const char* key;
    const char* value;
    bool real;
  };
  for (const auto& row : {Row{"TWILIO_AUTH_TOKEN", "5ec2e75ec2e75ec2e75ec2e75ec2e700", true},
                          Row{"TWILIO_ACCOUNT_SID", "AC0123456789abcdef0123456789abcdef", true},
                          Row{"TWILIO_ACCOUNT_SID", "AC...", false},
                          Row{"TWILIO_ACCOUNT_SID", "ACxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", false},
                          Row{"TWILIO_AUTH_TOKEN", "00000000000000000000000000000000", false},
                          Row{"TWILIO_AUTH_TOKEN", "your_auth_token", false},
                          Row{"TWILIO_AUTH_TOKEN", "", false},
                          Row{"TWILIO_AUTH_TOKEN", "<paste the token from the console>", false},
                          Row{"VERCEL_TOKEN", "Zq8vR2mT9pLx4Kd7Nw3Yb", true},
                          Row{"VERCEL_TOKEN", "replace-me-with-your-token", false},
                          Row{"TWILIO_WHATSAPP_NUMBER", "whatsapp:+15551234567", false},
                          Row{"NEXT_PUBLIC_SITE_NAME", "Sumba Sunset Surf Camp Website", false}}) {
    EXPECT_EQ(looks_like_real_secret(row.key, row.value), row.real) << row.key << "=" << row.value;
  }
}

TEST(AuditRules, DefinitionLineIsTheLastDefinition) {
  const std::string text = "# comment\nA=1\nexport TWILIO_WHATSAPP_NUMBER=x\n  B : 2\nA=3\nAB=4\n";
  EXPECT_EQ(definition_line(text, "A"), 5);
  EXPECT_EQ(definition_line(text, "TWILIO_WHATSAPP_NUMBER"), 3);
  EXPECT_EQ(definition_line(text, "B"), 4);
  EXPECT_EQ(definition_line(text, "AB"), 6);
  EXPECT_FALSE(definition_line(text, "C"));
  EXPECT_EQ(definition_line("A=1\r\nB=2\r\n", "B"), 2);
}

twilio::Sender sender_with(std::string status, std::vector<twilio::OfflineReason> reasons = {}) {
  twilio::Sender s;
  s.sid = "XE0123456789abcdef0123456789abcdef";
  s.sender_id = "whatsapp:+15557654321";
  s.status = std::move(status);
  s.offline_reasons = std::move(reasons);
  return s;
}

TEST(AuditSenderStatus, EveryStatusIsExplained) {
  struct Row {
    const char* status;
    bool sends;
    const char* words;
  };
  for (const auto& row : {Row{"ONLINE", true, "able to send"}, Row{"ONLINE:UPDATING", true, "sending"},
                          Row{"PENDING_VERIFICATION", false, "verification code"},
                          Row{"VERIFYING", false, "being checked"}, Row{"CREATING", false, "being created"},
                          Row{"TWILIO_REVIEW", false, "reviewing"}, Row{"DRAFT", false, "never submitted"},
                          Row{"STUBBED", false, "not registered"}, Row{"OFFLINE", false, "cannot send"},
                          Row{"SOMETHING_NEW", false, "not a status formcheck knows"}}) {
    const auto e = explain_sender_status(sender_with(row.status));
    EXPECT_EQ(e.sends, row.sends) << row.status;
    EXPECT_NE(e.meaning.find(row.words), std::string::npos) << row.status << ": " << e.meaning;
    EXPECT_EQ(e.fix.empty(), row.sends) << row.status << " needs a fix exactly when it cannot send";
  }
}

TEST(AuditSenderStatus, OfflineReasonsAreListedWithTheCatalogue) {
  const auto e = explain_sender_status(
      sender_with("OFFLINE", {{"30008", "No delivery", ""}, {"99999", "Display name rejected", ""}}));
  EXPECT_NE(e.meaning.find("30008 No delivery"), std::string::npos) << e.meaning;
  EXPECT_NE(e.meaning.find("99999 Display name rejected"), std::string::npos) << e.meaning;
  EXPECT_NE(e.meaning.find("—"), std::string::npos) << "30008 is in the catalogue: " << e.meaning;
  EXPECT_NE(explain_sender_status(sender_with("OFFLINE")).meaning.find("no reason"), std::string::npos);
}

TEST(AuditSenderStatus, Verticals) {
  EXPECT_TRUE(is_known_vertical("Travel and Transportation"));
  EXPECT_TRUE(is_known_vertical("Hotel and Lodging"));
  EXPECT_FALSE(is_known_vertical("Surfing"));
  EXPECT_FALSE(is_known_vertical(""));
}

TEST(AuditScope, TargetsMapToModesAndEnvironments) {
  const auto all = scope_named("all");
  ASSERT_TRUE(all);
  EXPECT_EQ(all->modes, (std::vector<std::string>{"development", "production"}));
  EXPECT_EQ(all->environments, (std::vector<std::string>{"production", "preview", "development"}));
  EXPECT_EQ(scope_named("preview")->modes, std::vector<std::string>{"production"});
  EXPECT_EQ(scope_named("preview")->environments, std::vector<std::string>{"preview"});
  EXPECT_EQ(scope_named("local")->modes, std::vector<std::string>{"development"});
  EXPECT_FALSE(scope_named("staging"));

  config::TargetSettings local;
  local.name = "local";
  local.start = config::StartSettings{};
  config::TargetSettings production;
  production.name = "prod";
  production.production = true;
  config::TargetSettings preview;
  preview.name = "pr-42";
  EXPECT_EQ(scope_for_target(local).environments, std::vector<std::string>{"development"});
  EXPECT_EQ(scope_for_target(production).environments, std::vector<std::string>{"production"});
  EXPECT_EQ(scope_for_target(preview).environments, std::vector<std::string>{"preview"});
  EXPECT_EQ(scope_for_target(preview).name, "pr-42");
}

TEST(AuditScope, EveryScopesChecksAreInScopeAll) {
  const auto all = check_names(*scope_named("all"));
  // dotenv dev, dotenv prod (+not-sandbox), files, vercel, twilio, two-way (window, webhook)
  EXPECT_EQ(all.size(), 5u + 4u + 3u + 4u + 7u + 2u);
  for (const char* name : {"production", "preview", "development"}) {
    for (const auto& check : check_names(*scope_named(name))) {
      EXPECT_NE(std::find(all.begin(), all.end(), check), all.end()) << name << ": " << check;
    }
  }
}

TEST(AuditScope, MissingSectionsSkipWithTheKeyToSet) {
  config::ExpectSettings expect;
  for (const auto& r : audit_dotenv(std::nullopt, {"development"}, expect)) {
    EXPECT_EQ(r.outcome, results::Outcome::skipped) << r.name;
    EXPECT_NE(r.message.find("audit.dotenv_dir"), std::string::npos) << r.message;
  }
  for (const auto& r : audit_vercel(std::nullopt, {"production"}, expect)) {
    EXPECT_EQ(r.outcome, results::Outcome::skipped) << r.name;
    EXPECT_NE(r.message.find("audit.vercel"), std::string::npos) << r.message;
  }
  VercelSettings no_token;
  no_token.project = "site";
  no_token.token_missing_reason = "audit.vercel.token uses ${VERCEL_TOKEN}, which is not set";
  for (const auto& r : audit_vercel(no_token, {"production"}, expect)) {
    EXPECT_EQ(r.outcome, results::Outcome::skipped) << r.name;
    EXPECT_NE(r.message.find("VERCEL_TOKEN"), std::string::npos) << r.message;
  }
}

TEST(AuditScope, FixIsOnTheSameLine) {
  const auto r = make_result("x", results::Outcome::failed, "it is wrong", "do this");
  EXPECT_EQ(r.message, "it is wrong — fix: do this");
  EXPECT_EQ(r.message.find('\n'), std::string::npos);
}

}  // namespace
}  // namespace formcheck::checks::audit
