// The conventions a CLI user expects: did-you-mean, JSON with comments and trailing commas,
// strict types in formcheck.json, --color / NO_COLOR / FORCE_COLOR / TERM=dumb, the heartbeat
// line, one line for an error every check of a target shares; and the protected-preview
// pieces that need no server (which headers a target's requests carry, Vercel's wall told
// apart from a site's own 401).
#include "harness/config/config.hpp"
#include "harness/report/console_summary.hpp"
#include "harness/report/terminal_style.hpp"
#include "harness/run/dry_run.hpp"
#include "harness/run/heartbeat.hpp"
#include "harness/target/target_access.hpp"
#include "harness/util/did_you_mean.hpp"
#include "harness/util/jsonc.hpp"

#include <gtest/gtest.h>

namespace formcheck {
namespace {

TEST(DidYouMean, SuggestsTheNearestNameForATypo) {
  const std::vector<std::string> commands{"run", "validate", "monitor", "audit", "demo"};
  EXPECT_EQ(closest_name("runn", commands), "run");
  EXPECT_EQ(closest_name("moniter", commands), "monitor");
  EXPECT_EQ(closest_name("sendr", {"delivery", "sender", "passthrough", "rate-limit"}), "sender");
  EXPECT_EQ(closest_name("previw", {"local", "preview", "production"}), "preview");
  EXPECT_EQ(did_you_mean_suffix("runn", commands), " — did you mean 'run'?");
}

TEST(DidYouMean, StaysQuietForADifferentWord) {
  const std::vector<std::string> commands{"run", "validate", "monitor", "audit", "demo"};
  EXPECT_FALSE(closest_name("deploy", commands));
  EXPECT_FALSE(closest_name("foo", commands));  // short names need a near miss, not 2 edits
  EXPECT_EQ(did_you_mean_suffix("deploy", commands), "");
}

TEST(Jsonc, TrailingCommasAreBlankedOutsideStringsAndComments) {
  EXPECT_EQ(blank_trailing_commas(R"({"a": [1, 2,], "b": 3,})"), R"({"a": [1, 2 ], "b": 3 })");
  EXPECT_EQ(blank_trailing_commas("{\"a\": 1, // last\n}"), "{\"a\": 1  // last\n}");
  EXPECT_EQ(blank_trailing_commas("{\"a\": 1, /* c */ }"), "{\"a\": 1  /* c */ }");
  // Inside strings and comments nothing changes; "{,}" is not a trailing comma and stays an error.
  EXPECT_EQ(blank_trailing_commas(R"({"a": ",}", "b": "\",]"})"), R"({"a": ",}", "b": "\",]"})");
  EXPECT_EQ(blank_trailing_commas("{ // a,}\n}"), "{ // a,}\n}");
  EXPECT_EQ(blank_trailing_commas("{,}"), "{,}");
  EXPECT_EQ(blank_trailing_commas("[1,,]"), "[1,,]");
}

const char* kConfigWithTrailingCommas = R"({
  "twilio": { "account_sid": "AC0123456789abcdef0123456789abcdef", "auth_token": "fedcba9876543210fedcba9876543210",
              "staff": "whatsapp:+6281234567890", },
  "expect": { "sender": "whatsapp:+15557654321", "latency_s": 30, },
  "form": { "fields": { "message": "Hello", }, },
  "targets": { "preview": { "url": "https://preview.example.com", }, },
  "suites": ["delivery", "sender",],  // the last comma too
})";

TEST(ConfigJsonc, TrailingCommasAreAccepted) {
  const auto config = config::parse_config(kConfigWithTrailingCommas, "formcheck.json", {});
  ASSERT_TRUE(config) << config.error().front().to_string();
  EXPECT_EQ(config->suites, (std::vector<std::string>{"delivery", "sender"}));
}

