// A preview behind Vercel's authentication wall, submitted through its page. WebDriver cannot
// add a header to a navigation, so the browser first loads the page with Vercel's documented
// query parameters (x-vercel-protection-bypass, x-vercel-set-bypass-cookie); the cookie that
// answer sets is what gets the page, and the form's own request, through the wall. The secret
// never shows: not in the console, the reports, the evidence or the screenshots' names.
#include "harness/browser/engines.hpp"
#include "tests/browser/browser_fixture.hpp"

namespace formcheck::testing::browser_e2e {
namespace {

constexpr const char* kBypass = "bypass-3c9e1a7f5b2d4e6a8c0f1e3d5b7a9c1e";

class BrowserProtected : public BrowserFixture {
 protected:
  StandIn* start_protected_site() { return start_site({"--vercel-protection", kBypass}); }
};

// Chromium always; WebKit and Firefox join the same run where installed (one page submission
// each, so each costs little more than its engine's start).
std::vector<std::string> engines_here() {
  std::vector<std::string> engines{"chromium"};
  for (const std::string engine : {"webkit", "firefox"}) {
    if (browser::check_installed(engine)) {
      engines.push_back(engine);
    }
  }
  return engines;
}

std::string all_file_names(const std::filesystem::path& dir) {
  std::string names;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    names += entry.path().string() + "\n";
  }
  return names;
}

TEST_F(BrowserProtected, WithTheSecretThePageGetsThroughInEveryEngineAndTheSecretNeverShows) {
  FORMCHECK_REQUIRE_CHROMIUM();
  start_emulator();
  auto* site = start_protected_site();
  ASSERT_NE(site, nullptr);
  auto config = browser_config(*site);
  config["targets"]["local"]["vercel_bypass_secret"] = kBypass;
  config["targets"]["local"]["headers"] = {{"X-Preview-Token", "preview-token-never-shown"}};
  const auto engines = engines_here();
  std::vector<std::string> args{"--screenshots", "all"};
  for (const auto& e : engines) {
    args.insert(args.end(), {"--browser", e});
  }
  const auto result = run(write_config(config), args, 200s);
  ASSERT_TRUE(result.finished) << result.diagnosis();
  EXPECT_EQ(result.code, 0) << result.diagnosis() << case_table(result.results);
  for (const auto& engine : engines) {
    const auto name = "contact-form[" + engine + " desktop]";
    for (const std::string check : {"accepted", "delivered", "guest-view"}) {
      EXPECT_EQ(outcome(result.results, "delivery", "local", name + "/" + check), "passed")
          << name << "/" << check << ": " << message_of(result.results, "delivery", "local", name + "/" + check);
    }
  }
  EXPECT_EQ(site_posts(*site), static_cast<int>(engines.size())) << "each page's own request got through the wall";
  EXPECT_EQ(result.everything().find(kBypass), std::string::npos) << "the bypass secret leaked";
  EXPECT_EQ(all_file_names(dir()).find(kBypass), std::string::npos) << all_file_names(dir());
  // The header a browser cannot send is named once; its value never.
  const auto note = result.err.find("browser mode cannot set request headers");
  EXPECT_NE(note, std::string::npos) << result.err;
  EXPECT_EQ(result.err.find("browser mode cannot set request headers", note + 1), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("local (X-Preview-Token)"), std::string::npos) << result.err;
  EXPECT_EQ(result.everything().find("preview-token-never-shown"), std::string::npos);
}

TEST_F(BrowserProtected, WithoutTheSecretNothingIsSubmittedAndTheRunNamesIt) {
  FORMCHECK_REQUIRE_CHROMIUM();
  start_emulator();
  auto* site = start_protected_site();
  ASSERT_NE(site, nullptr);
  const auto result = run(write_config(browser_config(*site)), {"--browser", "chromium"}, 60s);
  ASSERT_TRUE(result.finished) << result.diagnosis();
  EXPECT_EQ(result.code, 3) << result.diagnosis() << case_table(result.results);
  const auto all = result.out + result.err;
  EXPECT_NE(all.find("Vercel's authentication wall"), std::string::npos) << result.diagnosis();
  EXPECT_NE(all.find("targets.local.vercel_bypass_secret"), std::string::npos) << result.diagnosis();
  EXPECT_NE(all.find("VERCEL_AUTOMATION_BYPASS_SECRET"), std::string::npos) << result.diagnosis();
  EXPECT_EQ(site_posts(*site), 0) << "nothing may be submitted past the wall";
  EXPECT_EQ(emulator_creates(), 0);
}

}  // namespace
}  // namespace formcheck::testing::browser_e2e
