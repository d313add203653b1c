// The emulator's late failures (scenario `failures` with `after`/`after_ms`): a message that
// reaches `sent` or `delivered` as a healthy one would and then fails, as the end-of-run
// sweep must catch. Every state it passes through conforms to Twilio's OpenAPI schema.
#include "tests/e2e/emulator_fixture.hpp"
#include "tests/e2e/emulator_schema_checker.hpp"

#include <filesystem>
#include <fstream>

namespace formcheck::testing::emulator {
namespace {

const char* const k_after_sent = "whatsapp:+15559990011";
const char* const k_after_delivered = "whatsapp:+15559990012";

std::optional<SchemaChecker> message_checker() {
  std::ifstream in(std::filesystem::path(shared_dir()) / "twilio-oai" / "api_v2010.json");
  if (!in) {
    return std::nullopt;
  }
  return SchemaChecker(nlohmann::json::parse(in));
}

void expect_conforms(const std::optional<SchemaChecker>& checker, const nlohmann::json& message) {
  if (!checker) {
    return;  // the spec is missing: the test below says so once
  }
  const auto problems = checker->check(message, checker->component("api.v2010.account.message"));
  std::string text;
  for (const auto& p : problems) {
    text += "\n  " + p;
  }
  EXPECT_TRUE(problems.empty()) << message.value("status", "?") << " does not conform:" << text << "\n"
                                << message.dump(1);
}

TEST(emulator_late_failure, SentOrDeliveredFirstThenFailedWithTheCode) {
  auto emulator = Emulator::start({}, 300);
  ASSERT_TRUE(emulator);
  emulator->set_scenario(
      {{"failures",
        {{k_after_sent, {{"code", 63016}, {"status", "failed"}, {"after", "sent"}, {"after_ms", 1500}}},
         {k_after_delivered,
          {{"code", 30008}, {"status", "undelivered"}, {"after", "delivered"}, {"after_ms", 1500}}}}}});
  const auto checker = message_checker();
  const std::string sent_sid = emulator->create(k_after_sent)["sid"];
  const std::string delivered_sid = emulator->create(k_after_delivered)["sid"];

  const auto sent = emulator->wait_for_status(sent_sid, "sent");
  EXPECT_TRUE(sent["error_code"].is_null()) << sent.dump();  // no error while it still looks healthy
  expect_conforms(checker, sent);
  const auto delivered = emulator->wait_for_status(delivered_sid, "delivered");
  EXPECT_TRUE(delivered["error_code"].is_null()) << delivered.dump();
  expect_conforms(checker, delivered);

  const auto failed = emulator->wait_for_status(sent_sid, "failed");
  EXPECT_EQ(failed["error_code"], 63016);
  EXPECT_TRUE(failed["date_sent"].is_string()) << failed.dump();  // it was sent before it failed
  expect_conforms(checker, failed);
  const auto undelivered = emulator->wait_for_status(delivered_sid, "undelivered");
  EXPECT_EQ(undelivered["error_code"], 30008);
  expect_conforms(checker, undelivered);

  // The list carries the same final status and code (what formcheck's sweep reads).
  const auto page = parse_json(emulator->get(Emulator::messages_path()));
  for (const auto& m : page["messages"]) {
    if (m["sid"] == sent_sid) {
      EXPECT_EQ(m["status"], "failed");
      EXPECT_EQ(m["error_code"], 63016);
    }
  }
  if (!checker) {
    GTEST_SKIP() << "Twilio OpenAPI spec not found under " << shared_dir()
                 << "/twilio-oai: conformance not checked";
  }
}

TEST(emulator_late_failure, ABadRuleNamesTheKey) {
  auto emulator = Emulator::start();
  ASSERT_TRUE(emulator);
  const auto response = emulator->control(
      http::Method::post, "scenario", {{"failures", {{k_after_sent, {{"code", 30008}, {"after", "read"}}}}}});
  EXPECT_EQ(response.status, 400) << response.body;
  EXPECT_NE(response.body.find(std::string("failures.") + k_after_sent + ".after"), std::string::npos)
      << response.body;
  const auto negative = emulator->control(
      http::Method::post, "scenario", {{"failures", {{k_after_sent, {{"code", 30008}, {"after_ms", -1}}}}}});
  EXPECT_EQ(negative.status, 400) << negative.body;
  EXPECT_NE(negative.body.find("after_ms"), std::string::npos) << negative.body;
}

}  // namespace
}  // namespace formcheck::testing::emulator
