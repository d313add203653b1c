// Browser mode's pure parts: Base64 of screenshots, version majors, the plan's expansion per
// engine × device, and the guest-view verdict from what a page submission saw.
#include <gtest/gtest.h>

#include <set>

#include "harness/browser/base64_decode.hpp"
#include "harness/browser/chromium_engine.hpp"
#include "harness/checks/page_checks.hpp"
#include "harness/config/browser_section.hpp"
#include "harness/config/config.hpp"
#include "harness/run/browser_evidence.hpp"
#include "harness/run/browser_plan.hpp"
#include "harness/run/plan.hpp"
#include "harness/results/suite.hpp"
#include "tests/support/standin.hpp"

namespace formcheck {
namespace {

TEST(BrowserBase64, DecodesPaddedAndRejectsForeignCharacters) {
  EXPECT_EQ(browser::base64_decode("aGVsbG8=").value_or("?"), "hello");
  EXPECT_EQ(browser::base64_decode("iVBORw0KGgo=").value_or("?"), std::string("\x89PNG\r\n\x1a\n"));
  EXPECT_EQ(browser::base64_decode("").value_or("?"), "");
  EXPECT_FALSE(browser::base64_decode("ab$c").has_value());
}

TEST(BrowserVersions, MajorOfChromiumAndDriverLines) {
  EXPECT_EQ(browser::major_version("Chromium 156.0.8078.108 built on Debian GNU/Linux 12 (bookworm)"), "156");
  EXPECT_EQ(browser::major_version("ChromeDriver 156.0.8078.108 (730482a9-refs/branch-heads/8078@{#2244})"), "156");
  EXPECT_EQ(browser::major_version("no version here"), "");
}

TEST(BrowserDevices, KnownNamesPassAndUnknownOnesListTheChoices) {
  EXPECT_EQ(config::unknown_device("Pixel 7"), "");
  EXPECT_EQ(config::unknown_device("desktop"), "");
  const auto why = config::unknown_device("pixel 7");
  EXPECT_NE(why.find("'pixel 7' is not a device"), std::string::npos);
  EXPECT_NE(why.find("\"iPhone 14 Pro Max\""), std::string::npos);
  EXPECT_EQ(config::unknown_engine("firefox"), "");
  EXPECT_EQ(config::unknown_engine("webkit"), "");
  EXPECT_NE(config::unknown_engine("safari"), "");
}

const char* kBrowserConfig = R"({
  "twilio": { "account_sid": "AC0123456789abcdef0123456789abcdef", "auth_token": "fedcba9876543210fedcba9876543210",
              "api_base": "http://127.0.0.1:9", "staff": "whatsapp:+6281234567890" },
  "expect": { "sender": "whatsapp:+15557654321" },
  "form": { "fields": { "name": "Ayu", "message": "Hello" }, "page": "/kontakt",
            "selectors": { "message": "#comments" }, "submit": "#send", "success_text": "Terima kasih",
            "error_selector": ".oops" },
  "browser": { "engines": ["chromium"], "devices": ["desktop", "Pixel 7"] },
  "targets": { "local": { "url": "http://127.0.0.1:3000", "browser": { "engines": ["chromium"], "devices": ["Pixel 99"] } } }
})";

TEST(BrowserConfig, PageKeysAndBrowserSectionsLoadAndBadDevicesAreNamed) {
  config::LoadOptions options;
  const auto loaded = config::parse_config(kBrowserConfig, "/tmp/formcheck.json", options);
  ASSERT_FALSE(loaded) << "Pixel 99 is not a device";
  ASSERT_EQ(loaded.error().size(), 1u);
  EXPECT_NE(loaded.error().front().to_string().find("targets.local.browser.devices"), std::string::npos)
      << loaded.error().front().to_string();

  std::string good = kBrowserConfig;
  good.replace(good.find("Pixel 99"), 8, "iPhone 14");
  const auto config = config::parse_config(good, "/tmp/formcheck.json", options);
  ASSERT_TRUE(config);
  EXPECT_EQ(config->form->page, "/kontakt");
  EXPECT_EQ(checks::field_selector(*config->form, "message"), "#comments");
  EXPECT_EQ(checks::field_selector(*config->form, "name"), "[name=\"name\"]");
  EXPECT_EQ(config->form->submit, "#send");
  EXPECT_EQ(config->form->success_text, "Terima kasih");
  EXPECT_EQ(config->form->error_selector, ".oops");
  EXPECT_EQ(config->browser.devices, (std::vector<std::string>{"desktop", "Pixel 7"}));
  ASSERT_TRUE(config->targets.front().browser);
  EXPECT_EQ(config->targets.front().browser->devices, std::vector<std::string>{"iPhone 14"});
}

