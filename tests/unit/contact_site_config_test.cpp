// The contact site's start-up checks of its environment (fixtures/contact-site/site_config).
#include <gtest/gtest.h>

#include <map>

#include "fixtures/contact-site/site_config.hpp"

namespace formcheck::site {
namespace {

constexpr const char* kToken = "0123456789abcdef0123456789abcdef";

std::map<std::string, std::string> good_env() {
  return {{"TWILIO_ACCOUNT_SID", "AC0123456789abcdef0123456789abcdef"},
          {"TWILIO_AUTH_TOKEN", kToken},
          {"TWILIO_WHATSAPP_NUMBER", "whatsapp:+15551234567"},
          {"STAFF_WHATSAPP_NUMBER", "whatsapp:+6281234567890"}};
}

EnvLookup lookup(const std::map<std::string, std::string>& env) {
  return [env](const std::string& name) -> std::optional<std::string> {
    const auto it = env.find(name);
    return it == env.end() ? std::nullopt : std::optional<std::string>(it->second);
  };
}

TEST(contact_site_config, AcceptsAWellFormedEnvironmentAndDefaultsTheApiBase) {
  const auto config = load_site_config(lookup(good_env()));
  ASSERT_TRUE(config) << config.error();
  EXPECT_EQ(config->account_sid, "AC0123456789abcdef0123456789abcdef");
  EXPECT_EQ(config->auth_token.reveal(), kToken);
  EXPECT_EQ(config->whatsapp_number, "whatsapp:+15551234567");
  EXPECT_EQ(config->staff_number, "whatsapp:+6281234567890");
  EXPECT_EQ(config->api_base, "https://api.twilio.com");
}

TEST(contact_site_config, TakesTheApiBaseWithoutItsTrailingSlash) {
  auto env = good_env();
  env["TWILIO_API_BASE"] = "http://127.0.0.1:8080/";
  const auto config = load_site_config(lookup(env));
  ASSERT_TRUE(config) << config.error();
  EXPECT_EQ(config->api_base, "http://127.0.0.1:8080");
}

struct BadValue {
  const char* variable;
  const char* value;  // nullptr: unset
  const char* expected_fragment;
};

class contact_site_config_refuses : public ::testing::TestWithParam<BadValue> {};

TEST_P(contact_site_config_refuses, WithOneLineNamingTheVariableAndNeverTheToken) {
  const auto& bad = GetParam();
  auto env = good_env();
  if (bad.value == nullptr) {
    env.erase(bad.variable);
  } else {
    env[bad.variable] = bad.value;
  }
  const auto config = load_site_config(lookup(env));
  ASSERT_FALSE(config);
  const auto& error = config.error();
  EXPECT_NE(error.find(bad.variable), std::string::npos) << error;
  EXPECT_NE(error.find(bad.expected_fragment), std::string::npos) << error;
  EXPECT_EQ(error.find('\n'), std::string::npos) << error;
  EXPECT_EQ(error.find(kToken), std::string::npos) << error;
}

INSTANTIATE_TEST_SUITE_P(
    Variables, contact_site_config_refuses,
    ::testing::Values(
        BadValue{"TWILIO_WHATSAPP_NUMBER", "whatsapp:+1 234-567-8900",
                 "TWILIO_WHATSAPP_NUMBER='whatsapp:+1 234-567-8900' is not whatsapp:+E164 (expected e.g. "
                 "whatsapp:+15551234567: the whatsapp: prefix, +, country code, digits only, no spaces or dashes)"},
        BadValue{"TWILIO_WHATSAPP_NUMBER", "+1234567890", "'+1234567890' is not whatsapp:+E164"},
        BadValue{"TWILIO_WHATSAPP_NUMBER", "whatsapp:1234567890", "'whatsapp:1234567890' is not whatsapp:+E164"},
        BadValue{"TWILIO_WHATSAPP_NUMBER", "whatsapp:+15551234567\n", "'whatsapp:+15551234567\\n'"},
        BadValue{"TWILIO_WHATSAPP_NUMBER", nullptr, "is not set"},
        BadValue{"STAFF_WHATSAPP_NUMBER", "whatsapp:+62-812-3456-7890", "is not whatsapp:+E164"},
        BadValue{"STAFF_WHATSAPP_NUMBER", "", "is not set"},
        BadValue{"TWILIO_ACCOUNT_SID", "SK0123456789abcdef0123456789abcdef", "AC followed by 32 hex digits"},
        BadValue{"TWILIO_ACCOUNT_SID", nullptr, "is not set"},
        BadValue{"TWILIO_AUTH_TOKEN", nullptr, "is not set"},
        BadValue{"TWILIO_AUTH_TOKEN", "0123456789abcdef0123456789abcdef\n", "whitespace"},
        BadValue{"TWILIO_API_BASE", "api.twilio.com", "is not an http(s) base URL"},
        BadValue{"TWILIO_API_BASE", "ftp://example.com", "is not an http(s) base URL"}));

TEST(contact_site_config, HidesTheTokenEvenWhenItWasPastedIntoAnotherVariable) {
  auto env = good_env();
  env["STAFF_WHATSAPP_NUMBER"] = kToken;
  const auto config = load_site_config(lookup(env));
  ASSERT_FALSE(config);
  EXPECT_EQ(config.error().find(kToken), std::string::npos) << config.error();
  EXPECT_NE(config.error().find("STAFF_WHATSAPP_NUMBER"), std::string::npos);
}

TEST(contact_site_config, WhatsappAddressRule) {
  EXPECT_TRUE(is_whatsapp_address("whatsapp:+14155238886"));
  EXPECT_TRUE(is_whatsapp_address("whatsapp:+6281234567890"));
  EXPECT_FALSE(is_whatsapp_address("whatsapp:+0123456789"));       // no country code starts with 0
  EXPECT_FALSE(is_whatsapp_address("whatsapp:+1234567890123456"));  // 16 digits: longer than E.164
  EXPECT_FALSE(is_whatsapp_address("WhatsApp:+14155238886"));
  EXPECT_FALSE(is_whatsapp_address("whatsapp:+"));
  EXPECT_FALSE(is_whatsapp_address("whatsapp:+1415523888a"));
}

}  // namespace
}  // namespace formcheck::site
