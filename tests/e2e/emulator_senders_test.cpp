// Senders v2 (absolute meta URLs, Channel required) and IncomingPhoneNumbers.
#include "tests/e2e/emulator_fixture.hpp"

namespace formcheck::testing::emulator {
namespace {

constexpr const char* k_second = "whatsapp:+15550004444";

class emulator_senders : public ::testing::Test {
 protected:
  void SetUp() override {
    emulator = Emulator::start({"--sender", k_second});
    ASSERT_TRUE(emulator);
  }
  nlohmann::json get_json(const std::string& path) {
    const auto response = emulator->get(path);
    EXPECT_EQ(response.status, 200) << path << ": " << response.body;
    return parse_json(response);
  }
  std::unique_ptr<Emulator> emulator;
};

TEST_F(emulator_senders, ListsCommandLineSendersOnlineWithCompleteProfiles) {
  const auto page = get_json("/v2/Channels/Senders?Channel=whatsapp");
  ASSERT_EQ(page["senders"].size(), 2u);
  for (const auto& sender : page["senders"]) {
    EXPECT_EQ(sender["status"], "ONLINE");
    EXPECT_EQ(sender["sid"].get<std::string>().substr(0, 2), "XE");
    EXPECT_TRUE(sender["profile"]["name"].is_string());
    EXPECT_TRUE(sender["profile"]["logo_url"].is_string());
    EXPECT_TRUE(sender["offline_reasons"].is_null());
    EXPECT_EQ(sender["url"], emulator->base_url() + "/v2/Channels/Senders/" + sender["sid"].get<std::string>());
    EXPECT_NE(sender["sender_id"], k_sandbox);
  }
  EXPECT_EQ(page["meta"]["key"], "senders");
  EXPECT_EQ(page["meta"]["page_size"], 20);
  EXPECT_EQ(page["meta"]["url"].get<std::string>().rfind(emulator->base_url() + "/v2/Channels/Senders?", 0), 0u);
  EXPECT_TRUE(page["meta"]["next_page_url"].is_null());
}

TEST_F(emulator_senders, ChannelIsRequiredAndPagingUsesAbsoluteUrls) {
  expect_twilio_error(emulator->get("/v2/Channels/Senders"), 400, 20001);
  const auto first = get_json("/v2/Channels/Senders?Channel=whatsapp&PageSize=1");
  ASSERT_EQ(first["senders"].size(), 1u);
  const std::string next = first["meta"]["next_page_url"];
  ASSERT_EQ(next.rfind(emulator->base_url(), 0), 0u) << next;
  const auto second = get_json(next.substr(emulator->base_url().size()));
  ASSERT_EQ(second["senders"].size(), 1u);
  EXPECT_NE(second["senders"][0]["sid"], first["senders"][0]["sid"]);
  EXPECT_TRUE(second["meta"]["next_page_url"].is_null());
  EXPECT_TRUE(second["meta"]["previous_page_url"].is_string());
}

TEST_F(emulator_senders, FetchBySid) {
  const auto page = get_json("/v2/Channels/Senders?Channel=whatsapp");
  const std::string sid = page["senders"][0]["sid"];
  EXPECT_EQ(get_json("/v2/Channels/Senders/" + sid), page["senders"][0]);
}

TEST_F(emulator_senders, ScenarioSendersMayBeOfflineWithGapsInTheirProfile) {
  emulator->set_scenario(
      {{"senders",
        {{{"sender_id", k_second},
          {"status", "OFFLINE"},
          {"offline_reasons", {{{"code", "30008"}, {"message", "No delivery"}}}},
          {"profile", {{"name", "Half Done"}}}}}}});
  const auto page = get_json("/v2/Channels/Senders?Channel=whatsapp");
  ASSERT_EQ(page["senders"].size(), 2u);
  const auto& offline = page["senders"][1];
  EXPECT_EQ(offline["sender_id"], k_second);
  EXPECT_EQ(offline["status"], "OFFLINE");
  EXPECT_EQ(offline["offline_reasons"][0]["code"], "30008");
  EXPECT_EQ(offline["profile"]["name"], "Half Done");
  EXPECT_TRUE(offline["profile"].contains("logo_url"));
  EXPECT_TRUE(offline["profile"]["logo_url"].is_null());
  EXPECT_TRUE(offline["profile"]["about"].is_null());
}

TEST_F(emulator_senders, IncomingPhoneNumbersHoldTheSendersNumbersButNotTheSandbox) {
  const std::string path = Emulator::account_path() + "/IncomingPhoneNumbers.json";
  const auto all = get_json(path);
  ASSERT_EQ(all["incoming_phone_numbers"].size(), 2u);
  const auto one = get_json(path + "?PhoneNumber=%2B15550001111");
  ASSERT_EQ(one["incoming_phone_numbers"].size(), 1u);
  const auto& number = one["incoming_phone_numbers"][0];
  EXPECT_EQ(number["phone_number"], "+15550001111");
  EXPECT_EQ(number["sid"].get<std::string>().substr(0, 2), "PN");
  EXPECT_EQ(number["capabilities"]["sms"], true);
  EXPECT_EQ(get_json(path + "?PhoneNumber=%2B1555000****")["incoming_phone_numbers"].size(), 2u);
  EXPECT_EQ(get_json(path + "?PhoneNumber=%2B14155238886")["incoming_phone_numbers"].size(), 0u);
  EXPECT_EQ(get_json(Emulator::account_path() + "/IncomingPhoneNumbers/" + number["sid"].get<std::string>() + ".json"),
            number);
  emulator->set_scenario({{"phone_numbers", {"+15550005555", {{"phone_number", "+15550006666"},
                                                                {"capabilities", {{"sms", false}}}}}}});
  EXPECT_EQ(get_json(path)["incoming_phone_numbers"].size(), 4u);
  const auto no_sms = get_json(path + "?PhoneNumber=%2B15550006666")["incoming_phone_numbers"][0];
  EXPECT_EQ(no_sms["capabilities"]["sms"], false);
}

}  // namespace
}  // namespace formcheck::testing::emulator
