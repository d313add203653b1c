// The control API: stats per route template, reset, scenario updates, injection.
#include "tests/e2e/emulator_fixture.hpp"

namespace formcheck::testing::emulator {
namespace {

class emulator_control : public ::testing::Test {
 protected:
  void SetUp() override {
    emulator = Emulator::start();
    ASSERT_TRUE(emulator);
  }
  std::unique_ptr<Emulator> emulator;
};

TEST_F(emulator_control, StatsCountEveryApiRequestByRouteTemplate) {
  const std::string list_key = "GET /2010-04-01/Accounts/{AccountSid}/Messages.json";
  const std::string create_key = "POST /2010-04-01/Accounts/{AccountSid}/Messages.json";
  const std::string fetch_key = "GET /2010-04-01/Accounts/{AccountSid}/Messages/{Sid}.json";
  const std::string sid = emulator->create(k_staff)["sid"];
  emulator->get(Emulator::message_path(sid));
  emulator->get(Emulator::messages_path() + "?To=whatsapp%3A%2B15559990000");
  auto unauthenticated = emulator->request(http::Method::get, Emulator::messages_path());
  unauthenticated.auth = {};
  EXPECT_EQ(http::perform(unauthenticated).status, 401);  // failed auth counts
  emulator->set_faults({{"error_rate", 1.0}, {"count", 1}});
  EXPECT_EQ(emulator->get(Emulator::messages_path()).status, 503);  // so does a faulted one
  emulator->get("/2010-04-01/Accounts/" + std::string(k_account) + "/Calls.json");
  emulator->get("/v2/Channels/Senders?Channel=whatsapp");

  const auto stats = emulator->control_json(http::Method::get, "stats");
  EXPECT_EQ(stats["requests"][create_key], 1);
  EXPECT_EQ(stats["requests"][fetch_key], 1);
  EXPECT_EQ(stats["requests"][list_key], 3);
  EXPECT_EQ(stats["requests"]["GET <unmatched>"], 1);
  EXPECT_EQ(stats["requests"]["GET /v2/Channels/Senders"], 1);
  EXPECT_EQ(stats["total"], 7);  // control calls are not counted
  EXPECT_EQ(stats["responses"]["401"], 1);
  EXPECT_EQ(stats["responses"]["503"], 1);
}

TEST_F(emulator_control, ResetClearsMessagesStatsAndFaultsButKeepsTheCommandLine) {
  emulator->create(k_staff);
  emulator->set_faults({{"error_rate", 1.0}, {"routes", {"messages.fetch"}}});
  emulator->set_scenario({{"senders", {{{"sender_id", k_sender}, {"status", "OFFLINE"}}}}});
  emulator->control_json(http::Method::post, "reset");
  EXPECT_EQ(emulator->control_json(http::Method::get, "stats")["total"], 0);
  EXPECT_EQ(emulator->control_json(http::Method::get, "messages")["count"], 0);
  EXPECT_EQ(emulator->control_json(http::Method::get, "faults")["error_rate"], 0.0);
  // The --sender is ONLINE again: the scenario change is gone, the command line is not.
  const std::string sid = emulator->create(k_staff)["sid"];
  EXPECT_EQ(emulator->get(Emulator::message_path(sid)).status, 200);
}

TEST_F(emulator_control, ScenarioUpdatesReplaceOnlyTheKeysGiven) {
  emulator->set_scenario({{"sandbox_joined", {k_staff}}, {"outside_window", {"whatsapp:+15559990001"}}});
  emulator->set_scenario({{"outside_window", nlohmann::json::array()}});
  // sandbox_joined is kept: the sandbox still reaches the staff phone.
  emulator->wait_for_status(emulator->create(k_staff, k_sandbox)["sid"], "delivered");
  emulator->wait_for_status(emulator->create("whatsapp:+15559990001")["sid"], "delivered");
  const auto bad = emulator->control(http::Method::post, "scenario", {{"failures", {{"whatsapp:+1555", 30008}}}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("failures.whatsapp:+1555"), std::string::npos) << bad.body;
}

TEST_F(emulator_control, InjectionIsAllOrNothingAndNamesTheBadEntry) {
  const auto bad = emulator->control(
      http::Method::post, "messages",
      {{{"to", k_staff}, {"from", k_sender}}, {{"to", k_staff}, {"from", k_sender}, {"status", "lost"}}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("messages[1].status"), std::string::npos) << bad.body;
  EXPECT_EQ(emulator->control_json(http::Method::get, "messages")["count"], 0);

  const auto injected = emulator->control_json(
      http::Method::post, "messages",
      {{"messages",
        {{{"to", k_staff},
          {"from", k_sender},
          {"body", "history"},
          {"status", "failed"},
          {"error_code", 63016},
          {"sid", "SM0123456789abcdef0123456789abcdef"},
          {"date_created", "Tue, 02 Jan 2024 10:00:00 +0000"},
          {"date_sent", nullptr}}}}});
  EXPECT_EQ(injected["inserted"], 1);
  const auto message = emulator->fetch("SM0123456789abcdef0123456789abcdef");
  EXPECT_EQ(message["status"], "failed");
  EXPECT_EQ(message["error_code"], 63016);
  EXPECT_TRUE(message["date_sent"].is_null());
  EXPECT_EQ(message["date_created"], "Tue, 02 Jan 2024 10:00:00 +0000");
  const auto duplicate = emulator->control(
      http::Method::post, "messages",
      {{{"to", k_staff}, {"from", k_sender}, {"sid", "SM0123456789abcdef0123456789abcdef"}}});
  EXPECT_EQ(duplicate.status, 400);
}

}  // namespace
}  // namespace formcheck::testing::emulator
