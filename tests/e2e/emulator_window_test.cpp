// The emulator's 24-hour customer-service window, computed from staff's inbound messages,
// and Content Templates (ContentSid + ContentVariables): rendering and the errors Twilio gives.
#include "tests/e2e/emulator_fixture.hpp"

namespace formcheck::testing::emulator {
namespace {

constexpr const char* k_template = "HXaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
constexpr const char* k_other_staff = "whatsapp:+15559990009";

nlohmann::json inbound(const std::string& from, double ago_s) {
  return {{"from", from}, {"to", k_sender}, {"body", "ok, got it"}, {"ago_s", ago_s}};
}

int final_error(const Emulator& emulator, const nlohmann::json& created) {
  nlohmann::json last;
  wait_until(
      [&] {
        last = emulator.fetch(created["sid"]);
        const auto status = last.value("status", "");
        return status == "failed" || status == "delivered" || status == "read";
      },
      std::chrono::seconds(5));
  return last["error_code"].is_null() ? 0 : last["error_code"].get<int>();
}

TEST(emulator_window, InboundMessagesAreLoggedAsTwilioDoes) {
  auto emulator = Emulator::start();
  ASSERT_TRUE(emulator);
  const auto made = emulator->control_json(http::Method::post, "inbound", inbound(k_staff, 3600));
  ASSERT_EQ(made["inserted"], 1);
  const auto listed = parse_json(emulator->get(
      Emulator::messages_path() + "?From=whatsapp%3A%2B15559990000&To=" + "whatsapp%3A%2B15550001111"));
  ASSERT_EQ(listed["messages"].size(), 1u) << listed.dump();
  const auto& m = listed["messages"][0];
  EXPECT_EQ(m["direction"], "inbound");
  EXPECT_EQ(m["status"], "received");
  EXPECT_EQ(m["from"], k_staff);
  EXPECT_EQ(m["to"], k_sender);
  EXPECT_TRUE(m["date_sent"].is_string());
  // A bad entry names its key.
  const auto bad = emulator->control(http::Method::post, "inbound", {{"from", "+1555"}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("inbound[0].from"), std::string::npos) << bad.body;
}

TEST(emulator_window, FreeFormAt23h59mIsDeliveredAt24h01mFails63016) {
  auto emulator = Emulator::start();
  ASSERT_TRUE(emulator);
  emulator->control_json(
      http::Method::post, "inbound",
      nlohmann::json::array({inbound(k_staff, 23 * 3600 + 59 * 60), inbound(k_other_staff, 24 * 3600 + 60)}));
  const auto inside = emulator->create(k_staff);
  const auto outside = emulator->create(k_other_staff);
  EXPECT_EQ(final_error(*emulator, inside), 0);
  EXPECT_EQ(final_error(*emulator, outside), 63016);
  // Staff writing again reopens the window at once.
  emulator->control_json(http::Method::post, "inbound", inbound(k_other_staff, 0));
  EXPECT_EQ(final_error(*emulator, emulator->create(k_other_staff)), 0);
  const auto window = emulator->control_json(
      http::Method::get, "window?from=whatsapp:%2B15559990009&to=whatsapp:%2B15550001111");
  EXPECT_EQ(window["open"], true) << window.dump();
}

TEST(emulator_window, TheWindowBelongsToOneBusinessNumber) {
  auto emulator = Emulator::start({"--sender", "whatsapp:+15550002222"});
  ASSERT_TRUE(emulator);
  // Staff wrote to the first number 25 h ago and to the second one just now.
  emulator->control_json(
      http::Method::post, "inbound",
      nlohmann::json::array({inbound(k_staff, 25 * 3600),
                             {{"from", k_staff}, {"to", "whatsapp:+15550002222"}, {"ago_s", 10}}}));
  EXPECT_EQ(final_error(*emulator, emulator->create(k_staff, k_sender)), 63016);
  EXPECT_EQ(final_error(*emulator, emulator->create(k_staff, "whatsapp:+15550002222")), 0);
}

TEST(emulator_window, StrictModeClosesTheWindowOfStaffWhoNeverWrote) {
  auto emulator = Emulator::start();
  ASSERT_TRUE(emulator);
  EXPECT_EQ(final_error(*emulator, emulator->create(k_staff)), 0);  // lenient by default
  emulator->set_scenario({{"whatsapp_window", "strict"}, {"inbound", {inbound(k_other_staff, 60)}}});
  EXPECT_EQ(final_error(*emulator, emulator->create(k_staff)), 63016);
  EXPECT_EQ(final_error(*emulator, emulator->create(k_other_staff)), 0);
}

TEST(emulator_window, TemplatesRenderIntoTheBodyAndAreDeliveredWithTheWindowClosed) {
  auto emulator = Emulator::start();
  ASSERT_TRUE(emulator);
  emulator->set_scenario({{"inbound", {inbound(k_staff, 2 * 86400)}},
                          {"content_templates", {{k_template, "New enquiry from {{1}} ({{2}}):\n{{3}}"}}}});
  const auto created =
      emulator->create(k_staff, k_sender, "",
                       {{"ContentSid", k_template},
                        {"ContentVariables", R"({"1":"Ayu","2":"ayu@example.com","3":"Room for 2?"})"}});
  EXPECT_EQ(created["body"], "New enquiry from Ayu (ayu@example.com):\nRoom for 2?");
  EXPECT_EQ(final_error(*emulator, created), 0);
  EXPECT_EQ(final_error(*emulator, emulator->create(k_staff)), 63016);  // free-form, same recipient
}

TEST(emulator_window, TemplateErrorsAreTheOnesTwilioGives) {
  auto emulator = Emulator::start();
  ASSERT_TRUE(emulator);
  emulator->set_scenario({{"content_templates", {{k_template, "From {{1}}: {{2}}"}}}});
  // Not a template of the account: 400 21655; a null or empty variable: 400 21656;
  // variables without a ContentSid: 400 21654.
  expect_twilio_error(
      emulator->send(k_staff, k_sender, "", {{"ContentSid", "HXbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"}}), 400,
      21655);
  expect_twilio_error(
      emulator->send(k_staff, k_sender, "",
                     {{"ContentSid", k_template}, {"ContentVariables", R"({"1":"Ayu","2":""})"}}),
      400, 21656);
  expect_twilio_error(emulator->send(k_staff, k_sender, "hi", {{"ContentVariables", R"({"1":"Ayu"})"}}), 400,
                      21654);
  // A placeholder without a value: created, then failed 63028 naming it.
  const auto missing = emulator->create(k_staff, k_sender, "",
                                        {{"ContentSid", k_template}, {"ContentVariables", R"({"1":"Ayu"})"}});
  EXPECT_EQ(final_error(*emulator, missing), 63028);
  EXPECT_NE(emulator->fetch(missing["sid"])["error_message"].get<std::string>().find("{{2}}"),
            std::string::npos);
}

}  // namespace
}  // namespace formcheck::testing::emulator
