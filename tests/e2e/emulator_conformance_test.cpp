// Everything the emulator answers, held against Twilio's own OpenAPI specs
// (../shared/twilio-oai): Messages in every state, the list envelopes, Senders, the Senders
// envelope and IncomingPhoneNumbers. Strict: all schema properties present, no others, and
// every value of the schema's type.
#include <filesystem>
#include <fstream>

#include "tests/e2e/emulator_fixture.hpp"
#include "tests/e2e/emulator_schema_checker.hpp"

namespace formcheck::testing::emulator {
namespace {

const char* const k_list_messages =
    "/paths/~12010-04-01~1Accounts~1{AccountSid}~1Messages.json/get/responses/200/content/application~1json/schema";
const char* const k_list_numbers =
    "/paths/~12010-04-01~1Accounts~1{AccountSid}~1IncomingPhoneNumbers.json/get/responses/200/content/"
    "application~1json/schema";
const char* const k_list_senders = "/paths/~1v2~1Channels~1Senders/get/responses/200/content/application~1json/schema";

std::optional<nlohmann::json> load_spec(const std::string& name) {
  const auto path = std::filesystem::path(shared_dir()) / "twilio-oai" / name;
  std::ifstream in(path);
  if (!in) {
    return std::nullopt;
  }
  return nlohmann::json::parse(in);
}

std::string joined(const std::vector<std::string>& problems) {
  std::string out;
  for (const auto& p : problems) {
    out += "\n  " + p;
  }
  return out;
}

class emulator_conformance : public ::testing::Test {
 protected:
  void SetUp() override {
    auto api = load_spec("api_v2010.json");
    auto messaging = load_spec("messaging_v2.json");
    if (!api || !messaging) {
      GTEST_SKIP() << "Twilio OpenAPI specs not found under " << shared_dir()
                   << "/twilio-oai (api_v2010.json, messaging_v2.json): conformance not checked";
    }
    api_spec = std::make_unique<SchemaChecker>(std::move(*api));
    messaging_spec = std::make_unique<SchemaChecker>(std::move(*messaging));
    // Real WhatsApp senders carry profile.description (it is in the spec's own whatsapp_fetch
    // example) though the response schema leaves it out.
    messaging_spec->allow_extra(".profile.description");

    emulator = Emulator::start({"--sender", "whatsapp:+15550004444"}, 200);
    ASSERT_TRUE(emulator);
    emulator->set_scenario(
        {{"sandbox_joined", {"whatsapp:+15559990005"}},
         {"outside_window", {"whatsapp:+15559990006"}},
         {"failures", {{"whatsapp:+15559990001", 30008}, {"whatsapp:+15559990002", 63024}}},
         {"read_after_ms", 100},
         {"readers", {"whatsapp:+15559990003"}},
         {"phone_numbers", {"+15550005555"}},
         {"senders",
          {{{"sender_id", "whatsapp:+15550004444"},
            {"status", "OFFLINE"},
            {"offline_reasons", {{{"code", "30008"}, {"message", "No delivery"}}}},
            {"profile", {{"name", "Partial"}, {"websites", nlohmann::json::array()}}}},
           {{"sender_id", "whatsapp:+15550007777"}, {"status", "PENDING_VERIFICATION"}}}}});
  }

  void expect_conforms(const SchemaChecker& checker, const nlohmann::json& value, const nlohmann::json& schema,
                       const std::string& what) {
    const auto problems = checker.check(value, schema);
    EXPECT_TRUE(problems.empty()) << what << " does not conform:" << joined(problems) << "\n" << value.dump(1);
  }