TEST(ConfigTypes, AQuotedNumberIsATypeErrorWithTheFix) {
  std::string text = kConfigWithTrailingCommas;
  text.replace(text.find("\"latency_s\": 30"), 15, "\"latency_s\": \"30\"");
  const auto config = config::parse_config(text, "formcheck.json", {});
  ASSERT_FALSE(config);
  ASSERT_EQ(config.error().size(), 1u);
  EXPECT_EQ(config.error()[0].to_string(),
            "formcheck.json: expect.latency_s: must be a number, not the string \"30\" (fix: write 30 "
            "without quotes "
            "(a string is allowed only for a ${VAR}))");
}

TEST(ConfigTypes, AVariableStillFillsANumber) {
  std::string text = kConfigWithTrailingCommas;
  text.replace(text.find("\"latency_s\": 30"), 15, "\"latency_s\": \"${LATENCY_S}\"");
  config::LoadOptions options;
  options.environment = {{"LATENCY_S", "12"}};
  const auto config = config::parse_config(text, "formcheck.json", options);
  ASSERT_TRUE(config) << config.error().front().to_string();
  EXPECT_EQ(config->expect.latency_s, 12);
}

const char* kPreviewConfig = R"({
  "twilio": { "account_sid": "AC0123456789abcdef0123456789abcdef", "auth_token": "fedcba9876543210fedcba9876543210",
              "staff": "whatsapp:+6281234567890" },
  "expect": { "sender": "whatsapp:+15557654321" },
  "form": { "fields": { "message": "Hello" }, "headers": { "X-Source": "form", "X-Both": "form" } },
  "targets": {
    "preview": { "url": "https://preview.example.com", "headers": { "x-both": "target" }, "wait_s": 120 },
    "production": { "url": "https://example.com" }
  }
})";

TEST(ProtectedPreview, VercelsVariableIsTheDefaultSecretOfNonProductionTargets) {
  config::LoadOptions options;
  options.environment = {{"VERCEL_AUTOMATION_BYPASS_SECRET", "bypass-1234567890abcdef"}};
  const auto config = config::parse_config(kPreviewConfig, "formcheck.json", options);
  ASSERT_TRUE(config) << config.error().front().to_string();
  EXPECT_EQ(config->targets[0].vercel_bypass_secret.reveal(), "bypass-1234567890abcdef");
  EXPECT_TRUE(config->targets[1].vercel_bypass_secret.empty())
      << "production is never behind the preview wall";
  EXPECT_EQ(config->targets[0].wait_s, 120);
  EXPECT_EQ(redact("x bypass-1234567890abcdef"), "x [REDACTED]");
}

TEST(ProtectedPreview, EveryRequestCarriesFormAndTargetHeadersAndTheBypass) {
  config::LoadOptions options;
  options.environment = {{"VERCEL_AUTOMATION_BYPASS_SECRET", "bypass-1234567890abcdef"}};
  const auto config = config::parse_config(kPreviewConfig, "formcheck.json", options);
  ASSERT_TRUE(config) << config.error().front().to_string();
  http::Request probe;
  probe.headers.push_back({"x-vercel-protection-bypass", "stale"});
  target::add_target_headers(probe, config->targets[0]);
  EXPECT_EQ(http::find_header(probe.headers, "X-Source"), "form");
  EXPECT_EQ(http::find_header(probe.headers, "X-Both"), "target");
  EXPECT_EQ(http::find_header(probe.headers, "x-vercel-protection-bypass"), "bypass-1234567890abcdef");
  size_t bypass_headers = 0;
  for (const auto& h : probe.headers) {
    bypass_headers += h.name == "x-vercel-protection-bypass" ? 1 : 0;
  }
  EXPECT_EQ(bypass_headers, 1u);
}

http::Response answer(long status, http::Headers headers, std::string body = {}) {
  http::Response r;
  r.url = "https://preview.example.com/";
  r.status = status;
  r.headers = std::move(headers);
  r.body = std::move(body);
  return r;
}