TEST(BrowserPlan, CasesExpandPerEngineAndDeviceWithAGuestViewCheck) {
  results::Suite delivery;
  delivery.kind = results::SuiteKind::delivery;
  delivery.cases = {results::Payload{"contact-form", {}, results::Payload::Match::exact, "", ""}};
  results::Suite rate;
  rate.kind = results::SuiteKind::rate_limit;
  const run::BrowserChoice choice{{"chromium"}, {"desktop", "Pixel 7"}};
  run::expand_for_browsers(delivery, choice);
  run::expand_for_browsers(rate, choice);
  ASSERT_EQ(delivery.cases.size(), 2u);
  EXPECT_EQ(delivery.cases[1].name, "contact-form[chromium Pixel 7]");
  EXPECT_EQ(delivery.cases[1].device, "Pixel 7");
  const auto names = run::check_names(delivery);
  EXPECT_NE(std::find(names.begin(), names.end(), "contact-form[chromium desktop]/guest-view"), names.end());
  EXPECT_EQ(names.size(), 10u);
  EXPECT_EQ(rate.cases.size(), 0u) << "the rate-limit suite stays on the API";
  EXPECT_TRUE(run::uses_browser({delivery}));
}

TEST(BrowserPlan, ThePassthroughCorpusIsPackedPerEngineAndDevice) {
  auto suite = results::load_suite(std::filesystem::path(testing::source_dir()) / "suites", "passthrough");
  ASSERT_TRUE(suite.has_value());
  const size_t corpus = suite->cases.size();
  run::expand_for_browsers(*suite, run::BrowserChoice{{"chromium", "firefox"}, {"desktop", "Pixel 7"}});
  config::FormSettings form;
  form.fields = {{"name", "Ayu Lestari"}, {"email", "ayu@example.com"}, {"message", "Hello from formcheck"}};
  const auto packs = run::passthrough_packs(*suite, form);
  std::set<std::string> packed;
  for (const auto& pack : packs) {
    for (const auto& m : pack.members) {
      EXPECT_EQ(m.payload.engine, pack.members.front().payload.engine) << pack.member_names();
      EXPECT_EQ(m.payload.device, pack.members.front().payload.device) << pack.member_names();
      EXPECT_TRUE(packed.insert(m.payload.name).second) << m.payload.name << " is in two packs";
    }
  }
  EXPECT_EQ(packed.size(), 4 * corpus);
  EXPECT_LE(packs.size(), 4u * 2u) << "at most 2 submissions per engine × device";

  run::PlannedTarget planned;
  planned.suites = {*suite};
  run::count_messages(planned, &form);
  ASSERT_EQ(planned.per_suite.size(), 1u);
  EXPECT_EQ(planned.per_suite[0].healthy, static_cast<int>(packs.size()));
  EXPECT_EQ(planned.per_suite[0].most, static_cast<int>(4 * corpus)) << "a refused pack goes payload by payload";
}

TEST(BrowserPlan, TheSenderCaseIsJudgedFromTheDeliveryPageOfItsEngineAndDevice) {
  results::Suite delivery;
  delivery.kind = results::SuiteKind::delivery;
  delivery.cases = {results::Payload{"contact-form", {}, results::Payload::Match::exact, "", ""}};
  results::Suite sender;
  sender.kind = results::SuiteKind::sender;
  sender.cases = {results::Payload{"sender-and-recipient", {}, results::Payload::Match::exact, "", ""}};
  const run::BrowserChoice choice{{"chromium", "firefox"}, {"desktop", "Pixel 7"}};
  run::expand_for_browsers(delivery, choice);
  run::expand_for_browsers(sender, choice);
  const std::vector<const results::Suite*> both{&delivery, &sender};
  for (size_t i = 0; i < delivery.cases.size(); ++i) {
    const auto shared = run::sender_sharing(both, delivery, i);
    ASSERT_TRUE(shared.has_value()) << delivery.cases[i].name;
    const auto& s = sender.cases[shared->case_index];
    EXPECT_EQ(s.engine, delivery.cases[i].engine);
    EXPECT_EQ(s.device, delivery.cases[i].device);
    EXPECT_TRUE(run::judged_from_delivery(both, sender, shared->case_index));
  }
  // Cases that do not line up by engine and device each submit on their own.
  std::swap(sender.cases[0], sender.cases[1]);
  EXPECT_FALSE(run::sender_sharing(both, delivery, 0).has_value());
  EXPECT_FALSE(run::judged_from_delivery(both, sender, 0));
}

