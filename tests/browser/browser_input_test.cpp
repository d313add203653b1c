// Bad input in browser mode: no browser installed, an unknown device, a page whose fields
// are not where the config says, a page that does not load. Each is one clear line, and
// nothing is sent when the browser is missing.
#include <cstdlib>

#include "tests/browser/browser_fixture.hpp"

namespace formcheck::testing::browser_e2e {
namespace {

class BrowserInput : public BrowserFixture {};

// Runs with PATH pointing at an empty directory: no chromium, no chromedriver. (Runs
// everywhere: it needs no browser.)
TEST_F(BrowserInput, MissingBrowserExitsTwoNamingThePackagesBeforeSending) {
  start_emulator();
  auto* site = start_site();
  ASSERT_NE(site, nullptr);
  const auto config = write_config(browser_config(*site));
  const auto empty_bin = dir() / "empty-bin";
  std::filesystem::create_directories(empty_bin);
  const std::string saved = std::getenv("PATH") != nullptr ? std::getenv("PATH") : "";
  setenv("PATH", empty_bin.c_str(), 1);
  const auto result = run(config, {"--browser", "chromium"});
  setenv("PATH", saved.c_str(), 1);
  ASSERT_TRUE(result.finished) << result.diagnosis();
  EXPECT_EQ(result.code, 2) << result.diagnosis();
  EXPECT_NE(result.err.find("apt-get install chromium chromium-driver"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("nothing was sent"), std::string::npos) << result.err;
  EXPECT_EQ(site_posts(*site), 0);
  EXPECT_EQ(emulator_creates(), 0);
}

TEST_F(BrowserInput, UnknownDeviceFailsValidate) {
  start_emulator();
  auto* site = start_site();
  ASSERT_NE(site, nullptr);
  auto config = browser_config(*site);
  config["browser"] = {{"engines", {"chromium"}}, {"devices", {"desktop", "Pixel 99"}}};
  const auto path = write_config(config);
  const auto from_config = formcheck({"validate", "--config", path.string()});
  EXPECT_EQ(from_config.code, 2) << from_config.diagnosis();
  EXPECT_NE(from_config.err.find("browser.devices"), std::string::npos) << from_config.err;
  EXPECT_NE(from_config.err.find("'Pixel 99' is not a device Chromium emulates"), std::string::npos) << from_config.err;

  config.erase("browser");
  const auto from_flag =
      formcheck({"validate", "--config", write_config(config).string(), "--browser", "chromium", "--device", "Nokia 3310"});
  EXPECT_EQ(from_flag.code, 2) << from_flag.diagnosis();
  EXPECT_NE(from_flag.err.find("'Nokia 3310' is not a device Chromium emulates"), std::string::npos) << from_flag.err;
  EXPECT_NE(from_flag.err.find("\"Pixel 7\""), std::string::npos) << "lists the known names: " << from_flag.err;
}

TEST_F(BrowserInput, MissingSelectorsAndMissingPageAreNamed) {
  FORMCHECK_REQUIRE_CHROMIUM();
  start_emulator();
  auto* site = start_site();
  ASSERT_NE(site, nullptr);
  auto config = browser_config(*site);
  config["form"]["selectors"] = {{"message", "#comments"}};
  config["browser"] = {{"engines", {"chromium"}}};
  auto with_missing_page = config;
  const auto result = run(write_config(config), {}, 90s);
  ASSERT_TRUE(result.finished) << result.diagnosis();
  EXPECT_EQ(result.code, 1) << result.diagnosis() << case_table(result.results);
  const auto missing = message_of(result.results, "delivery", "local", "contact-form[chromium desktop]/guest-view");
  EXPECT_NE(missing.find("no element for message (#comments)"), std::string::npos) << missing;
  EXPECT_NE(missing.find("[name=\"message\"] (textarea)"), std::string::npos) << "lists the fields that exist: " << missing;
  EXPECT_EQ(site_posts(*site), 0) << "nothing was submitted";

  with_missing_page["form"].erase("selectors");
  with_missing_page["form"]["page"] = "/kontakt";
  const auto absent = run(write_config(with_missing_page, "absent.json"), {}, 90s, "absent");
  ASSERT_TRUE(absent.finished) << absent.diagnosis();
  const auto not_found = message_of(absent.results, "delivery", "local", "contact-form[chromium desktop]/guest-view");
  EXPECT_NE(not_found.find("/kontakt answered HTTP 404"), std::string::npos) << not_found << case_table(absent.results);
}

}  // namespace
}  // namespace formcheck::testing::browser_e2e