TEST(ProtectedPreview, VercelsWallIsToldApartFromTheSitesOwn401) {
  config::TargetSettings target;
  target.name = "preview";
  EXPECT_TRUE(target::is_vercel_auth_wall(answer(401, {{"Server", "Vercel"}})));
  EXPECT_TRUE(target::is_vercel_auth_wall(answer(401, {{"set-cookie", "_vercel_sso_nonce=x; Path=/"}})));
  EXPECT_TRUE(target::is_vercel_auth_wall(answer(403, {}, "<a href=\"https://vercel.com/sso-api?url=x\">")));
  EXPECT_FALSE(target::is_vercel_auth_wall(answer(401, {{"Server", "nginx"}})));
  EXPECT_FALSE(target::is_vercel_auth_wall(answer(200, {{"Server", "Vercel"}})));

  const auto wall = target::access_refused(answer(401, {{"Server", "Vercel"}}), target);
  ASSERT_TRUE(wall);
  EXPECT_NE(wall->find("targets.preview.vercel_bypass_secret"), std::string::npos) << *wall;
  EXPECT_NE(wall->find("VERCEL_AUTOMATION_BYPASS_SECRET"), std::string::npos) << *wall;
  const auto own = target::access_refused(answer(403, {{"Server", "nginx"}}), target);
  ASSERT_TRUE(own);
  EXPECT_NE(own->find("targets.preview.headers"), std::string::npos) << *own;
  EXPECT_EQ(own->find("vercel"), std::string::npos) << *own;
  EXPECT_FALSE(target::access_refused(answer(404, {{"Server", "Vercel"}}), target));
}

using report::ColourMode;
using report::TerminalFacts;

TEST(TerminalStyle, ColourFollowsTheFlagThenNoColorThenForceColorThenTheTerminal) {
  const TerminalFacts tty{true, std::nullopt, std::nullopt, "xterm-256color"};
  const TerminalFacts pipe{false, std::nullopt, std::nullopt, "xterm-256color"};
  EXPECT_TRUE(report::decide_terminal_style(ColourMode::automatic, tty).colour);
  EXPECT_FALSE(report::decide_terminal_style(ColourMode::automatic, pipe).colour);
  EXPECT_TRUE(report::decide_terminal_style(ColourMode::always, pipe).colour);
  EXPECT_FALSE(report::decide_terminal_style(ColourMode::never, tty).colour);

  auto no_color = tty;
  no_color.no_color = "";  // set, even empty
  EXPECT_FALSE(report::decide_terminal_style(ColourMode::automatic, no_color).colour);
  EXPECT_TRUE(report::decide_terminal_style(ColourMode::always, no_color).colour) << "the flag wins";

  auto forced = pipe;
  forced.force_color = "1";
  EXPECT_TRUE(report::decide_terminal_style(ColourMode::automatic, forced).colour);
  forced.force_color = "0";
  EXPECT_FALSE(report::decide_terminal_style(ColourMode::automatic, forced).colour);
  EXPECT_EQ(report::parse_colour_mode("always"), ColourMode::always);
  EXPECT_FALSE(report::parse_colour_mode("yes"));
}

TEST(TerminalStyle, TheCursorMovesOnlyOnACapableTerminal) {
  const TerminalFacts dumb{true, std::nullopt, std::nullopt, "dumb"};
  EXPECT_FALSE(report::decide_terminal_style(ColourMode::automatic, dumb).cursor);
  EXPECT_FALSE(report::decide_terminal_style(ColourMode::automatic, dumb).colour);
  EXPECT_FALSE(report::decide_terminal_style(ColourMode::always, dumb).cursor)
      << "colour is not cursor movement";
  const TerminalFacts forced_pipe{false, std::nullopt, "1", "xterm"};
  EXPECT_FALSE(report::decide_terminal_style(ColourMode::automatic, forced_pipe).cursor);
  const TerminalFacts tty{true, std::nullopt, std::nullopt, "xterm"};
  EXPECT_TRUE(report::decide_terminal_style(ColourMode::never, tty).cursor);
}

