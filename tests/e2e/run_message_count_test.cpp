// The WhatsApp messages a full default run sends to staff, counted by the Twilio emulator: a
// healthy site receives exactly what `--dry-run` announces, and no more than the fewest
// submissions that prove every check (a sender check judged from the delivery message, the
// passthrough corpus packed, the rate-limit suite one burst in a fresh window). Cost: about 10 s
// (the burst waits for a fresh 3 s window, then the deliveries).
#include "tests/e2e/run_fixture.hpp"
#include "tests/support/standin.hpp"

#include <regex>

namespace formcheck::testing::run_e2e {
namespace {

class RunMessageCount : public RunFixture {};

// "preview … a healthy site sends N" from the plan's description.
long announced_healthy(const std::string& out) {
  std::smatch m;
  static const std::regex line(R"(preview [^\n]*a healthy site sends (\d+))");
  return std::regex_search(out, m, line) ? std::stol(m[1]) : -1;
}

TEST_F(RunMessageCount, AHealthySiteReceivesWhatTheDryRunAnnounces) {
  start_emulator();
  const std::string rate = "5/3";  // the default limit of 5, in a short window to keep the test quick
  auto* site = start_site({}, {}, rate);
  ASSERT_NE(site, nullptr);
  auto config = base_config();  // delivery, sender, passthrough, rate-limit
  config["targets"]["preview"] = remote_target(*site, 5, 3);
  const auto path = write_config(config);

  const auto dry = run(path, {"--dry-run"}, 30s, "dry");
  ASSERT_TRUE(dry.finished) << dry.diagnosis();
  ASSERT_EQ(dry.code, 0) << dry.diagnosis();
  const long announced = announced_healthy(dry.out);
  ASSERT_GT(announced, 0) << dry.out;
  EXPECT_NE(dry.out.find("sender-and-recipient judged from the delivery submission"), std::string::npos)
      << dry.out;
  EXPECT_NE(
      dry.out.find("sender-and-recipient: judged from the delivery submission's message (nothing sent)"),
      std::string::npos)
      << dry.out;
  EXPECT_EQ(emulator_message_count(), 0);

  const auto result = run(path, {}, 120s);
  ASSERT_TRUE(result.finished) << result.diagnosis();
  EXPECT_EQ(result.code, 0) << result.diagnosis() << case_table(result.results);
  EXPECT_EQ(emulator_message_count(), announced) << dry.out << case_table(result.results);
  // The goal: every check of the default suites from at most 8 messages at the default limit 5.
  EXPECT_LE(emulator_message_count(), 8) << dry.out;
  ASSERT_TRUE(result.results.is_object()) << result.diagnosis();
  EXPECT_EQ(result.results["summary"].value("passed", 0u), 4u + 3u + 11u + 5u) << case_table(result.results);
  // The sender checks passed on the delivery submission's own message.
  const auto delivered = find_case(result.results, "delivery", "preview", "contact-form/delivered");
  const auto sender = find_case(result.results, "sender", "preview", "sender-and-recipient/expected-sender");
  EXPECT_EQ(sender.value("outcome", ""), "passed") << case_table(result.results);
  EXPECT_EQ(sender["properties"].value("message_sid", "x"),
            delivered["properties"].value("message_sid", "y"));
}

TEST_F(RunMessageCount, APackTheSiteRefusesIsSubmittedAgainPayloadByPayload) {
  // bad-email and good-1 share a submission (good-2 would repeat good-1's spilled e-mail, the
  // long one is the corpus's longest message: each goes alone); bad-email's address is one the
  // site refuses, so the site refuses the pack. Its payloads then go alone: the check names the
  // payload the site cannot take, and the others pass. Costs ~3 s.
  start_emulator();
  auto* site = start_site();
  ASSERT_NE(site, nullptr);
  const json cases = json::array(
      {{{"name", "bad-email"},
        {"fields",
         {{"email", "not-an-email"},
          {"message", "Hello, we would like two rooms next week, please call back."}}}},
       {{"name", "good-1"}, {"fields", {{"message", "Second guest here"}}}},
       {{"name", "good-2"}, {"fields", {{"message", "Third guest"}}}},
       {{"name", "long-one"}, {"fields", {{"message", std::string(300, 'x') + " a long enquiry"}}}}});
  std::filesystem::create_directories(dir() / "suites");
  write_text(dir() / "suites" / "refused.json",
             json{{"name", "passthrough"}, {"kind", "passthrough"}, {"cases", cases}}.dump(2));
  auto config = base_config();
  config["suites"] = {"suites/refused.json"};
  config["targets"]["preview"] = remote_target(*site);
  const auto path = write_config(config);

  const auto dry = run(path, {"--dry-run"}, 30s, "dry");
  ASSERT_EQ(dry.code, 0) << dry.diagnosis();
  EXPECT_NE(dry.out.find("passthrough bad-email, good-1 (one submission"), std::string::npos) << dry.out;

  const auto result = run(path, {}, 60s);
  ASSERT_TRUE(result.finished) << result.diagnosis();
  EXPECT_EQ(result.code, 1) << result.diagnosis() << case_table(result.results);
  EXPECT_NE(result.out.find("the site refused 2 payloads submitted together"), std::string::npos)
      << result.out;
  EXPECT_EQ(outcome(result.results, "passthrough", "preview", "bad-email"), "failed")
      << case_table(result.results);
  for (const std::string name : {"good-1", "good-2", "long-one"}) {
    EXPECT_EQ(outcome(result.results, "passthrough", "preview", name), "passed")
        << name << case_table(result.results);
  }
  EXPECT_EQ(site_posts(*site), 3 + 2) << "three packs, then the refused pack's two payloads alone";
  EXPECT_EQ(emulator_message_count(), 3);
}

}  // namespace
}  // namespace formcheck::testing::run_e2e
