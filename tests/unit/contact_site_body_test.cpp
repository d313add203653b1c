// The WhatsApp body the contact site sends, the faults that bend it, and its content
// negotiation (fixtures/contact-site/{whatsapp_body,faults,accept_header,contact_page}).
#include <gtest/gtest.h>

#include "fixtures/contact-site/accept_header.hpp"
#include "fixtures/contact-site/contact_page.hpp"
#include "fixtures/contact-site/faults.hpp"
#include "fixtures/contact-site/whatsapp_body.hpp"

namespace formcheck::site {
namespace {

Submission ayu() { return Submission{"Ayu Lestari", "ayu@example.com", "+62 812 3456 7890", "Hello, do you have a room?"}; }

Faults faults_from(std::vector<std::string> specs) {
  auto faults = parse_faults(specs);
  EXPECT_TRUE(faults) << faults.error();
  return faults ? *faults : Faults{};
}

TEST(contact_site_body, HasTheHeadingThenEachFieldOnItsOwnLine) {
  EXPECT_EQ(build_whatsapp_body(ayu()),
            "New contact form submission\nName: Ayu Lestari\nEmail: ayu@example.com\nPhone: +62 812 3456 7890\n"
            "Message:\nHello, do you have a room?");
  auto without_phone = ayu();
  without_phone.phone.clear();
  EXPECT_EQ(build_whatsapp_body(without_phone),
            "New contact form submission\nName: Ayu Lestari\nEmail: ayu@example.com\nMessage:\nHello, do you have a "
            "room?");
}

TEST(contact_site_body, PassesMarkupEmojiRtlAndScriptsThroughVerbatim) {
  auto submission = ayu();
  submission.message = "*bold* _it_ ~s~ ```code``` 🌊🏄 مرحبا <script>alert('x')</script> & \"q\"";
  const auto body = build_whatsapp_body(submission);
  EXPECT_NE(body.find("Message:\n" + submission.message), std::string::npos);
}

TEST(contact_site_body, DropFieldLeavesTheLineOut) {
  const auto body = build_whatsapp_body(ayu(), faults_from({"drop-field=email", "drop-field=phone"}));
  EXPECT_EQ(body.find("Email:"), std::string::npos);
  EXPECT_EQ(body.find("Phone:"), std::string::npos);
  EXPECT_NE(body.find("Name: Ayu Lestari"), std::string::npos);
}

TEST(contact_site_body, TruncateCutsTheMessageInCodePoints) {
  auto submission = ayu();
  submission.message = "🌊🌊🌊abc";
  const auto body = build_whatsapp_body(submission, faults_from({"truncate=4"}));
  EXPECT_EQ(body.substr(body.find("Message:\n") + 9), "🌊🌊🌊a");
}

TEST(contact_site_body, EscapeHtmlEscapesEveryValue) {
  auto submission = ayu();
  submission.name = "A&B";
  submission.message = "<script>\"hi\"</script>";
  const auto body = build_whatsapp_body(submission, faults_from({"escape-html"}));
  EXPECT_NE(body.find("Name: A&amp;B"), std::string::npos);
  EXPECT_NE(body.find("&lt;script&gt;&quot;hi&quot;&lt;/script&gt;"), std::string::npos);
}

TEST(contact_site_faults, ParsesEveryKnownFault) {
  const auto faults = faults_from({"silent-drop", "drop-field=name", "truncate=80", "sender=whatsapp:+14155238886",
                                   "recipient=whatsapp:+15550001111", "no-rate-limit", "delay=250", "duplicate",
                                   "status=500", "escape-html"});
  EXPECT_TRUE(faults.silent_drop);
  EXPECT_EQ(faults.dropped_fields, std::set<std::string>{"name"});
  EXPECT_EQ(faults.truncate, 80u);
  EXPECT_EQ(faults.sender, "whatsapp:+14155238886");
  EXPECT_EQ(faults.recipient, "whatsapp:+15550001111");
  EXPECT_TRUE(faults.no_rate_limit);
  EXPECT_EQ(faults.delay, std::chrono::milliseconds(250));
  EXPECT_TRUE(faults.duplicate);
  EXPECT_EQ(faults.status, 500);
  EXPECT_TRUE(faults.escape_html);
  EXPECT_EQ(faults.describe().size(), 10u);
}

TEST(contact_site_faults, RefusesUnknownOrIllFormedFaultsWithOneLine) {
  for (const char* bad : {"bogus", "drop-field=address", "truncate=-1", "truncate=x", "delay=", "status=99",
                          "status=600", "sender=", "duplicate=yes", "silent_drop"}) {
    const auto faults = parse_faults({bad});
    ASSERT_FALSE(faults) << bad;
    EXPECT_NE(faults.error().find(bad), std::string::npos) << faults.error();
    EXPECT_EQ(faults.error().find('\n'), std::string::npos);
  }
  EXPECT_FALSE(parse_faults({}).value().any());
}

TEST(contact_site_accept, OnlyAnExplicitPreferenceForHtmlSwitches) {
  EXPECT_TRUE(prefers_html("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"));
  EXPECT_TRUE(prefers_html("text/html"));
  EXPECT_TRUE(prefers_html("application/json;q=0.5, text/html"));
  EXPECT_FALSE(prefers_html(""));
  EXPECT_FALSE(prefers_html("*/*"));
  EXPECT_FALSE(prefers_html("application/json"));
  EXPECT_FALSE(prefers_html("text/html;q=0.5, application/json"));
  EXPECT_FALSE(prefers_html("text/html, application/json"));  // a tie keeps JSON
  EXPECT_FALSE(prefers_html("text/html;q=0"));
}

TEST(contact_site_pages, TheFormIsAccessibleAndWorksWithoutJavascript) {
  const auto page = contact_form_page();
  EXPECT_NE(page.find("<form id=\"contact-form\" method=\"post\" action=\"/api/contact\""), std::string::npos);
  for (const char* field : {"name", "email", "phone", "message"}) {
    EXPECT_NE(page.find(std::string("<label for=\"") + field + "\""), std::string::npos) << field;
  }
  EXPECT_NE(page.find("type=\"email\""), std::string::npos);
  EXPECT_NE(page.find("maxlength=\"5000\""), std::string::npos);
  EXPECT_NE(page.find("required"), std::string::npos);
  EXPECT_NE(page.find("aria-live=\"polite\""), std::string::npos);
}

TEST(contact_site_pages, TheResultPageEscapesWhatItShows) {
  const auto page = result_page(400, "Please check the form", "<b>x</b>", {{"email", "Email <bad>"}});
  EXPECT_NE(page.find("&lt;b&gt;x&lt;/b&gt;"), std::string::npos);
  EXPECT_NE(page.find("Email &lt;bad&gt;"), std::string::npos);
  EXPECT_EQ(page.find("<b>x</b>"), std::string::npos);
}

}  // namespace
}  // namespace formcheck::site
