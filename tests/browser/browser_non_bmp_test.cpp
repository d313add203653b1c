// Chromium with an older chromedriver (Debian bookworm without bookworm-security ships 150),
// which refuses characters beyond the BMP in Element Send Keys: the passthrough corpus's emoji
// still reach the page, and when no way of typing a character is left, that is formcheck's
// error naming the engine, the field and the character, never a payload's failure. The old
// driver is formcheck-test-old-chromedriver in front of this machine's real chromedriver,
// chosen with FORMCHECK_CHROMEDRIVER.
#include "tests/browser/browser_fixture.hpp"

#include <cstdlib>

namespace formcheck::testing::browser_e2e {
namespace {

class BrowserNonBmp : public BrowserFixture {
 protected:
  void SetUp() override {
    BrowserFixture::SetUp();
    setenv("FORMCHECK_CHROMEDRIVER", bin_path("formcheck-test-old-chromedriver").c_str(), 1);
  }
  void TearDown() override {
    unsetenv("FORMCHECK_CHROMEDRIVER");
    unsetenv("OLD_CHROMEDRIVER_REFUSE_SCRIPTS");
    BrowserFixture::TearDown();
  }
};

TEST_F(BrowserNonBmp, AnOldChromedriverStillTypesEmojiIntoThePage) {
  FORMCHECK_REQUIRE_CHROMIUM();
  start_emulator();
  auto* site = start_site();
  ASSERT_NE(site, nullptr);
  const auto result =
      run(write_config(browser_config(*site, {"passthrough"})), {"--browser", "chromium"}, 200s);
  ASSERT_TRUE(result.finished) << result.diagnosis();
  EXPECT_EQ(result.code, 0) << result.diagnosis() << case_table(result.results);
  const auto emoji = find_case(result.results, "passthrough", "local", "emoji[chromium desktop]");
  ASSERT_FALSE(emoji.is_null()) << case_table(result.results);
  EXPECT_EQ(emoji.value("outcome", ""), "passed") << emoji.dump(2);
  // The text typed around the emoji kept its order: the whole message reached staff verbatim.
  EXPECT_EQ(result.out.find("only supports characters in the BMP"), std::string::npos) << result.out;
  EXPECT_LE(emulator_message_count(), 2) << "still packed: " << case_table(result.results);
}

TEST_F(BrowserNonBmp, ACharacterNoWayCanTypeIsFormchecksErrorNamingIt) {
  FORMCHECK_REQUIRE_CHROMIUM();
  setenv("OLD_CHROMEDRIVER_REFUSE_SCRIPTS", "1", 1);
  start_emulator();
  auto* site = start_site();
  ASSERT_NE(site, nullptr);
  auto config = browser_config(*site, {"delivery"});
  config["form"]["fields"]["message"] = "Table for two 🙏 tonight?";
  const auto result = run(write_config(config), {"--browser", "chromium"}, 120s);
  ASSERT_TRUE(result.finished) << result.diagnosis();
  EXPECT_EQ(result.code, 3) << result.diagnosis() << case_table(result.results);
  const auto name = std::string("contact-form[chromium desktop]/guest-view");
  EXPECT_EQ(outcome(result.results, "delivery", "local", name), "error") << case_table(result.results);
  const auto why = message_of(result.results, "delivery", "local", name);
  EXPECT_NE(why.find("formcheck could not type the character U+1F64F (🙏) of its value into field 'message'"),
            std::string::npos)
      << why;
  EXPECT_NE(why.find("with chromium"), std::string::npos) << why;
  EXPECT_EQ(why.find("unknown error: unknown error"), std::string::npos) << why;
  for (const auto& c : cases_of(result.results, "delivery", "local")) {
    EXPECT_NE(c.value("outcome", ""), "failed") << c.value("name", "") << ": " << c.value("message", "");
  }
  EXPECT_EQ(site_posts(*site), 0) << "nothing was submitted";
}

}  // namespace
}  // namespace formcheck::testing::browser_e2e
