// Browser mode against real route conventions, one target per convention, side by side: a
// page carrying a honeypot input hidden from visitors (never looked for nor typed into, as
// its configured value is empty), and a form posted as plain HTML to a Post/Redirect/Get
// handler, which lands on a thank-you page (passes) or back on the form with ?error=1 (fails).
#include "tests/browser/browser_fixture.hpp"

namespace formcheck::testing::browser_e2e {
namespace {

class BrowserRouteConventions : public BrowserFixture {};

std::string case_name(const std::string& check) {
  return "contact-form[chromium desktop]/" + check;
}

TEST_F(BrowserRouteConventions, HoneypotUntouchedAndPostRedirectGetJudgedByItsLanding) {
  FORMCHECK_REQUIRE_CHROMIUM();
  start_emulator();
  auto* honeypot = start_site({"--fault", "honeypot=website"});
  auto* thanks = start_site({"--fault", "prg", "--fault", "page-no-script"});
  auto* error = start_site({"--fault", "prg=fail", "--fault", "page-no-script"});
  ASSERT_TRUE(honeypot && thanks && error);

  auto config = browser_config(*honeypot);
  config["browser"] = {{"engines", {"chromium"}}};
  config["form"]["fields"]["website"] = "";  // what formcheck init writes for a honeypot
  config["expect"]["grace_s"] = 1;
  config["targets"] = json::object();
  config["targets"]["honeypot"] = remote_target(*honeypot);
  config["targets"]["prg-thanks"] = remote_target(*thanks);
  config["targets"]["prg-error"] = remote_target(*error);
  const auto result = run(write_config(config), {}, 150s);
  ASSERT_TRUE(result.finished) << result.diagnosis();
  EXPECT_EQ(result.code, 1) << result.diagnosis() << case_table(result.results);
  const auto& r = result.results;

  for (const std::string target : {"honeypot", "prg-thanks"}) {
    for (const std::string check : {"accepted", "delivered", "guest-view"}) {
      EXPECT_EQ(outcome(r, "delivery", target, case_name(check)), "passed")
          << target << " " << check << ": " << message_of(r, "delivery", target, case_name(check));
    }
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