TEST(Heartbeat, SaysWhatIsPendingAndForHowLong) {
  using std::chrono::milliseconds;
  EXPECT_EQ(run::heartbeat_line({}), "");
  const std::vector<checks::PendingView> pending{
      {"fc-abc123-0-1", "delivered", milliseconds(4000), milliseconds(35000), "queued"},
      {"fc-abc123-0-2", "delivered", milliseconds(16200), milliseconds(35000), "sent"}};
  EXPECT_EQ(run::heartbeat_line(pending),
            "… still waiting: 2 pending; longest fc-abc123-0-2 for delivered (last: sent) 16 s of 35 s");
}

TEST(ConsoleSummary, AnErrorSharedByEveryCheckOfATargetIsListedOnce) {
  std::vector<results::CaseResult> cases;
  for (const char* name : {"contact-form/accepted", "contact-form/delivered", "contact-form/latency"}) {
    results::CaseResult c;
    c.suite = "delivery";
    c.target = "preview";
    c.name = name;
    c.outcome = results::Outcome::error;
    c.message = "preflight of 'preview' failed: connection refused";
    cases.push_back(c);
  }
  const auto table = report::render_summary_table(cases, false);
  size_t mentions = 0;
  for (auto at = table.find("connection refused"); at != std::string::npos;
       at = table.find("connection refused", at + 1)) {
    ++mentions;
  }
  EXPECT_EQ(mentions, 1u) << table;
  EXPECT_NE(table.find("(and 2 more check(s) with the same error)"), std::string::npos) << table;
  EXPECT_NE(table.find("0 passed, 0 failed, 3 errors"), std::string::npos) << table;
}

}  // namespace
}  // namespace formcheck

namespace formcheck::run {
namespace {

TEST(DryRun, TheEstimatePacesSubmissionsAsTheRateGateDoesThenWaitsForTheLastDelivery) {
  config::TargetSettings target;
  target.name = "preview";
  target.rate_limit = {5, 60};
  target.expect.latency_s = 30;
  results::Suite delivery;
  delivery.kind = results::SuiteKind::delivery;
  delivery.cases.resize(7);
  PlannedTarget planned{target, {delivery}, 7, 7, {}};
  // The warm-up GET and 4 at once, the 5th to 7th when the first leaves the window (60 s + the
  // gate's 0.25 s margin).
  EXPECT_DOUBLE_EQ(estimate_attempt_seconds(planned), 60.25 + 30);
  planned.suites.front().cases.resize(4);
  EXPECT_DOUBLE_EQ(estimate_attempt_seconds(planned), 30);
}

TEST(DryRun, APreviewHasABudgetByDefaultAndALocalTargetDoesNot) {
  const auto config = config::parse_config(R"({
    "twilio": { "account_sid": "AC0123456789abcdef0123456789abcdef", "auth_token": "fedcba9876543210fedcba9876543210",
                "staff": "whatsapp:+6281234567890" },
    "expect": { "sender": "whatsapp:+15557654321" },
    "form": { "fields": { "message": "Hello" } },
    "targets": { "local": { "url": "http://127.0.0.1:3000", "start": { "command": ["npm", "run", "dev"] } },
                 "preview": { "url": "https://preview.example.com" },
                 "staging": { "url": "https://staging.example.com", "max_messages": 12 } }
  })",
                                           "formcheck.json", {});
  ASSERT_TRUE(config) << config.error().front().to_string();
  EXPECT_FALSE(config->targets[0].max_messages);
  EXPECT_EQ(config->targets[1].max_messages, 100);
  EXPECT_EQ(config->targets[2].max_messages, 12);
}

}  // namespace
}  // namespace formcheck::run
