// Browser mode against real route conventions: a page carrying a honeypot input hidden from
// visitors, and a form posted as plain HTML to a Post/Redirect/Get handler.
#include "tests/browser/browser_fixture.hpp"

namespace formcheck::testing::browser_e2e {
namespace {

class BrowserRouteConventions : public BrowserFixture {};

std::string case_name(const std::string& check) {
  return "contact-form[chromium desktop]/" + check;
}

// The page carries a honeypot input hidden from visitors; form.fields leaves it empty, as
// formcheck init writes it: it is neither looked for nor typed into, and the page submits.
TEST_F(BrowserRouteConventions, AHiddenHoneypotIsNeverTypedInto) {
  FORMCHECK_REQUIRE_CHROMIUM();
  start_emulator();
  auto* site = start_site({"--fault", "honeypot=website"});
  ASSERT_NE(site, nullptr);
  auto config = browser_config(*site);
  config["browser"] = {{"engines", {"chromium"}}};
  config["form"]["fields"]["website"] = "";
  const auto result = run(write_config(config), {}, 120s);
  ASSERT_TRUE(result.finished) << result.diagnosis();
  EXPECT_EQ(result.code, 0) << result.diagnosis() << case_table(result.results);
  for (const std::string check : {"accepted", "delivered", "guest-view"}) {
    EXPECT_EQ(outcome(result.results, "delivery", "local", case_name(check)), "passed")
        << check << ": " << message_of(result.results, "delivery", "local", case_name(check));
  }
}

// A form posted as plain HTML to a Post/Redirect/Get handler: landing on the thank-you page
// passes, landing back on the form with ?error=1 fails (it once passed: any page reached
// through a redirect counted as the answer).
TEST_F(BrowserRouteConventions, PostRedirectGetIsJudgedByWhereItLands) {
  FORMCHECK_REQUIRE_CHROMIUM();
  start_emulator();
  auto* thanks = start_site({"--fault", "prg", "--fault", "page-no-script"});
  auto* error = start_site({"--fault", "prg=fail", "--fault", "page-no-script"});
  ASSERT_TRUE(thanks && error);
  auto config = browser_config(*thanks);
  config["browser"] = {{"engines", {"chromium"}}};
  config["expect"]["grace_s"] = 1;
  config["targets"] = json::object();
  config["targets"]["prg-thanks"] = remote_target(*thanks);
  config["targets"]["prg-error"] = remote_target(*error);
  const auto result = run(write_config(config), {}, 150s);
  ASSERT_TRUE(result.finished) << result.diagnosis();
  EXPECT_EQ(result.code, 1) << result.diagnosis() << case_table(result.results);
  const auto& r = result.results;
  for (const std::string check : {"accepted", "delivered", "guest-view"}) {
    EXPECT_EQ(outcome(r, "delivery", "prg-thanks", case_name(check)), "passed")
        << check << ": " << message_of(r, "delivery", "prg-thanks", case_name(check));
  }
  const auto landed = message_of(r, "delivery", "prg-thanks", case_name("accepted"));
  EXPECT_NE(landed.find("/thanks"), std::string::npos) << landed;
  const auto refused = message_of(r, "delivery", "prg-error", case_name("accepted"));
  EXPECT_EQ(outcome(r, "delivery", "prg-error", case_name("accepted")), "failed") << refused;
  EXPECT_NE(refused.find("error=1"), std::string::npos) << refused;
  EXPECT_EQ(outcome(r, "delivery", "prg-error", case_name("delivered")), "failed");
}

}  // namespace
}  // namespace formcheck::testing::browser_e2e
