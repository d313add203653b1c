// The 24-hour WhatsApp window end to end: staff's inbound messages in the emulator, the
// window check of `audit` and `monitor` (the real binary), a free-form site whose run then
// fails with 63016, and a site that sends a Content Template, which passes with the window
// closed.
#include "tests/e2e/run_fixture.hpp"

namespace formcheck::testing::run_e2e {
namespace {

constexpr const char* kTemplate = "HX5e1ec7ed5e1ec7ed5e1ec7ed5e1ec7ed";
constexpr const char* kTemplateText =
    "New contact form submission\nName: {{1}}\nEmail: {{2}}\nPhone: {{4}}\nMessage:\n{{3}}";

class WhatsAppWindow : public RunFixture {
 protected:
  void staff_wrote(double ago_s) const {
    post("/__emulator/inbound",
         {{"from", kStaff}, {"to", kSender}, {"body", "Noted, thanks"}, {"ago_s", ago_s}});
  }

  void post(const std::string& path, const json& body) const {
    http::Request request;
    request.method = http::Method::post;
    request.url = emulator_url() + path;
    http::set_json_body(request, body);
    const auto response = http::perform(request);
    ASSERT_EQ(response.status, 200) << path << ": " << response.body;
  }

  RunResult command(const std::string& name, const std::filesystem::path& config,
                    std::vector<std::string> extra) {
    const auto tag = name + std::to_string(++m_runs);
    const auto junit = dir() / (tag + "-junit.xml");
    const auto json_path = dir() / (tag + "-results.json");
    std::vector<std::string> args{name,           "--config", config.string(),   "--junit",
                                  junit.string(), "--json",   json_path.string()};
    args.insert(args.end(), extra.begin(), extra.end());
    return formcheck(args, 60s, tag, junit, json_path);
  }
  RunResult audit(const std::filesystem::path& config) {
    return command("audit", config, {"--target", "production"});
  }
  RunResult monitor(const std::filesystem::path& config) {
    return command("monitor", config, {"--since", "24h"});
  }

