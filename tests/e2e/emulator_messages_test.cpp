// Creating and fetching Messages: status progression over time and each WhatsApp rule the
// emulator reproduces (63007, 63015, 63016, 21617, 21211, 21910, 21604, scripted failures).
#include "harness/twilio/rfc2822.hpp"
#include "tests/e2e/emulator_fixture.hpp"

namespace formcheck::testing::emulator {
namespace {

constexpr const char* k_content_sid = "HX0123456789abcdef0123456789abcdef";

std::string repeat(const std::string& unit, int times) {
  std::string out;
  for (int i = 0; i < times; ++i) {
    out += unit;
  }
  return out;
}

twilio::Timestamp date(const nlohmann::json& message, const char* key) {
  const auto parsed = twilio::parse_rfc2822(message.at(key).get<std::string>());
  EXPECT_TRUE(parsed.has_value()) << key << ": " << message.at(key);
  return parsed.value_or(twilio::Timestamp{});
}

TEST(emulator_messages, CreateFetchAndProgressQueuedSentDelivered) {
  auto emulator = Emulator::start({}, 600);
  ASSERT_TRUE(emulator);
  const auto created = emulator->create(k_staff, k_sender, "New contact: Ada");
  EXPECT_EQ(created["status"], "queued");
  EXPECT_TRUE(created["date_sent"].is_null());
  EXPECT_TRUE(created["price"].is_null());
  EXPECT_TRUE(created["error_code"].is_null());
  EXPECT_EQ(created["to"], k_staff);
  EXPECT_EQ(created["from"], k_sender);
  EXPECT_EQ(created["body"], "New contact: Ada");
  EXPECT_EQ(created["num_segments"], "1");
  EXPECT_EQ(created["num_media"], "0");
  EXPECT_EQ(created["direction"], "outbound-api");
  const std::string sid = created["sid"];
  EXPECT_EQ(created["uri"], Emulator::message_path(sid));

  // Visible by SID at once, then moving forward only.
  const std::vector<std::string> order = {"queued", "sending", "sent", "delivered"};
  std::vector<std::string> seen;
  nlohmann::json last;
  ASSERT_TRUE(wait_until(
      [&] {
        last = emulator->fetch(sid);
        const std::string status = last.value("status", "");
        if (seen.empty() || seen.back() != status) {
          seen.push_back(status);
        }
        return status == "delivered";
      },
      std::chrono::seconds(5), std::chrono::milliseconds(10)));
  size_t cursor = 0;
  for (const auto& status : seen) {
    const auto at = std::find(order.begin(), order.end(), status);
    ASSERT_NE(at, order.end()) << "unexpected status " << status;
    const auto index = static_cast<size_t>(at - order.begin());
    EXPECT_GE(index, cursor) << "status went backwards";
    cursor = index;
  }
  EXPECT_GE(seen.size(), 2u);
  EXPECT_EQ(last["price"], "-0.00500");
  EXPECT_EQ(last["price_unit"], "USD");
  ASSERT_TRUE(last["date_sent"].is_string());
  EXPECT_LE(date(last, "date_created"), date(last, "date_sent"));
  EXPECT_LE(date(last, "date_sent"), date(last, "date_updated"));
}

TEST(emulator_messages, ReadReceiptsFollowWhenTheScenarioSaysSo) {
  auto emulator = Emulator::start({}, 200);
  ASSERT_TRUE(emulator);
  emulator->set_scenario({{"read_after_ms", 200}, {"readers", {k_staff}}});
  const std::string read_sid = emulator->create(k_staff)["sid"];
  const std::string other_sid = emulator->create("whatsapp:+15559990001")["sid"];
  emulator->wait_for_status(read_sid, "read");
  emulator->wait_for_status(other_sid, "delivered");
}

TEST(emulator_messages, UnregisteredWhatsAppSenderIsRejectedWith63007) {
  auto emulator = Emulator::start();
  ASSERT_TRUE(emulator);
  expect_twilio_error(emulator->send(k_staff, "whatsapp:+15550002222", "hi"), 400, 63007);
  // A registered but OFFLINE sender is not a usable channel either.
  emulator->set_scenario({{"senders", {{{"sender_id", "whatsapp:+15550003333"}, {"status", "OFFLINE"}}}}});
  expect_twilio_error(emulator->send(k_staff, "whatsapp:+15550003333", "hi"), 400, 63007);
  // The created-then-failed variant, for clients that must handle both.
  emulator->set_scenario({{"unknown_sender", "fail"}});
  const auto created = emulator->create(k_staff, "whatsapp:+15550002222");
  const auto failed = emulator->wait_for_status(created["sid"], "failed");
  EXPECT_EQ(failed["error_code"], 63007);
  EXPECT_TRUE(failed["error_message"].is_string());
  EXPECT_TRUE(failed["date_sent"].is_null());
}

TEST(emulator_messages, SandboxReachesOnlyJoinedRecipients) {
  auto emulator = Emulator::start();
  ASSERT_TRUE(emulator);
  const auto not_joined = emulator->create(k_staff, k_sandbox);
  EXPECT_EQ(emulator->wait_for_status(not_joined["sid"], "failed")["error_code"], 63015);
  emulator->set_scenario({{"sandbox_joined", {k_staff}}});
  const auto joined = emulator->create(k_staff, k_sandbox);
  EXPECT_TRUE(emulator->wait_for_status(joined["sid"], "delivered")["error_code"].is_null());
}

TEST(emulator_messages, OutsideTheWindowFreeFormFails63016ButATemplateIsDelivered) {
  auto emulator = Emulator::start();
  ASSERT_TRUE(emulator);
  emulator->set_scenario({{"outside_window", {k_staff}},
                          {"content_templates", {{k_content_sid, "New contact from {{1}}: {{2}}"}}}});
  const auto free_form = emulator->create(k_staff);
  EXPECT_EQ(emulator->wait_for_status(free_form["sid"], "failed")["error_code"], 63016);
  const auto templated = emulator->send(k_staff, k_sender, "",
                                        {{"ContentSid", k_content_sid},
                                         {"ContentVariables", R"({"1":"Ada","2":"Hello"})"}});
  ASSERT_EQ(templated.status, 201) << templated.body;
  const auto message = parse_json(templated);
  EXPECT_EQ(message["body"], "New contact from Ada: Hello");
  emulator->wait_for_status(message["sid"], "delivered");
  expect_twilio_error(emulator->send(k_staff, k_sender, "", {{"ContentSid", "HXnope"}}), 400, 21655);
  expect_twilio_error(
      emulator->send(k_staff, k_sender, "", {{"ContentSid", k_content_sid}, {"ContentVariables", "not json"}}), 400,
      21656);
}

TEST(emulator_messages, BodyLimitCountsCodePointsNotBytes) {
  auto emulator = Emulator::start();
  ASSERT_TRUE(emulator);
  // "é" is 2 bytes, "😀" is 4: 1,600 of them are far over 1,600 bytes but still allowed.
  EXPECT_EQ(emulator->send(k_staff, k_sender, repeat("é", 1600)).status, 201);
  EXPECT_EQ(emulator->send(k_staff, k_sender, repeat("😀", 1600)).status, 201);
  expect_twilio_error(emulator->send(k_staff, k_sender, repeat("é", 1601)), 400, 21617);
  expect_twilio_error(emulator->send(k_staff, k_sender, repeat("a", 1601)), 400, 21617);
}

TEST(emulator_messages, ApiTimeValidationErrors) {
  auto emulator = Emulator::start();
  ASSERT_TRUE(emulator);
  expect_twilio_error(emulator->post_form(Emulator::messages_path(), {{"From", k_sender}, {"Body", "x"}}), 400, 21604);
  for (const std::string bad : {"whatsapp:15559990000", "whatsapp:+1555", "whatsapp:+1555 999 0000", "staff",
                                "whatsapp:+0123456789", "messenger:+15559990000"}) {
    expect_twilio_error(emulator->send(bad, k_sender, "x"), 400, 21211);
  }
  expect_twilio_error(emulator->send("+15559990000", k_sender, "x"), 400, 21910);
  expect_twilio_error(emulator->send(k_staff, "+15550001111", "x"), 400, 21910);
  expect_twilio_error(emulator->post_form(Emulator::messages_path(), {{"To", k_staff}, {"Body", "x"}}), 400, 21603);
  expect_twilio_error(emulator->send(k_staff, k_sender, ""), 400, 21602);
}

TEST(emulator_messages, JsonBodyIsNotReadAsParameters) {
  auto emulator = Emulator::start();
  ASSERT_TRUE(emulator);
  auto request = emulator->request(http::Method::post, Emulator::messages_path());
  http::set_json_body(request, {{"To", k_staff}, {"From", k_sender}, {"Body", "x"}});
  expect_twilio_error(http::perform(request), 400, 21604);
}

TEST(emulator_messages, RawPlusDecodesAsSpaceAndPercent2BAsPlus) {
  auto emulator = Emulator::start();
  ASSERT_TRUE(emulator);
  auto request = emulator->request(http::Method::post, Emulator::messages_path());
  request.headers.push_back({"Content-Type", "application/x-www-form-urlencoded"});
  request.body = "To=whatsapp:+15559990000&From=whatsapp%3A%2B15550001111&Body=a+b";
  expect_twilio_error(http::perform(request), 400, 21211);  // "whatsapp: 15559990000"
  request.body = "To=whatsapp%3A%2B15559990000&From=whatsapp%3A%2B15550001111&Body=a+b%2Bc&Unknown=ignored";
  const auto response = http::perform(request);
  ASSERT_EQ(response.status, 201) << response.body;
  EXPECT_EQ(parse_json(response)["body"], "a b+c");
}

TEST(emulator_messages, ScriptedDeliveryFailuresEndFailedOrUndelivered) {
  auto emulator = Emulator::start();
  ASSERT_TRUE(emulator);
  emulator->set_scenario({{"failures",
                           {{"whatsapp:+15559990001", 30008},
                            {"whatsapp:+15559990002", 63024},
                            {"whatsapp:+15559990003", {{"code", 63032}, {"status", "failed"}}}}}});
  const auto undelivered = emulator->wait_for_status(emulator->create("whatsapp:+15559990001")["sid"], "undelivered");
  EXPECT_EQ(undelivered["error_code"], 30008);
  EXPECT_TRUE(undelivered["date_sent"].is_string());  // it was sent, then not delivered
  EXPECT_EQ(emulator->wait_for_status(emulator->create("whatsapp:+15559990002")["sid"], "failed")["error_code"], 63024);
  EXPECT_EQ(emulator->wait_for_status(emulator->create("whatsapp:+15559990003")["sid"], "failed")["error_code"], 63032);
}

TEST(emulator_messages, FetchUnknownOrMalformedSidIs404) {
  auto emulator = Emulator::start();
  ASSERT_TRUE(emulator);
  expect_twilio_error(emulator->get(Emulator::message_path("SM0123456789abcdef0123456789abcdef")), 404, 20404);
  expect_twilio_error(emulator->get(Emulator::message_path("SM123")), 404, 20404);
  expect_twilio_error(emulator->get(Emulator::message_path("XX0123456789abcdef0123456789abcdef")), 404, 20404);
  expect_twilio_error(emulator->get(Emulator::account_path() + "/Messages/..%2F..%2Fetc.json"), 404, 20404);
}

TEST(emulator_messages, RedactionEmptiesTheBodyOnceFinal) {
  auto emulator = Emulator::start({}, 100);
  ASSERT_TRUE(emulator);
  const std::string sid = emulator->create(k_staff)["sid"];
  emulator->wait_for_status(sid, "delivered");
  const auto redacted = emulator->post_form(Emulator::message_path(sid), {{"Body", ""}});
  ASSERT_EQ(redacted.status, 200) << redacted.body;
  EXPECT_EQ(parse_json(redacted)["body"], "");
  EXPECT_EQ(emulator->fetch(sid)["body"], "");
  expect_twilio_error(emulator->post_form(Emulator::message_path(sid), {{"Status", "canceled"}}), 400, 20001);
}

TEST(emulator_messages, SmsSendsNeedAnSmsCapableNumberOfTheAccount) {
  auto emulator = Emulator::start();
  ASSERT_TRUE(emulator);
  const auto sms = emulator->create("+15559990000", "+15550001111", "plain SMS");
  EXPECT_EQ(sms["num_segments"], "1");
  expect_twilio_error(emulator->send("+15559990000", "+15550009999", "x"), 400, 21606);
  // 161 GSM characters take two segments.
  EXPECT_EQ(emulator->create("+15559990000", "+15550001111", repeat("a", 161))["num_segments"], "2");
}

}  // namespace
}  // namespace formcheck::testing::emulator
