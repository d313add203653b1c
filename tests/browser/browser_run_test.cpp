// `formcheck run --browser chromium`: a healthy page passes on a desktop and on a phone, with
// case names carrying engine and device, a valid JUnit report and the screenshots linked.
#include "tests/browser/browser_fixture.hpp"

namespace formcheck::testing::browser_e2e {
namespace {

class BrowserRun : public BrowserFixture {};

TEST_F(BrowserRun, HealthyPagePassesOnDesktopAndPhone) {
  FORMCHECK_REQUIRE_CHROMIUM();
  start_emulator();
  auto* site = start_site();
  // A page whose script takes over 3 s after load (as a Next.js page hydrates): a click
  // before then would post plain HTML, so formcheck must wait until the form is interactive.
  auto* hydrating = start_site({"--fault", "page-slow-hydration"});
  // A page without script: the browser posts the form itself and shows the result page.
  auto* plain = start_site({"--fault", "page-no-script"});
  ASSERT_TRUE(site && hydrating && plain);
  // The sender suite beside delivery: judged from the delivery page submission of the same
  // engine and device, so it sends nothing of its own.
  auto config = browser_config(*site, {"delivery", "sender"});
  config["targets"]["hydrating"] = remote_target(*hydrating);
  config["targets"]["plain"] = remote_target(*plain);
  config["targets"]["plain"]["browser"] = {{"engines", {"chromium"}}};
  const auto result = run(write_config(config),
                          {"--browser", "chromium", "--device", "desktop", "--device", "Pixel 7", "--screenshots", "all"},
                          120s);
  ASSERT_TRUE(result.finished) << result.diagnosis();
  EXPECT_EQ(result.code, 0) << result.diagnosis() << case_table(result.results);
  for (const std::string device : {"desktop", "Pixel 7"}) {
    const auto name = "contact-form[chromium " + device + "]";
    for (const std::string check : {"accepted", "delivered", "latency", "one-message", "guest-view"}) {
      EXPECT_EQ(outcome(result.results, "delivery", "local", name + "/" + check), "passed")
          << name << "/" << check << ": " << message_of(result.results, "delivery", "local", name + "/" + check);
    }
    const auto guest = find_case(result.results, "delivery", "local", name + "/guest-view");
    ASSERT_FALSE(guest.is_null());
    const auto screenshot = guest["properties"].value("screenshot", "");
    EXPECT_TRUE(std::filesystem::exists(screenshot)) << "screenshot " << screenshot;
    EXPECT_NE(result.junit_text.find("[[ATTACHMENT|" + screenshot + "]]"), std::string::npos);
    EXPECT_EQ(guest["properties"].value("device", ""), device);
    const auto sender_name = "sender-and-recipient[chromium " + device + "]";
    for (const std::string check : {"expected-sender", "guest-view"}) {
      EXPECT_EQ(outcome(result.results, "sender", "local", sender_name + "/" + check), "passed")
          << sender_name << "/" << check << ": "
          << message_of(result.results, "sender", "local", sender_name + "/" + check);
    }
    const auto delivered = find_case(result.results, "delivery", "local", name + "/delivered");
    const auto sender = find_case(result.results, "sender", "local", sender_name + "/expected-sender");
    EXPECT_EQ(sender["properties"].value("message_sid", "x"), delivered["properties"].value("message_sid", "y"));
  }
  // One page submission per device on each of the three targets: the sender checks sent nothing.
  EXPECT_EQ(emulator_message_count(), 3 * 2) << case_table(result.results);
  EXPECT_EQ(outcome(result.results, "delivery", "hydrating", "contact-form[chromium desktop]/guest-view"), "passed")
      << message_of(result.results, "delivery", "hydrating", "contact-form[chromium desktop]/guest-view");
  EXPECT_EQ(outcome(result.results, "delivery", "hydrating", "contact-form[chromium desktop]/delivered"), "passed");
  for (const std::string check : {"accepted", "delivered", "guest-view"}) {
    EXPECT_EQ(outcome(result.results, "delivery", "plain", "contact-form[chromium desktop]/" + check), "passed")
        << message_of(result.results, "delivery", "plain", "contact-form[chromium desktop]/" + check);
  }
  // The API-only case gave way to the page's.
  EXPECT_EQ(outcome(result.results, "delivery", "local", "contact-form/accepted"), "<missing>");
  FORMCHECK_EXPECT_JUNIT_VALID(result.junit);
}

// The passthrough corpus typed by a guest (emoji, scripts, newlines, long text) and the sender
// suite, on a phone: every field reaches staff intact.
TEST_F(BrowserRun, PassthroughAndSenderThroughThePhonePage) {
  FORMCHECK_REQUIRE_CHROMIUM();
  start_emulator();
  // The site's real limit, tight enough that the page's submissions must be paced (each
  // counted when the page sends it, not when formcheck starts loading the page).
  auto* site = start_site({}, {}, "5/6");
  ASSERT_NE(site, nullptr);
  auto config = browser_config(*site, {"sender", "passthrough"});
  config["targets"]["local"]["rate_limit"] = {{"max", 5}, {"window_s", 6}};
  const auto result = run(write_config(config), {"--browser", "chromium", "--device", "iPhone 14 Pro Max"}, 150s);
  ASSERT_TRUE(result.finished) << result.diagnosis();
  EXPECT_EQ(result.code, 0) << result.diagnosis() << case_table(result.results);
  const auto passthrough = cases_of(result.results, "passthrough", "local");
  EXPECT_GE(passthrough.size(), 10u) << case_table(result.results);
  for (const auto& c : passthrough) {
    EXPECT_NE(c.value("name", "").find("[chromium iPhone 14 Pro Max]"), std::string::npos) << c.value("name", "");
  }
  for (const auto& line : site->process().output()) {
    EXPECT_EQ(line.text.find("-> 429"), std::string::npos) << "the page's submissions were not paced: " << line.text;
  }
  // The sender suite's one page submission, and the corpus packed into at most 2 more (each
  // payload still judged alone, with the guest's view of the page that carried it).
  EXPECT_LE(emulator_message_count(), 1 + 2) << case_table(result.results);
  size_t guest_views = 0;
  for (const auto& c : passthrough) {
    guest_views += c.value("name", "").find("/guest-view") != std::string::npos ? 1 : 0;
  }
  EXPECT_GE(guest_views, 10u) << case_table(result.results);
}

}  // namespace
}  // namespace formcheck::testing::browser_e2e