  int m_runs = 0;
};

TEST_F(WhatsAppWindow, ClosedWindowFailsTheCheckWithTheFixAndAFreeFormRunThenShows63016) {
  start_emulator();
  staff_wrote(24 * 3600 + 60);  // 24 h 01 m ago
  auto* site = start_site();
  ASSERT_NE(site, nullptr);
  auto config = base_config();
  config["targets"]["site"] = remote_target(*site);
  const auto path = write_config(config);

  const auto audited = audit(path);
  EXPECT_EQ(audited.code, 1) << audited.diagnosis();
  EXPECT_EQ(outcome(audited.results, "audit", "production", "twilio/whatsapp-window"), "failed")
      << case_table(audited.results);
  const auto why = message_of(audited.results, "audit", "production", "twilio/whatsapp-window");
  EXPECT_NE(why.find("free-form notifications to staff will fail with 63016 from"), std::string::npos) << why;
  EXPECT_NE(why.find("have staff send any WhatsApp message to"), std::string::npos) << why;

  const auto monitored = monitor(path);
  EXPECT_EQ(outcome(monitored.results, "monitor", "production", "whatsapp-window"), "failed")
      << case_table(monitored.results) << monitored.diagnosis();
  EXPECT_NE(monitored.out.find("staff's messages to the sender"), std::string::npos) << monitored.out;

  // What the check foresaw: a free-form notification now fails with 63016.
  const auto ran = run(path, {"--suite", "delivery"});
  ASSERT_TRUE(ran.finished) << ran.diagnosis();
  EXPECT_EQ(ran.code, 1) << case_table(ran.results);
  EXPECT_EQ(outcome(ran.results, "delivery", "site", "contact-form/delivered"), "failed")
      << case_table(ran.results);
  EXPECT_NE(message_of(ran.results, "delivery", "site", "contact-form/delivered").find("63016"),
            std::string::npos);
}

TEST_F(WhatsAppWindow, OpenWindowPassesWithTheTimeLeftAndMonitorListsStaffsMessages) {
  start_emulator();
  staff_wrote(30 * 3600);  // outside the last 24 h: not listed
  staff_wrote(2 * 3600);
  const auto path = write_config(base_config());
  const auto monitored = monitor(path);
  EXPECT_EQ(monitored.code, 0) << monitored.diagnosis() << case_table(monitored.results);
  EXPECT_EQ(outcome(monitored.results, "monitor", "production", "whatsapp-window"), "passed");
  const auto why = message_of(monitored.results, "monitor", "production", "whatsapp-window");
  EXPECT_NE(why.find("the 24-hour window is open"), std::string::npos) << why;
  EXPECT_TRUE(why.find("(21 h 59 m left)") != std::string::npos ||
              why.find("(22 h 00 m left)") != std::string::npos)
      << why;
  ASSERT_TRUE(monitored.results.contains("monitor")) << monitored.json_text.substr(0, 2000);
  const auto& window = monitored.results["monitor"]["whatsapp_window"];
  ASSERT_EQ(window["inbound_24h"].size(), 1u) << window.dump(2);
  EXPECT_NE(monitored.out.find(window["inbound_24h"][0]["sid"].get<std::string>()), std::string::npos)
      << monitored.out;
  EXPECT_NE(monitored.out.find("in the last 24 h: 1"), std::string::npos) << monitored.out;
}

TEST_F(WhatsAppWindow, TemplateSiteDeliversAndPassesPassthroughWithTheWindowClosed) {
  start_emulator();
  post("/__emulator/scenario", {{"content_templates", {{kTemplate, kTemplateText}}}});
  staff_wrote(2 * 86400);  // closed a day ago
  auto* site = start_site({"--template", kTemplate});
  ASSERT_NE(site, nullptr);
  auto config = base_config();
  config["targets"]["site"] = remote_target(*site);
  const auto path = write_config(config);
  const auto ran = run(path, {"--suite", "delivery", "--suite", "sender", "--suite", "passthrough"}, 120s);
  ASSERT_TRUE(ran.finished) << ran.diagnosis();
  EXPECT_EQ(ran.code, 0) << case_table(ran.results) << ran.diagnosis();
  EXPECT_EQ(outcome(ran.results, "passthrough", "site", "emoji"), "passed") << case_table(ran.results);
  EXPECT_EQ(outcome(ran.results, "sender", "site", "sender-and-recipient/expected-sender"), "passed");

  // Afterwards the window check sees notifications delivered while it was closed: templates.
  const auto audited = audit(path);
  EXPECT_EQ(outcome(audited.results, "audit", "production", "twilio/whatsapp-window"), "skipped")
      << case_table(audited.results);
  EXPECT_NE(
      message_of(audited.results, "audit", "production", "twilio/whatsapp-window").find("does not apply"),
      std::string::npos);
}

TEST_F(WhatsAppWindow, AFieldMissingFromTheTemplatesVariablesIsNamed) {
  start_emulator();
  post("/__emulator/scenario", {{"content_templates", {{kTemplate, kTemplateText}}}});
  staff_wrote(60);
  auto* site = start_site({"--template", kTemplate, "--fault", "drop-field=email"});
  ASSERT_NE(site, nullptr);
  auto config = base_config();
  config["targets"]["site"] = remote_target(*site);
  config["whatsapp_window"] = {{"site_sends", "template"}};
  const auto ran = run(write_config(config), {"--suite", "delivery", "--suite", "passthrough"}, 120s);
  ASSERT_TRUE(ran.finished) << ran.diagnosis();
  EXPECT_EQ(ran.code, 1) << case_table(ran.results);
  // Twilio fails a template whose placeholder has no value (63028) ...
  EXPECT_NE(message_of(ran.results, "delivery", "site", "contact-form/delivered").find("63028"),
            std::string::npos)
      << case_table(ran.results);
  // ... and passthrough names the field as missing from the template's variables.
  EXPECT_EQ(outcome(ran.results, "passthrough", "site", "plain-english"), "failed")
      << case_table(ran.results);
  const auto why = message_of(ran.results, "passthrough", "site", "plain-english");
  EXPECT_NE(why.find("email missing from the template's variables"), std::string::npos) << why;
}

}  // namespace
}  // namespace formcheck::testing::run_e2e
