// A command resolves only the targets it uses: the rollback job's `--target production` and
// `audit` must not need a preview's ${PREVIEW_URL}; `validate` without --target checks all.
#include "harness/config/config.hpp"

#include <gtest/gtest.h>

namespace formcheck::config {
namespace {

const char* kThreeTargets = R"({
  "twilio": { "account_sid": "AC0123456789abcdef0123456789abcdef", "auth_token": "0123456789abcdef0123456789abcdef",
              "api_base": "http://127.0.0.1:9999", "staff": "whatsapp:+6281234567890" },
  "expect": { "sender": "whatsapp:+15557654321" },
  "form": { "path": "/api/contact", "fields": { "message": "Hello" }, "token_field": "message" },
  "targets": {
    "local": { "url": "http://127.0.0.1:3000", "start": { "command": ["npm", "run", "dev"] } },
    "preview": { "url": "${PREVIEW_URL}" },
    "production": { "url": "https://example-surf-camp.com" }
  }
})";

std::string problems_text(const Problems& problems) {
  std::string text;
  for (const auto& p : problems) {
    text += p.to_string() + "\n";
  }
  return text;
}

LoadOptions for_targets(std::vector<std::string> targets, Purpose purpose = Purpose::run) {
  LoadOptions o;
  o.purpose = purpose;
  o.targets = std::move(targets);
  return o;
}

TEST(ConfigTargetSelection, EveryTargetIsCheckedWhenNoneIsSelected) {
  for (const auto& selection : {std::vector<std::string>{}, std::vector<std::string>{"all"}}) {
    const auto config = parse_config(kThreeTargets, "formcheck.json", for_targets(selection));
    ASSERT_FALSE(config);
    const auto text = problems_text(config.error());
    EXPECT_NE(text.find("targets.preview.url: ${PREVIEW_URL} is not set"), std::string::npos) << text;
  }
}

TEST(ConfigTargetSelection, AnUnselectedTargetsVariablesAreNotNeeded) {
  const auto config = parse_config(kThreeTargets, "formcheck.json", for_targets({"production"}));
  ASSERT_TRUE(config) << problems_text(config.error());
  // Its name stays known (for --target's own error), though it is never planned.
  ASSERT_NE(config->find_target("production"), nullptr);
  EXPECT_EQ(config->find_target("production")->url, "https://example-surf-camp.com");
  EXPECT_NE(config->find_target("preview"), nullptr);
}

TEST(ConfigTargetSelection, ASelectedTargetsVariablesAreStillRequired) {
  const auto config = parse_config(kThreeTargets, "formcheck.json", for_targets({"production", "preview"}));
  ASSERT_FALSE(config);
  EXPECT_NE(problems_text(config.error()).find("targets.preview.url"), std::string::npos);
}

TEST(ConfigTargetSelection, AuditNeedsNoTargetsVariables) {
  EXPECT_TRUE(parse_config(kThreeTargets, "formcheck.json", for_targets({}, Purpose::audit)));
}

TEST(ConfigTargetSelection, ALocalTargetIsReadyWhenTheFormsRouteAnswers) {
  const auto config = parse_config(kThreeTargets, "formcheck.json", for_targets({"local"}));
  ASSERT_TRUE(config) << problems_text(config.error());
  ASSERT_TRUE(config->find_target("local")->start);
  EXPECT_EQ(config->find_target("local")->start->ready, "/api/contact");
}

}  // namespace
}  // namespace formcheck::config