TEST(BrowserPlan, FlagsWinOverTheTargetWhichWinsOverTheTop) {
  config::Config config;
  config.browser.engines = {"chromium"};
  config::TargetSettings target;
  EXPECT_EQ(run::browser_choice(config, target, {}, {}).devices, std::vector<std::string>{"desktop"});
  target.browser = config::BrowserSettings{{"chromium"}, {"Pixel 7"}};
  EXPECT_EQ(run::browser_choice(config, target, {}, {}).devices, std::vector<std::string>{"Pixel 7"});
  EXPECT_EQ(run::browser_choice(config, target, {}, {"iPhone 14"}).devices, std::vector<std::string>{"iPhone 14"});
  EXPECT_FALSE(run::check_browser_flags({}, {"Pixel 7"}).empty()) << "--device needs --browser";
  EXPECT_TRUE(run::check_browser_flags({}, {"Pixel 7"}, run::config_has_engines(config)).empty())
      << "…or engines in the config";
}

checks::PageSubmission answered(long status) {
  checks::PageSubmission page;
  page.engine = "chromium";
  page.device = "Pixel 7";
  page.request_made = true;
  page.submission.response.status = status;
  return page;
}

TEST(GuestView, PassesOnlyWhenTheRouteSucceededAndTheGuestSawSuccess) {
  config::FormSettings form;
  form.success_text = "Thank you";
  auto page = answered(200);
  page.success_text_seen = true;
  page.status_texts = {"Thank you! Your message has been sent."};
  EXPECT_EQ(checks::check_guest_view(page, form).outcome, results::Outcome::passed);

  page.success_text_seen = false;
  EXPECT_EQ(checks::check_guest_view(page, form).outcome, results::Outcome::failed) << "no success text";

  auto fake = answered(502);
  fake.success_text_seen = true;
  const auto r = checks::check_guest_view(fake, form);
  EXPECT_EQ(r.outcome, results::Outcome::failed);
  EXPECT_NE(r.message.find("showed success (\"Thank you\") although"), std::string::npos) << r.message;

  auto error = answered(200);
  error.errors_seen = {"Please try again"};
  EXPECT_EQ(checks::check_guest_view(error, {}).outcome, results::Outcome::failed) << "an error after a 2xx";

  auto unsent = answered(0);
  unsent.request_made = false;
  unsent.problem = "a guest cannot submit the form on Pixel 7";
  EXPECT_EQ(checks::check_guest_view(unsent, form).outcome, results::Outcome::failed);
  unsent.infrastructure = true;
  EXPECT_EQ(checks::check_guest_view(unsent, form).outcome, results::Outcome::error);
  unsent.interrupted = true;
  EXPECT_EQ(checks::check_guest_view(unsent, form).outcome, results::Outcome::not_run);
}

TEST(GuestView, ChecksOfAnUnsentPageAreSkippedOrFailedNeverErrors) {
  checks::PageSubmission page;
  page.problem = "the page sent no POST";
  results::CaseResult delivered;
  delivered.outcome = results::Outcome::error;
  checks::adjust_for_unsent_page(delivered, page, false);
  EXPECT_EQ(delivered.outcome, results::Outcome::skipped);
  results::CaseResult accepted;
  accepted.outcome = results::Outcome::error;
  checks::adjust_for_unsent_page(accepted, page, true);
  EXPECT_EQ(accepted.outcome, results::Outcome::failed);
  EXPECT_NE(accepted.message.find("never submitted"), std::string::npos);
}

TEST(GuestView, ABrowserThatDiedIsInfrastructureNotThePage) {
  EXPECT_TRUE(checks::browser_failed("cannot read the page's requests: invalid session id: session deleted"));
  EXPECT_TRUE(checks::browser_failed("WebDriver POST /session/x/url: Connection refused"));
  EXPECT_FALSE(checks::browser_failed("a guest cannot submit the form on Pixel 7: the submit button is unusable"));
}

TEST(BrowserEvidence, ScreenshotNamesAreSafeFileNames) {
  EXPECT_EQ(run::screenshot_file_name("fc-abc-1", "chromium", "Samsung Galaxy A51/71"),
            "fc-abc-1-chromium-Samsung_Galaxy_A51_71.png");
}

}  // namespace
}  // namespace formcheck
