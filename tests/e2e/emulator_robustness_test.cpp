// Hostile input never crashes or hangs the emulator, and is answered in Twilio's error shape.
#include <random>

#include "tests/e2e/emulator_fixture.hpp"

namespace formcheck::testing::emulator {
namespace {

class emulator_robustness : public ::testing::Test {
 protected:
  void SetUp() override {
    emulator = Emulator::start();
    ASSERT_TRUE(emulator);
  }
  void TearDown() override {
    if (emulator) {
      // Still alive and well after whatever the test threw at it.
      EXPECT_EQ(emulator->get(Emulator::messages_path()).status, 200);
    }
  }
  http::Response raw_post(const std::string& body, const std::string& content_type) {
    auto request = emulator->request(http::Method::post, Emulator::messages_path());
    request.headers.push_back({"Content-Type", content_type});
    request.body = body;
    return http::perform(request);
  }
  std::unique_ptr<Emulator> emulator;
};

constexpr const char* k_form = "application/x-www-form-urlencoded";

TEST_F(emulator_robustness, MalformedPercentEncodingIs400) {
  expect_twilio_error(raw_post("To=%zz&From=whatsapp%3A%2B15550001111&Body=x", k_form), 400, 20001);
  expect_twilio_error(raw_post("To=whatsapp%3A%2B15559990000&Body=50%", k_form), 400, 20001);
  expect_twilio_error(emulator->get(Emulator::messages_path() + "?To=%G1"), 400, 20001);
}

TEST_F(emulator_robustness, BinaryGarbageBodiesAreRefusedCleanly) {
  std::mt19937 rng(42);
  for (int round = 0; round < 20; ++round) {
    std::string body(static_cast<size_t>(1 + rng() % 4096), '\0');
    for (auto& c : body) {
      c = static_cast<char>(rng() & 0xFF);
    }
    const auto response = raw_post(body, round % 2 == 0 ? k_form : "application/octet-stream");
    ASSERT_TRUE(response.transport_ok()) << response.error->message;
    EXPECT_GE(response.status, 400);
    EXPECT_LT(response.status, 500);
    EXPECT_TRUE(parse_json(response).contains("code")) << response.body;
  }
}

TEST_F(emulator_robustness, InvalidUtf8IsStoredAndServedAsValidJson) {
  const auto response = raw_post("To=whatsapp%3A%2B15559990000&From=whatsapp%3A%2B15550001111&Body=%FF%FEok%C3", k_form);
  ASSERT_EQ(response.status, 201) << response.body;
  const auto message = parse_json(response);
  EXPECT_TRUE(message["body"].is_string());
  EXPECT_EQ(emulator->get(Emulator::message_path(message["sid"])).status, 200);
}

TEST_F(emulator_robustness, HugeBodiesAre413AndTheConnectionSurvives) {
  const std::string huge = "To=whatsapp%3A%2B15559990000&From=whatsapp%3A%2B15550001111&Body=" +
                           std::string(3u << 20, 'a');
  expect_twilio_error(raw_post(huge, k_form), 413, 20001);
  // A body of 2,000 characters is well under the byte limit but over Twilio's 1,600.
  expect_twilio_error(raw_post("To=whatsapp%3A%2B15559990000&From=whatsapp%3A%2B15550001111&Body=" +
                                   std::string(2000, 'a'),
                               k_form),
                      400, 21617);
}

TEST_F(emulator_robustness, MultipartBodiesCarryNoParameters) {
  const std::string boundary = "XyZ";
  const std::string body = "--XyZ\r\nContent-Disposition: form-data; name=\"To\"\r\n\r\nwhatsapp:+15559990000\r\n--XyZ--\r\n";
  expect_twilio_error(raw_post(body, "multipart/form-data; boundary=" + boundary), 400, 21604);
  const auto no_boundary = raw_post(body, "multipart/form-data");
  EXPECT_EQ(no_boundary.status, 400);
  EXPECT_TRUE(parse_json(no_boundary).contains("code"));
}

TEST_F(emulator_robustness, BadPathsAndSidsAre404) {
  expect_twilio_error(emulator->get("/2010-04-01/Accounts/" + std::string(k_account) + "/Messages"), 404, 20404);
  expect_twilio_error(emulator->get("/"), 404, 20404);
  expect_twilio_error(emulator->get("/v2/Channels/Senders/XEnope"), 404, 20404);
  expect_twilio_error(emulator->get("/v2/Channels/Senders/XE0123456789abcdef0123456789abcdef"), 404, 20404);
  expect_twilio_error(emulator->get(Emulator::account_path() + "/IncomingPhoneNumbers/PN1.json"), 404, 20404);
  expect_twilio_error(emulator->get("/%00%ff/../.."), 404, 20404);
}

TEST_F(emulator_robustness, OversizedUrlsAreRefusedInTwilioShape) {
  const auto response = emulator->get(Emulator::messages_path() + "?To=" + std::string(20000, 'a'));
  EXPECT_GE(response.status, 400);
  EXPECT_TRUE(parse_json(response).contains("code")) << response.body;
}

TEST_F(emulator_robustness, WrongMethodsAre405) {
  auto del_list = emulator->request(http::Method::del, Emulator::messages_path());
  expect_twilio_error(http::perform(del_list), 405, 20004);
  auto del = emulator->request(http::Method::del, "/v2/Channels/Senders");
  expect_twilio_error(http::perform(del), 405, 20004);
}

}  // namespace
}  // namespace formcheck::testing::emulator
