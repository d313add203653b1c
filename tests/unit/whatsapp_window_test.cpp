// The window check's arithmetic and wording (pure: a WindowLog built by hand), the template
// detection, and the passthrough hint for template messages.
#include "harness/checks/whatsapp_window.hpp"

#include "fixtures/contact-site/whatsapp_body.hpp"
#include "harness/checks/template_hint.hpp"
#include "harness/config/config.hpp"

#include <gtest/gtest.h>

namespace formcheck::checks::window {
namespace {

using namespace std::chrono_literals;
using twilio::Timestamp;

constexpr const char* kStaff = "whatsapp:+6281234567890";
constexpr const char* kSender = "whatsapp:+15557654321";
const Timestamp kNow = Timestamp(std::chrono::sys_days(std::chrono::year{2026} / 11 / 29)) + 15h;

twilio::Message message(const std::string& direction, Timestamp at, const std::string& status) {
  twilio::Message m;
  m.sid = "SM" + std::to_string(at.time_since_epoch().count());
  m.direction = direction;
  m.status = status;
  m.date_created = at;
  m.date_sent = at;
  return m;
}

WindowLog log_with_inbound(std::vector<std::chrono::seconds> ago) {
  WindowLog log;
  log.now = kNow;
  log.looked_since = Timestamp(std::chrono::floor<std::chrono::days>(kNow - kLookBack));
  for (auto a : ago) {
    log.inbound.push_back(message("inbound", kNow - a, "received"));
  }
  return log;
}

WindowCheck check(config::WindowSettings settings = {}) {
  return {"audit", "twilio/whatsapp-window", kStaff, kSender, settings};
}

TEST(WhatsAppWindow, OpenWithTheTimeLeftFromTheNewestInboundMessage) {
  const auto r = judge_window(log_with_inbound({30h, 2h, 5h}), check());
  EXPECT_EQ(r.outcome, results::Outcome::passed);
  EXPECT_NE(r.message.find("it closes at 2026-11-30 13:00 UTC (22 h 00 m left)"), std::string::npos)
      << r.message;
}

TEST(WhatsAppWindow, EdgesAt23h59mAnd24h01m) {
  const auto open = judge_window(log_with_inbound({23h + 59min}), check());
  EXPECT_EQ(open.outcome, results::Outcome::passed) << open.message;
  EXPECT_NE(open.message.find("only 1 m left"), std::string::npos) << open.message;
  const auto closed = judge_window(log_with_inbound({24h + 1min}), check());
  EXPECT_EQ(closed.outcome, results::Outcome::failed);
  EXPECT_NE(closed.message.find("(24 h 01 m ago), so the 24-hour window closed at 2026-11-29 14:59 UTC"),
            std::string::npos)
      << closed.message;
  EXPECT_NE(closed.message.find("will fail with 63016 from 2026-11-29 14:59 UTC"), std::string::npos);
  const auto exactly = judge_window(log_with_inbound({24h}), check());
  EXPECT_EQ(exactly.outcome, results::Outcome::failed) << "at exactly 24 h the window is closed";
}

TEST(WhatsAppWindow, WarnsBelowTheThreshold) {
  config::WindowSettings settings;
  settings.warn_hours = 6;
  const auto warned = judge_window(log_with_inbound({18h + 1min}), check(settings));
  EXPECT_EQ(warned.outcome, results::Outcome::passed);
  EXPECT_EQ(warned.message.rfind("warning:", 0), 0u) << warned.message;
  const auto fine = judge_window(log_with_inbound({17h + 59min}), check(settings));
  EXPECT_EQ(fine.message.find("warning"), std::string::npos) << fine.message;
}

TEST(WhatsAppWindow, NoInboundMessageAtAllIsClosed) {
  const auto r = judge_window(log_with_inbound({}), check());
  EXPECT_EQ(r.outcome, results::Outcome::failed);
  EXPECT_NE(r.message.find("have not written to"), std::string::npos) << r.message;
}

TEST(WhatsAppWindow, ConfiguredTemplatesDoNotApply) {
  config::WindowSettings settings;
  settings.site_sends = config::WindowSettings::SiteSends::templates;
  const auto r = judge_window(log_with_inbound({}), check(settings));
  EXPECT_EQ(r.outcome, results::Outcome::skipped);
  EXPECT_NE(r.message.find("does not apply"), std::string::npos);
}

TEST(WhatsAppWindow, DeliveriesWhileClosedMeanTemplates) {
  auto log = log_with_inbound({40h});
  // Within 24 h of the inbound message: free-form could be delivered then. Not evidence.
  log.outbound.push_back(message("outbound-api", kNow - 20h, "delivered"));
  EXPECT_FALSE(detect_templates(log));
  // Failed while closed: that is what free-form text does. Not evidence either.
  log.outbound.push_back(message("outbound-api", kNow - 3h, "failed"));
  EXPECT_FALSE(detect_templates(log));
  // Delivered 37 h after staff's last message: only a template can be.
  log.outbound.push_back(message("outbound-api", kNow - 3h, "delivered"));
  const auto found = detect_templates(log);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->count, 1u);
  const auto r = judge_window(log, check());
  EXPECT_EQ(r.outcome, results::Outcome::skipped) << r.message;
  // Told the site sends free-form, the check judges the window anyway.
  config::WindowSettings free_form;
  free_form.site_sends = config::WindowSettings::SiteSends::free_form;
  EXPECT_EQ(judge_window(log, check(free_form)).outcome, results::Outcome::failed);
}

TEST(WhatsAppWindow, SpanText) {
  EXPECT_EQ(span_text(3h + 5min), "3 h 05 m");
  EXPECT_EQ(span_text(12min + 30s), "12 m");
  EXPECT_EQ(span_text(40s), "40 s");
  EXPECT_EQ(span_text(-5s), "0 s");
}

TEST(TemplateHint, NamesUnfilledPlaceholdersOrTheConfiguredTemplate) {
  EXPECT_EQ(checks::unfilled_placeholders("Name: Ayu\nEmail: {{2}}\nHi {{ not one }}"),
            std::vector<std::string>{"{{2}}"});
  EXPECT_NE(checks::template_hint("Email: {{2}}", false).find("{{2}}"), std::string::npos);
  EXPECT_NE(checks::template_hint("Name: Ayu", true).find("ContentVariables"), std::string::npos);
  EXPECT_EQ(checks::template_hint("Name: Ayu", false), "");
}

TEST(TemplateVariables, TheReferenceSitesContentVariables) {
  site::Submission s{"Ayu", "ayu@example.com", "", "Hi <there>"};
  EXPECT_EQ(site::build_template_variables(s),
            R"({"1":"Ayu","2":"ayu@example.com","3":"Hi <there>","4":"not given"})");
  site::Faults faults;
  faults.dropped_fields.insert("email");
  faults.escape_html = true;
  EXPECT_EQ(site::build_template_variables(s, faults),
            R"({"1":"Ayu","3":"Hi &lt;there&gt;","4":"not given"})");
}

TEST(WhatsAppWindowConfig, KeysAndTheirErrors) {
  const std::string head = R"({"twilio": {"account_sid": "AC00000000000000000000000000000000",
    "auth_token": "00000000000000000000000000000000", "staff": "whatsapp:+6281234567890"},
    "expect": {"sender": "whatsapp:+15551234567"}, )";
  config::LoadOptions options;
  options.purpose = config::Purpose::audit;
  const auto defaults = config::parse_config(head + R"("suites": []})", "f.json", options);
  ASSERT_TRUE(defaults);
  EXPECT_EQ(defaults->window.warn_hours, 6);
  EXPECT_EQ(defaults->window.site_sends, config::WindowSettings::SiteSends::detect);
  const auto set = config::parse_config(
      head + R"("whatsapp_window": {"warn_hours": 2.5, "site_sends": "template"}})", "f.json", options);
  ASSERT_TRUE(set);
  EXPECT_EQ(set->window.warn_hours, 2.5);
  EXPECT_EQ(set->window.site_sends, config::WindowSettings::SiteSends::templates);
  const auto bad = config::parse_config(
      head + R"("whatsapp_window": {"site_sends": "sms", "warn_hours": 30}})", "f.json", options);
  ASSERT_FALSE(bad);
  ASSERT_EQ(bad.error().size(), 2u);
  EXPECT_NE(bad.error()[0].to_string().find("whatsapp_window"), std::string::npos)
      << bad.error()[0].to_string();
}

}  // namespace
}  // namespace formcheck::checks::window
