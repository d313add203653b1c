// Basic auth as Twilio takes it: Account SID + token or API key + secret, 401/20003 with a
// WWW-Authenticate challenge otherwise, and the path account checked against the caller.
#include "tests/e2e/emulator_fixture.hpp"

namespace formcheck::testing::emulator {
namespace {

constexpr const char* k_key = "SK0123456789abcdef0123456789abcdef";
constexpr const char* k_key_secret = "key-secret-for-tests";

class emulator_auth : public ::testing::Test {
 protected:
  void SetUp() override {
    emulator = Emulator::start({"--api-key", std::string(k_key) + ":" + k_key_secret});
    ASSERT_TRUE(emulator);
  }
  http::Response get_as(const std::string& user, const std::string& password, const std::string& path) {
    auto request = emulator->request(http::Method::get, path);
    request.auth = http::Auth::basic(user, Secret(password));
    return http::perform(request);
  }
  std::unique_ptr<Emulator> emulator;
};

TEST_F(emulator_auth, AccountSidAndTokenAreAccepted) {
  EXPECT_EQ(get_as(k_account, k_token, Emulator::messages_path()).status, 200);
}

TEST_F(emulator_auth, ApiKeyAndSecretAreAcceptedWithTheAccountInThePath) {
  EXPECT_EQ(get_as(k_key, k_key_secret, Emulator::messages_path()).status, 200);
  EXPECT_EQ(get_as(k_key, k_key_secret, "/v2/Channels/Senders?Channel=whatsapp").status, 200);
}

TEST_F(emulator_auth, WrongCredentialsAre401With20003AndAChallenge) {
  for (const auto& [user, password] : std::vector<std::pair<std::string, std::string>>{
           {k_account, "wrong-token"}, {k_key, "wrong-secret"}, {"ACffffffffffffffffffffffffffffffff", k_token},
           {k_key, k_token}}) {
    const auto response = get_as(user, password, Emulator::messages_path());
    expect_twilio_error(response, 401, 20003);
    EXPECT_EQ(parse_json(response).value("message", ""), "Authenticate");
    EXPECT_EQ(response.header("WWW-Authenticate").value_or(""), "Basic realm=\"Twilio API\"");
  }
}

TEST_F(emulator_auth, MissingOrGarbledAuthorizationIs401) {
  auto request = emulator->request(http::Method::get, Emulator::messages_path());
  request.auth = {};
  expect_twilio_error(http::perform(request), 401, 20003);
  request.headers.push_back({"Authorization", "Basic %%%not-base64%%%"});
  expect_twilio_error(http::perform(request), 401, 20003);
  request.headers.back().value = "Bearer " + std::string(k_token);
  expect_twilio_error(http::perform(request), 401, 20003);
}

TEST_F(emulator_auth, SendersApiNeedsAuthToo) {
  auto request = emulator->request(http::Method::get, "/v2/Channels/Senders?Channel=whatsapp");
  request.auth = {};
  expect_twilio_error(http::perform(request), 401, 20003);
}

TEST_F(emulator_auth, AnotherAccountInThePathIs401AndAMalformedOneIs404) {
  expect_twilio_error(emulator->get("/2010-04-01/Accounts/ACffffffffffffffffffffffffffffffff/Messages.json"), 401,
                      20003);
  // An API key where the account belongs (a classic client bug) is a 404 like at Twilio.
  expect_twilio_error(emulator->get(std::string("/2010-04-01/Accounts/") + k_key + "/Messages.json"), 404, 20404);
}

}  // namespace
}  // namespace formcheck::testing::emulator