  std::unique_ptr<SchemaChecker> api_spec;
  std::unique_ptr<SchemaChecker> messaging_spec;
  std::unique_ptr<Emulator> emulator;
};

TEST_F(emulator_conformance, MessagesInEveryStateAndTheirListEnvelope) {
  const auto& message_schema = api_spec->component("api.v2010.account.message");
  std::vector<nlohmann::json> created;
  created.push_back(emulator->create(k_staff));                                // delivered
  created.push_back(emulator->create("whatsapp:+15559990001"));                // undelivered 30008
  created.push_back(emulator->create("whatsapp:+15559990002"));                // failed 63024
  created.push_back(emulator->create("whatsapp:+15559990003"));                // read
  created.push_back(emulator->create("whatsapp:+15559990004", k_sandbox));     // failed 63015
  created.push_back(emulator->create("whatsapp:+15559990005", k_sandbox));     // sandbox, joined
  created.push_back(emulator->create("whatsapp:+15559990006"));                // failed 63016
  created.push_back(emulator->create("+15559990007", "+15550001111", "sms"));  // SMS
  created.push_back(emulator->create(k_staff, k_sender, "with media", {{"MediaUrl", "https://example.com/a.png"}}));
  const auto via_service = emulator->post_form(
      Emulator::messages_path(),
      {{"To", k_staff}, {"MessagingServiceSid", "MG0123456789abcdef0123456789abcdef"}, {"Body", "service"}});
  ASSERT_EQ(via_service.status, 201) << via_service.body;
  created.push_back(parse_json(via_service));
  emulator->control_json(http::Method::post, "messages",
                         {{{"to", k_staff}, {"from", k_sender}, {"status", "failed"}, {"error_code", 63016},
                           {"date_created", "2024-01-01T10:00:00Z"}, {"date_sent", nullptr}}});

  for (const auto& message : created) {
    expect_conforms(*api_spec, message, message_schema, "create answer " + message.value("sid", "?"));
  }
  // Fetch every one in its final state (the plan ends within ~delay + read delay).
  for (const auto& message : created) {
    const std::string sid = message["sid"];
    nlohmann::json final;
    ASSERT_TRUE(wait_until(
        [&] {
          final = emulator->fetch(sid);
          const std::string status = final.value("status", "");
          return status == "delivered" || status == "failed" || status == "undelivered" || status == "read";
        },
        std::chrono::seconds(5)));
    expect_conforms(*api_spec, final, message_schema, "fetched " + sid + " (" + final.value("status", "") + ")");
  }
  for (const std::string query : {"", "?PageSize=3", "?To=whatsapp%3A%2B15559990000&DateSent%3E=2020-01-01"}) {
    const auto page = parse_json(emulator->get(Emulator::messages_path() + query));
    expect_conforms(*api_spec, page, api_spec->at(k_list_messages), "message list" + query);
    if (query == "?PageSize=3") {
      const auto second = parse_json(emulator->get(page["next_page_uri"]));
      expect_conforms(*api_spec, second, api_spec->at(k_list_messages), "second message page");
    }
  }
}

TEST_F(emulator_conformance, IncomingPhoneNumbersAndTheirEnvelope) {
  const std::string path = Emulator::account_path() + "/IncomingPhoneNumbers.json";
  for (const std::string query : {"", "?PageSize=1", "?PhoneNumber=%2B1555*"}) {
    const auto page = parse_json(emulator->get(path + query));
    expect_conforms(*api_spec, page, api_spec->at(k_list_numbers), "number list" + query);
    ASSERT_FALSE(page["incoming_phone_numbers"].empty());
    const std::string sid = page["incoming_phone_numbers"][0]["sid"];
    const auto fetched = parse_json(emulator->get(Emulator::account_path() + "/IncomingPhoneNumbers/" + sid + ".json"));
    expect_conforms(*api_spec, fetched, api_spec->component("api.v2010.account.incoming_phone_number"),
                    "number " + sid);
  }
}

TEST_F(emulator_conformance, SendersAndTheirEnvelope) {
  const auto& sender_schema = messaging_spec->component("messaging.v2.channels_sender_response");
  for (const std::string query : {"?Channel=whatsapp", "?Channel=whatsapp&PageSize=1"}) {
    const auto page = parse_json(emulator->get("/v2/Channels/Senders" + query));
    expect_conforms(*messaging_spec, page, messaging_spec->at(k_list_senders), "sender list" + query);
    for (const auto& sender : page["senders"]) {
      const auto fetched = parse_json(emulator->get("/v2/Channels/Senders/" + sender["sid"].get<std::string>()));
      expect_conforms(*messaging_spec, fetched, sender_schema, "sender " + sender.value("sender_id", "?"));
    }
  }
  const auto all = parse_json(emulator->get("/v2/Channels/Senders?Channel=whatsapp"));
  EXPECT_EQ(all["senders"].size(), 3u);
}

TEST_F(emulator_conformance, TheCheckerItselfCatchesWrongTypesAndMissingOrExtraFields) {
  const auto& message_schema = api_spec->component("api.v2010.account.message");
  auto message = emulator->create(k_staff);
  ASSERT_TRUE(api_spec->check(message, message_schema).empty());
  auto wrong = message;
  wrong["num_segments"] = 1;  // a number where Twilio sends a string
  wrong.erase("price");
  wrong["channel"] = "whatsapp";
  wrong["date_created"] = "2024-01-01T00:00:00Z";
  wrong["sid"] = "XX123";
  const auto problems = api_spec->check(wrong, message_schema);
  // date_created format, num_segments type, missing price, sid pattern and length, extra channel.
  EXPECT_EQ(problems.size(), 6u) << joined(problems);
}

}  // namespace
}  // namespace formcheck::testing::emulator
