// When Twilio refuses or cannot be reached, the contact site answers 502/504 with a readable
// error (and Twilio's code when there is one) and never lets a credential out.
#include "tests/e2e/contact_site_fixture.hpp"

namespace formcheck::testing::site_e2e {
namespace {

// Named for ctest -R contact_site.
class contact_site_twilio_errors : public ContactSiteFixture {};

// Neither the token, nor the Account SID, nor the Basic credentials built from them, nor a
// redaction marker (which would mean the test process masked a leak) may show up.
void expect_no_credentials(const std::string& text, const std::string& token = kAuthToken) {
  EXPECT_EQ(text.find(token), std::string::npos) << text;
  EXPECT_EQ(text.find(kAccountSid), std::string::npos) << text;
  EXPECT_EQ(text.find(base64_encode(std::string(kAccountSid) + ":" + token)), std::string::npos) << text;
  EXPECT_EQ(text.find(kRedacted), std::string::npos) << text;
}

TEST_F(contact_site_twilio_errors, AWrongTokenIsA502WithTwilioCode20003AndNoSecrets) {
  const std::string wrong_token = "0badc0de0badc0de0badc0de0badc0de";
  start({}, {{"TWILIO_AUTH_TOKEN", wrong_token}});
  const auto response = post_json(valid_fields());
  EXPECT_EQ(response.status, 502) << response.body;
  const auto body = body_of(response);
  EXPECT_TRUE(body["error"].is_string()) << response.body;
  EXPECT_EQ(body["twilio_code"], 20003) << response.body;
  expect_no_credentials(response.body, wrong_token);
  expect_no_credentials(response.body);
  for (const auto& header : response.headers) {
    expect_no_credentials(header.value, wrong_token);
  }
  EXPECT_TRUE(messages("").empty());
}

TEST_F(contact_site_twilio_errors, AnInvalidRecipientIsA502WithTwilioCode21211) {
  start({"--fault", "recipient=whatsapp:12345"});
  const auto response = post_json(valid_fields());
  EXPECT_EQ(response.status, 502) << response.body;
  EXPECT_EQ(body_of(response)["twilio_code"], 21211) << response.body;
  expect_no_credentials(response.body);
  EXPECT_TRUE(messages("").empty());
}

TEST_F(contact_site_twilio_errors, AnUnreachableTwilioIsA502WithoutCredentials) {
  // A port nothing listens on: start something there, note it, stop it.
  const auto dead_base = [] {
    auto probe = StandIn::start(kEmulator, {"--port", "0"});
    const auto url = probe ? probe->base_url() : std::string("http://127.0.0.1:9");
    if (probe) {
      probe->process().stop();
    }
    return url;
  }();
  start({}, {{"TWILIO_API_BASE", dead_base}});
  const auto response = post_json(valid_fields());
  EXPECT_EQ(response.status, 502) << response.body;
  const auto body = body_of(response);
  EXPECT_TRUE(body["error"].is_string()) << response.body;
  EXPECT_FALSE(body.contains("twilio_code")) << response.body;
  expect_no_credentials(response.body);
}

TEST_F(contact_site_twilio_errors, ATwilioThatDoesNotAnswerInTimeIsA504) {
  start({"--twilio-timeout-ms", "200"});
  set_emulator_faults({{"slow_ms", 1000}});
  const auto started = std::chrono::steady_clock::now();
  const auto response = post_json(valid_fields());
  EXPECT_EQ(response.status, 504) << response.body;
  EXPECT_LT(std::chrono::steady_clock::now() - started, 900ms) << "the site must give up at its own deadline";
  EXPECT_TRUE(body_of(response)["error"].is_string()) << response.body;
  expect_no_credentials(response.body);
}

TEST_F(contact_site_twilio_errors, ATwilioErrorPageWithoutJsonIsA502WithoutCode) {
  start();
  set_emulator_faults({{"error_rate", 1.0}, {"error_status", 503}, {"html_errors", true}});
  const auto response = post_json(valid_fields());
  EXPECT_EQ(response.status, 502) << response.body;
  const auto body = body_of(response);
  EXPECT_TRUE(body["error"].is_string()) << response.body;
  EXPECT_FALSE(body.contains("twilio_code")) << response.body;
  expect_no_credentials(response.body);
}

}  // namespace
}  // namespace formcheck::testing::site_e2e
