// The contact page's own defects, each caught by the check it concerns, in one run (one target
// per defect, side by side): a script that sends a wrong field name, a submit button hidden
// only at phone widths, a page that says "Thank you" whatever the route answered, and a
// script that throws before sending.
#include "tests/browser/browser_fixture.hpp"

namespace formcheck::testing::browser_e2e {
namespace {

class BrowserFaults : public BrowserFixture {};

std::string case_name(const std::string& device, const std::string& check) {
  return "contact-form[chromium " + device + "]/" + check;
}

TEST_F(BrowserFaults, EachPageDefectFailsItsCheck) {
  FORMCHECK_REQUIRE_CHROMIUM();
  start_emulator();
  auto* wrong_field = start_site({"--fault", "page-wrong-field"});
  auto* phone = start_site({"--fault", "page-phone-no-submit"});
  auto* fake_success = start_site({"--fault", "page-always-success", "--fault", "status=502"});
  auto* throws = start_site({"--fault", "page-script-throws"});
  ASSERT_TRUE(wrong_field && phone && fake_success && throws);

  auto config = browser_config(*wrong_field);
  config["browser"] = {{"engines", {"chromium"}}};
  config["targets"] = json::object();
  config["targets"]["wrong-field"] = remote_target(*wrong_field);
  config["targets"]["phone"] = remote_target(*phone);
  config["targets"]["phone"]["browser"] = {{"engines", {"chromium"}}, {"devices", {"desktop", "Pixel 7"}}};
  config["targets"]["fake-success"] = remote_target(*fake_success);
  config["targets"]["throws"] = remote_target(*throws);
  const auto result = run(write_config(config), {}, 150s);
  ASSERT_TRUE(result.finished) << result.diagnosis();
  EXPECT_EQ(result.code, 1) << result.diagnosis() << case_table(result.results);
  const auto& r = result.results;

  // The page sent "msg": the route refused it and the guest saw the field error.
  EXPECT_EQ(outcome(r, "delivery", "wrong-field", case_name("desktop", "accepted")), "failed");
  const auto wrong = message_of(r, "delivery", "wrong-field", case_name("desktop", "guest-view"));
  EXPECT_EQ(outcome(r, "delivery", "wrong-field", case_name("desktop", "guest-view")), "failed") << wrong;
  EXPECT_NE(wrong.find("answered HTTP 400"), std::string::npos) << wrong;
  EXPECT_NE(wrong.find("msg="), std::string::npos) << "the evidence shows what the page sent: " << wrong;

  // Hidden at phone widths only: the desktop passes, the phone fails as a guest would.
  for (const std::string check : {"accepted", "delivered", "guest-view"}) {
    EXPECT_EQ(outcome(r, "delivery", "phone", case_name("desktop", check)), "passed")
        << check << ": " << message_of(r, "delivery", "phone", case_name("desktop", check));
  }
  const auto hidden = message_of(r, "delivery", "phone", case_name("Pixel 7", "guest-view"));
  EXPECT_EQ(outcome(r, "delivery", "phone", case_name("Pixel 7", "guest-view")), "failed") << hidden;
  EXPECT_NE(hidden.find("submit button is unusable (it is hidden)"), std::string::npos) << hidden;
  EXPECT_EQ(outcome(r, "delivery", "phone", case_name("Pixel 7", "accepted")), "failed");
  EXPECT_EQ(outcome(r, "delivery", "phone", case_name("Pixel 7", "delivered")), "skipped");

  // "Thank you" over a 502.
  const auto fake = message_of(r, "delivery", "fake-success", case_name("desktop", "guest-view"));
  EXPECT_EQ(outcome(r, "delivery", "fake-success", case_name("desktop", "guest-view")), "failed") << fake;
  EXPECT_NE(fake.find("showed success (\"Thank you\") although its request to /api/contact answered HTTP 502"),
            std::string::npos)
      << fake;
  EXPECT_EQ(outcome(r, "delivery", "fake-success", case_name("desktop", "accepted")), "failed");

  // The script threw before sending: nothing was sent, the console error is the evidence.
  const auto threw = message_of(r, "delivery", "throws", case_name("desktop", "guest-view"));
  EXPECT_EQ(outcome(r, "delivery", "throws", case_name("desktop", "guest-view")), "failed") << threw;
  EXPECT_NE(threw.find("sent no POST"), std::string::npos) << threw;
  EXPECT_NE(threw.find("formValidator"), std::string::npos) << threw;
  const auto throws_case = find_case(r, "delivery", "throws", case_name("desktop", "accepted"));
  ASSERT_FALSE(throws_case.is_null());
  EXPECT_NE(throws_case.dump().find("formValidator"), std::string::npos) << "console error as evidence";

  // Failed cases keep their screenshot by default (--screenshots failed).
  const auto shot = find_case(r, "delivery", "phone", case_name("Pixel 7", "guest-view"))["properties"].value(
      "screenshot", "");
  EXPECT_TRUE(!shot.empty() && std::filesystem::exists(shot)) << shot;
  EXPECT_EQ(find_case(r, "delivery", "phone", case_name("desktop", "guest-view"))["properties"].value("screenshot", ""),
            "")
      << "a passing case keeps no screenshot by default";
}

}  // namespace
}  // namespace formcheck::testing::browser_e2e
