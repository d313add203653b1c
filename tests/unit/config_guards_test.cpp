// The configuration guards against checking nothing and leaking: keys given twice at any
// depth (with both lines), ambient secrets by variable name (with a length floor), clear-text
// URLs to hosts that are not loopback, and sender checks that a retry cannot make pass.
#include "harness/checks/catalogue.hpp"
#include "harness/config/clear_text_credentials.hpp"
#include "harness/config/duplicate_keys.hpp"
#include "harness/run/attempts.hpp"
#include "harness/util/ambient_secrets.hpp"
#include "harness/util/secret.hpp"

#include <gtest/gtest.h>

namespace formcheck {
namespace {

TEST(DuplicateKeys, FoundAtAnyDepthWithBothLines) {
  const std::string text =
      "{\n"                                                // 1
      "  \"a\": {\"x\": 1, // \"x\": in a comment\n"       // 2
      "         \"x\": 2},\n"                              // 3
      "  \"list\": [{\"k\": 1, \"k\": 2}, {\"k\": 3}],\n"  // 4
      "  /* \"a\": 3 */ \"s\": \"\\\"a\\\": 4\",\n"        // 5
      "  \"\\u0061\": 5,\n"                                // 6
      "}\n";
  const auto found = config::find_duplicate_keys(text);
  ASSERT_EQ(found.size(), 3U);
  EXPECT_EQ(found[0].path, "a.x");
  EXPECT_EQ(found[0].first_line, 2U);
  EXPECT_EQ(found[0].second_line, 3U);
  EXPECT_EQ(found[1].path, "list[0].k");
  EXPECT_EQ(found[1].first_line, 4U);
  EXPECT_EQ(found[2].path, "a");  // "\u0061" is "a"
  EXPECT_EQ(found[2].second_line, 6U);
}

TEST(DuplicateKeys, SameKeyInSiblingObjectsIsFine) {
  EXPECT_TRUE(config::find_duplicate_keys(R"({"t": {"url": 1}, "u": {"url": 2}, "v": [{"a": 1}, {"a": 2}]})")
                  .empty());
}

TEST(AmbientSecrets, NamesBySuffixAndTheWellKnownOnes) {
  for (const char* name :
       {"TWILIO_AUTH_TOKEN", "TWILIO_API_SECRET", "VERCEL_TOKEN", "VERCEL_AUTOMATION_BYPASS_SECRET",
        "GITHUB_TOKEN", "db_password", "STRIPE_API_KEY", "TOKEN"}) {
    EXPECT_TRUE(is_well_known_secret_variable(name)) << name;
  }
  for (const char* name : {"TOKENIZER", "PATH", "TWILIO_ACCOUNT_SID", "API_KEYS_URL", "HOME", "MYTOKEN"}) {
    EXPECT_FALSE(is_well_known_secret_variable(name)) << name;
  }
}

TEST(AmbientSecrets, ShortValuesAreLeftAlone) {
  clear_registered_secrets_for_testing();
  register_secret_variables(
      {{"SHORT_TOKEN", "abc1234"}, {"LONG_TOKEN", "abcdefgh-long"}, {"PLAIN", "abcdefgh-plain"}});
  EXPECT_EQ(redact("abc1234 abcdefgh-long abcdefgh-plain"), "abc1234 [REDACTED] abcdefgh-plain");
  clear_registered_secrets_for_testing();
}

TEST(ClearText, LoopbackIsAllowedEverythingElseOverHttpIsNot) {
  for (const char* url :
       {"http://127.0.0.1:3000", "http://127.1.2.3", "http://localhost:8080/x", "http://[::1]:9/",
        "HTTP://LOCALHOST", "https://example.com", "http://0.0.0.0:3000", "http://user:pw@127.0.0.1:1"}) {
    EXPECT_FALSE(config::is_clear_text_to_another_host(url)) << url;
  }
  for (const char* url : {"http://example.invalid", "http://10.0.0.1:3000", "http://127.0.0.1.example.com",
                          "http://[::2]/", "http://127.0.0.1@evil.example", "http://[::ffff:10.0.0.1]/"}) {
    EXPECT_TRUE(config::is_clear_text_to_another_host(url)) << url;
  }
}

TEST(FlakySender, SenderChecksAreDeliveryClassAndNameTheWrongNumber) {
  for (const char* name : {"sender-and-recipient/expected-sender", "sender-and-recipient/not-sandbox",
                           "sender-and-recipient/recipient-is-staff",
                           "sender-and-recipient[chromium desktop]/expected-sender"}) {
    EXPECT_TRUE(checks::is_delivery_class(name)) << name;
  }
  results::CaseResult first;
  first.name = "sender-and-recipient/expected-sender";
  first.attempt = 1;
  first.outcome = results::Outcome::failed;
  first.message = "sent from whatsapp:+15550001111";
  results::CaseResult second = first;
  second.attempt = 2;
  second.outcome = results::Outcome::passed;
  auto merged = run::merge_attempts({first, second});
  run::fail_flaky_delivery(merged);
  EXPECT_EQ(merged.outcome, results::Outcome::failed);
  EXPECT_NE(merged.message.find("wrong number"), std::string::npos) << merged.message;
  EXPECT_NE(merged.message.find("whatsapp:+15550001111"), std::string::npos) << merged.message;
}

}  // namespace
}  // namespace formcheck
