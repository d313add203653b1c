// The contact site's happy paths end to end: each encoding, with and without phone, and
// content that must reach staff verbatim; checked in the emulator's message log.
#include "tests/e2e/contact_site_fixture.hpp"

namespace formcheck::testing::site_e2e {
namespace {

// Named for ctest -R contact_site.
class contact_site : public ContactSiteFixture {};

constexpr const char* kExpectedBody =
    "New contact form submission\n"
    "Name: Ayu Lestari\n"
    "Email: ayu@example.com\n"
    "Phone: +62 812 3456 7890\n"
    "Message:\n"
    "Hello, do you have a room for two in June?";

TEST_F(contact_site, JsonSubmissionReachesStaffFromTheConfiguredSender) {
  start();
  const auto response = post_json(valid_fields());
  ASSERT_EQ(response.status, 200) << response.body;
  const auto answer = body_of(response);
  EXPECT_EQ(answer["ok"], true);
  ASSERT_TRUE(answer.contains("sid")) << response.body;
  EXPECT_EQ(answer["sid"].get<std::string>().rfind("SM", 0), 0u);

  const auto sent = await_messages(1);
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].sid, answer["sid"]);
  EXPECT_EQ(sent[0].from, kSender);
  EXPECT_EQ(sent[0].to, kStaff);
  EXPECT_EQ(sent[0].body, kExpectedBody);
}

TEST_F(contact_site, JsonWithoutPhoneHasNoPhoneLine) {
  start();
  auto fields = valid_fields();
  fields.erase("phone");
  ASSERT_EQ(post_json(fields).status, 200);
  const auto sent = await_messages(1);
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].body,
            "New contact form submission\nName: Ayu Lestari\nEmail: ayu@example.com\nMessage:\n"
            "Hello, do you have a room for two in June?");
}

TEST_F(contact_site, FormEncodedSubmissionWithCharsetReachesStaff) {
  start();
  const auto response = http::perform(contact_request(
      "name=Ayu+Lestari&email=ayu%40example.com&phone=%2B62+812+3456+7890&message=Hello%2C+do+you+have+a+room+for+two+"
      "in+June%3F",
      "application/x-www-form-urlencoded; charset=UTF-8"));
  ASSERT_EQ(response.status, 200) << response.body;
  const auto sent = await_messages(1);
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].body, kExpectedBody);
}

TEST_F(contact_site, FormEncodedWithAnEmptyPhoneHasNoPhoneLine) {
  start();
  const auto response =
      post_form({{"name", "Ayu Lestari"}, {"email", "ayu@example.com"}, {"phone", ""}, {"message", "Hi"}});
  ASSERT_EQ(response.status, 200) << response.body;
  const auto sent = await_messages(1);
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].body, "New contact form submission\nName: Ayu Lestari\nEmail: ayu@example.com\nMessage:\nHi");
}

TEST_F(contact_site, UnicodeEmojiRtlMarkupAndScriptsPassVerbatim) {
  start({"--rate-limit", "100/60"});
  const std::vector<std::string> payloads = {
      "*Bold* _italic_ ~strike~ ```mono``` > quote",
      "Emoji 🌊🏄‍♀️👍🏽 and CJK 你好 and combining e\u0301",
      "مرحبا، هل لديكم غرفة؟ — RTL with an English word",
      "<script>alert('x')</script> & \"quotes\" <b>bold</b> &amp;",
      "  Leading spaces,\nline breaks,\n\n\ttabs and trailing spaces  ",
  };
  for (size_t i = 0; i < payloads.size(); ++i) {
    const bool as_form = i % 2 == 1;  // both encodings carry the same bytes
    const auto name = "Guest " + std::to_string(i) + " Ñandú";
    const auto response = as_form ? post_form({{"name", name}, {"email", "g@example.com"}, {"message", payloads[i]}})
                                  : post_json({{"name", name}, {"email", "g@example.com"}, {"message", payloads[i]}});
    ASSERT_EQ(response.status, 200) << response.body;
  }
  const auto sent = await_messages(payloads.size());
  ASSERT_EQ(sent.size(), payloads.size());
  for (size_t i = 0; i < payloads.size(); ++i) {
    const auto& message = sent[payloads.size() - 1 - i];  // the list is newest first
    EXPECT_EQ(message_part(message.body), payloads[i]) << i;
    EXPECT_NE(message.body.find("Name: Guest " + std::to_string(i) + " Ñandú\n"), std::string::npos) << i;
  }
}

TEST_F(contact_site, NoSidLeavesTheSidOutButStillSends) {
  start({"--no-sid"});
  const auto response = post_json(valid_fields());
  ASSERT_EQ(response.status, 200);
  EXPECT_EQ(body_of(response), json({{"ok", true}}));
  EXPECT_EQ(await_messages(1).size(), 1u);
}

TEST_F(contact_site, ServesHealthTheFormAndRedirectsTheRoot) {
  start();
  http::Request health;
  health.url = site_url() + "/api/health";
  const auto health_response = http::perform(health);
  EXPECT_EQ(health_response.status, 200);
  EXPECT_EQ(body_of(health_response), json({{"ok", true}}));

  http::Request page;
  page.url = site_url() + "/contact";
  const auto page_response = http::perform(page);
  ASSERT_EQ(page_response.status, 200);
  EXPECT_NE(page_response.header("Content-Type").value_or("").find("text/html"), std::string::npos);
  EXPECT_NE(page_response.body.find("action=\"/api/contact\""), std::string::npos);
  for (const char* field : {"name", "email", "phone", "message"}) {
    EXPECT_NE(page_response.body.find(std::string("<label for=\"") + field + "\""), std::string::npos) << field;
  }

  http::Request root;
  root.url = site_url() + "/";
  const auto root_response = http::perform(root);
  EXPECT_EQ(root_response.status, 302);
  EXPECT_EQ(root_response.header("Location").value_or(""), "/contact");
}

TEST_F(contact_site, ABrowserWithoutJavascriptGetsHtmlPagesWithTheSameStatus) {
  start();
  const std::string browser_accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
  const auto ok = post_form({{"name", "Ayu"}, {"email", "ayu@example.com"}, {"message", "Hi"}}, browser_accept);
  EXPECT_EQ(ok.status, 200);
  EXPECT_NE(ok.header("Content-Type").value_or("").find("text/html"), std::string::npos);
  EXPECT_NE(ok.body.find("Thank you"), std::string::npos);

  const auto bad = post_form({{"name", ""}, {"email", "nope"}, {"message", "Hi"}}, browser_accept);
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.header("Content-Type").value_or("").find("text/html"), std::string::npos);
  EXPECT_NE(bad.body.find("Name is required"), std::string::npos);
  EXPECT_NE(bad.body.find("Email is not a valid email address"), std::string::npos);
  EXPECT_EQ(await_messages(1).size(), 1u);
}

}  // namespace
}  // namespace formcheck::testing::site_e2e
