// The HTML report and the Markdown summary: golden files (approval style) for a fixed result
// set, and the rules every page keeps: escaped, redacted, masked, nothing fetched, one chart
// mark per submission, a valid page before the run has finished.
//
// A changed rendering fails with the first differing line; when the change is intended,
// approve it by rewriting the golden files and reviewing the diff:
//   FORMCHECK_UPDATE_GOLDEN=1 build/bin/formcheck-unit-tests --gtest_filter='ReportHtml*'
//   git diff tests/golden/
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <set>

#include "harness/report/html_monitor.hpp"
#include "harness/report/html_run.hpp"
#include "harness/report/html_submissions.hpp"
#include "harness/report/summary_markdown.hpp"
#include "harness/util/pii.hpp"
#include "tests/support/standin.hpp"
#include "tests/unit/report_fixture.hpp"

namespace formcheck::report {
namespace {

using namespace test_data;
using namespace std::chrono_literals;

// 2024-05-01T12:00:00Z: golden files must not depend on the clock or the machine.
constexpr std::chrono::sys_seconds kStarted{std::chrono::seconds(1714564800)};

HtmlRunMeta fixed_meta(std::optional<int> exit_code) {
  HtmlRunMeta meta;
  meta.run.run_id = "fc-golden";
  meta.run.started_at = kStarted;
  meta.run.hostname = "ci-host";
  meta.run.total_time = 42'500ms;
  meta.exit_code = exit_code;
  meta.latency_budget_s = 5;
  meta.version = "0.0.0-golden";
  meta.base_dir = "/reports";
  return meta;
}

// A submission judged by three checks, as evaluate writes them (same token, same evidence).
std::vector<CaseResult> submission_cases(const std::string& target, const std::string& token, int latency_ms,
                                         const std::string& status) {
  std::vector<CaseResult> out;
  for (const char* name : {"contact-form/accepted", "contact-form/delivered", "contact-form/latency"}) {
    auto c = make_case("delivery", target, name, Outcome::passed, "ok");
    c.add_property("token", token);
    c.add_property("http_status", "200");
    c.add_property("message_sid", "SM" + token);
    c.add_property("status", status);
    c.add_property("from", "whatsapp:+15557654321");
    c.add_property("to", "whatsapp:+6281234567890");
    if (status == "delivered") {
      c.add_property("latency_ms", std::to_string(latency_ms));
      c.add_property("latency_poll_bound_ms", "250");
    } else {
      c.add_property("error_code", "63015");
    }
    c.timeline = {{0ms, "POST http://127.0.0.1:3000/api/contact → HTTP 200"},
                  {160ms, "Twilio status: queued"},
                  {std::chrono::milliseconds(latency_ms), "Twilio status: " + status}};
    out.push_back(c);
  }
  if (status != "delivered") {
    out[1].outcome = Outcome::failed;
    out[1].message = "SM" + token + " ended 'failed' with error 63015 — fix: have staff join the sandbox";
    out[2].outcome = Outcome::skipped;
  }
  return out;
}

std::vector<CaseResult> golden_cases() {
  auto cases = mixed_cases();
  for (auto& c : retried_cases()) {
    cases.push_back(c);
  }
  for (const auto& [target, token, ms, status] :
       std::vector<std::tuple<std::string, std::string, int, std::string>>{{"production", "fc-g-1", 1600, "delivered"},
                                                                          {"production", "fc-g-2", 6200, "delivered"},
                                                                          {"local", "fc-g-3", 900, "delivered"},
                                                                          {"local", "fc-g-4", 500, "failed"}}) {
    for (auto& c : submission_cases(target, token, ms, status)) {
      cases.push_back(c);
    }
  }
  auto audit = make_case("audit", "production", "vercel/TWILIO_AUTH_TOKEN-sensitive", Outcome::failed,
                         "TWILIO_AUTH_TOKEN is stored as Plain");
  audit.add_property("fix", "mark TWILIO_AUTH_TOKEN as Sensitive in Vercel | then rotate it");
  audit.add_property("screenshot chromium Pixel 7", "/reports/shots/pixel7.png");
  audit.add_property("screenshot hostile", "https://example.com/track.png");
  cases.push_back(audit);
  return cases;
}

MonitorPage golden_monitor_page() {
  MonitorPage page;
  page.name = "production";
  page.since = kStarted - 6h;
  page.until = kStarted;
  page.staff = "whatsapp:+6281234567890";
  page.expected_sender = "whatsapp:+15557654321";
  page.guests = {40, 36, 4, 0, "90.00%"};
  page.tests = {3, 3, 0, 0, "100.00%"};
  for (int h = 0; h < 7; ++h) {
    MonitorHour hour;
    hour.start = kStarted - 6h + std::chrono::hours(h);
    hour.delivered = static_cast<size_t>(5 + h % 3);
    hour.failed = h == 3 ? 4 : 0;
    hour.pending = h == 6 ? 1 : 0;
    hour.tests = h == 6 ? 3 : 0;
    if (h != 2) {
      hour.p50 = 2.0 + h * 0.1;
      hour.p95 = 6.0 + h;
      hour.max = 8.0 + h;
    }
    page.hours.push_back(hour);
  }
  page.burst = std::pair{std::chrono::system_clock::time_point(kStarted - 3h + 5min),
                         std::chrono::system_clock::time_point(kStarted - 3h + 44min)};
  page.burst_failures = 4;
  page.burst_messages = 9;
  page.latency_budget_s = 30;
  page.p50 = 2.3;
  page.p95 = 9;
  page.max = 14;
  page.failures = {{"63016", 4, 4, 0, "outside the 24-hour customer-service window <use a template>",
                    {"SM1", "SM2", "SM3", "SM4"}}};
  return page;
}

std::vector<CaseResult> monitor_cases() {
  auto burst = make_case("monitor", "production", "failure-burst", Outcome::failed,
                         "4 failures within 60 minutes — fix: send an approved template");
  auto rate = make_case("monitor", "production", "delivery-rate", Outcome::passed, "90.00% delivered");
  return {burst, rate};
}

// Compares `actual` with tests/golden/<name>, or rewrites it under FORMCHECK_UPDATE_GOLDEN=1.
void expect_golden(const std::string& name, const std::string& actual) {
  const auto path = std::filesystem::path(testing::source_dir()) / "tests" / "golden" / name;
  if (const char* update = std::getenv("FORMCHECK_UPDATE_GOLDEN"); update != nullptr && *update != '\0') {
    std::ofstream(path, std::ios::binary) << actual;
    GTEST_SKIP() << "rewrote " << path << ": review it with git diff";
  }
  ASSERT_TRUE(std::filesystem::exists(path)) << path << " is missing: run with FORMCHECK_UPDATE_GOLDEN=1 to create it";
  const std::string expected = read_text(path);
  if (expected == actual) {
    return;
  }
  size_t line = 1, at = 0;
  while (at < expected.size() && at < actual.size() && expected[at] == actual[at]) {
    line += expected[at] == '\n' ? 1 : 0;
    ++at;
  }
  const auto line_of = [](const std::string& text, size_t pos) {
    const auto begin = text.rfind('\n', pos == 0 ? 0 : pos - 1);
    const auto start = begin == std::string::npos ? 0 : begin + 1;
    return text.substr(start, std::min<size_t>(text.find('\n', start) - start, 400));
  };
  ADD_FAILURE() << name << " differs from the approved rendering at line " << line << ":\n  approved: "
                << line_of(expected, at) << "\n  now:      " << line_of(actual, at)
                << "\nIf the change is intended: FORMCHECK_UPDATE_GOLDEN=1 build/bin/formcheck-unit-tests "
                   "--gtest_filter='ReportHtml*', then review git diff tests/golden/";
}

size_t count(const std::string& text, const std::string& needle) {
  size_t n = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) {
    ++n;
  }
  return n;
}

// What would make a browser fetch something: any src/href that is not a fragment or a path
// beside the file, any CSS url(), @import, script, link, iframe, object, embed, base or meta refresh.
std::vector<std::string> fetching_constructs(const std::string& html) {
  std::vector<std::string> found;
  for (const std::string attribute : {"src=\"", "href=\"", "srcset=\"", "action=\"", "poster=\""}) {
    for (auto at = html.find(attribute); at != std::string::npos; at = html.find(attribute, at + 1)) {
      const auto value = html.substr(at + attribute.size(), html.find('"', at + attribute.size()) - at - attribute.size());
      if (value.find(':') != std::string::npos || value.rfind("//", 0) == 0) {
        found.push_back(attribute + value);
      }
    }
  }
  for (const std::string tag : {"url(", "@import", "<script", "<link", "<iframe", "<object", "<embed", "<base",
                                "http-equiv=\"refresh", "<audio", "<video", "<form"}) {
    if (html.find(tag) != std::string::npos) {
      found.push_back(tag);
    }
  }
  return found;
}

class ReportHtml : public ReportSecretsTest {};

TEST_F(ReportHtml, RunPageMatchesTheApprovedRendering) {
  expect_golden("run_report.html", render_run_html(golden_cases(), fixed_meta(1)));
}

TEST_F(ReportHtml, PageWrittenAtTheStartMatchesTheApprovedRendering) {
  auto cases = golden_cases();
  for (auto& c : cases) {
    CaseResult planned;
    planned.suite = c.suite;
    planned.target = c.target;
    planned.name = c.name;
    c = planned;
  }
  const auto html = render_run_html(cases, fixed_meta(std::nullopt));
  EXPECT_NE(html.find("RUNNING"), std::string::npos);
  EXPECT_EQ(count(html, "data-outcome=\"not-run\""), cases.size());
  expect_golden("run_report_at_start.html", html);
}

TEST_F(ReportHtml, MonitorPageMatchesTheApprovedRendering) {
  expect_golden("monitor_report.html", render_monitor_html(monitor_cases(), golden_monitor_page(), fixed_meta(1)));
}

TEST_F(ReportHtml, MarkdownSummaryMatchesTheApprovedRendering) {
  expect_golden("summary.md", render_summary_markdown(golden_cases(), fixed_meta(1)));
}

TEST_F(ReportHtml, NothingInThePageMakesTheBrowserFetchAnything) {
  for (const auto& html : {render_run_html(golden_cases(), fixed_meta(1)),
                           render_monitor_html(monitor_cases(), golden_monitor_page(), fixed_meta(1))}) {
    EXPECT_EQ(fetching_constructs(html), std::vector<std::string>{});
    EXPECT_NE(html.find("Content-Security-Policy"), std::string::npos);
  }
  // A screenshot given as a URL is dropped; one given as a path is linked relative to the page.
  const auto html = render_run_html(golden_cases(), fixed_meta(1));
  EXPECT_EQ(html.find("example.com/track.png"), std::string::npos);
  EXPECT_NE(html.find("src=\"shots/pixel7.png\""), std::string::npos);
}

TEST_F(ReportHtml, HostileTextIsEscapedNeverMarkup) {
  auto cases = mixed_cases();
  cases[0].message = "<script>alert(1)</script><img src=x onerror=alert(2)>";
  cases[0].add_property("body", "</dd><style>*{display:none}</style>");
  const auto html = render_run_html(cases, fixed_meta(1));
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("<img src=x"), std::string::npos);
  EXPECT_EQ(count(html, "<style>"), 1u);  // the page's own
  EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  // Control characters and invalid UTF-8 from kHostile never reach the page.
  EXPECT_EQ(html.find('\x1b'), std::string::npos);
  EXPECT_EQ(html.find(std::string(1, '\0')), std::string::npos);
  EXPECT_EQ(html.find("\xff"), std::string::npos);
}

TEST_F(ReportHtml, SecretsAndPersonalDataNeverReachThePageOrTheSummary) {
  const std::string token = "a1b2c3d4e5f60718293a4b5c6d7e8f90";
  register_secret(token);
  set_pii_masking(true);
  auto cases = mixed_cases();
  for (auto& c : cases) {
    c.message += " token=" + token + " guest +6281298765432";
    c.detail += "Authorization: Basic " + base64_encode("ACx:" + token);
    c.timeline.push_back({5ms, "POST https://u:" + token + "@example.com/api"});
    c.add_property("from", "whatsapp:+6281298765432");
    c.attachment += token;
    c.name += token;
  }
  const auto html = render_run_html(cases, fixed_meta(1));
  const auto markdown = render_summary_markdown(cases, fixed_meta(1));
  set_pii_masking(false);
  clear_pii_for_testing();
  for (const auto& text : {html, markdown}) {
    EXPECT_EQ(text.find(token), std::string::npos);
    EXPECT_EQ(text.find(base64_encode("ACx:" + token)), std::string::npos);
    EXPECT_EQ(text.find("6281298765432"), std::string::npos);
    EXPECT_NE(text.find("REDACTED"), std::string::npos);  // Markdown escapes its brackets
  }
}

TEST_F(ReportHtml, EachTargetsChartHasOneMarkPerSubmission) {
  const auto html = render_run_html(golden_cases(), fixed_meta(1));
  // production: fc-g-1, fc-g-2 (over the 5 s budget); local: fc-g-3, fc-g-4 (never delivered);
  // preview: the retried case's deciding attempt (delivered, no latency in its evidence).
  EXPECT_EQ(count(html, "<figure data-target=\"production\" data-submissions=\"2\">"), 1u);
  EXPECT_EQ(count(html, "<figure data-target=\"local\" data-submissions=\"2\">"), 1u);
  EXPECT_EQ(count(html, "<figure data-target=\"preview\" data-submissions=\"1\">"), 1u);
  EXPECT_EQ(count(html, "class=\"mark delivered\""), 3u);
  EXPECT_EQ(count(html, "class=\"mark undelivered\""), 1u);
  EXPECT_EQ(count(html, "class=\"mark unmeasured\""), 1u);
  EXPECT_EQ(count(html, "class=\"budget\""), 3u);
  EXPECT_NE(html.find("latency_s budget 5.0 s"), std::string::npos);
}

TEST_F(ReportHtml, FailuresComeFirstWithTheirFix) {
  const auto html = render_run_html(golden_cases(), fixed_meta(1));
  const auto problems = html.find("id=\"problems\"");
  const auto latency = html.find("id=\"latency\"");
  const auto fix = html.find("<b>Fix:</b> have staff join the sandbox");
  ASSERT_NE(fix, std::string::npos);
  EXPECT_LT(problems, fix);
  EXPECT_LT(fix, latency);
  EXPECT_NE(html.find("FAILED — exit code 1"), std::string::npos);
}

TEST_F(ReportHtml, FixComesFromThePropertyOrTheMessagesFixClause) {
  auto c = make_case("audit", "local", "x", Outcome::failed, "sandbox sender — fix: set the number");
  EXPECT_EQ(fix_of(c), "set the number");
  c.message = "HTTP 404 (fix: point form.path at the route)";
  EXPECT_EQ(fix_of(c), "point form.path at the route");
  c.message = "the URL prefix: /api is wrong";
  EXPECT_EQ(fix_of(c), "");
  c.add_property("fix", "from the property");
  EXPECT_EQ(fix_of(c), "from the property");
}

TEST_F(ReportHtml, MonitorPageDrawsEveryHourAndShadesTheBurst) {
  const auto html = render_monitor_html(monitor_cases(), golden_monitor_page(), fixed_meta(1));
  EXPECT_EQ(count(html, "<g class=\"hour\">"), 7u);
  EXPECT_EQ(count(html, "<g class=\"burst\">"), 1u);
  EXPECT_NE(html.find("failure burst: 4 failure(s) of 9 message(s), 2024-05-01 09:05 to 09:44 UTC"), std::string::npos);
  for (const char* line : {"class=\"max\"", "class=\"p95\"", "class=\"p50\""}) {
    EXPECT_EQ(count(html, line), 1u) << line;
  }
  // Escaped like everything else: the diagnosis carried a '<'.
  EXPECT_NE(html.find("&lt;use a template&gt;"), std::string::npos);
  auto failed_log = golden_monitor_page();
  failed_log.error = "the Twilio message log could not be read: HTTP 401";
  const auto error_page = render_monitor_html(monitor_cases(), failed_log, fixed_meta(3));
  EXPECT_NE(error_page.find("HTTP 401"), std::string::npos);
  EXPECT_EQ(error_page.find("<g class=\"hour\">"), std::string::npos);
}

TEST_F(ReportHtml, VerdictNamesTheExitCode) {
  EXPECT_EQ(verdict_label(0).text, "PASSED");
  EXPECT_EQ(verdict_label(1).text, "FAILED");
  EXPECT_EQ(verdict_label(3).text, "ERROR");
  EXPECT_EQ(verdict_label(130).text, "INTERRUPTED");
  EXPECT_EQ(verdict_label(std::nullopt).text, "RUNNING");
}

TEST_F(ReportHtml, MarkdownCellsCannotBreakTheTable) {
  auto cases = mixed_cases();
  cases.push_back(make_case("deli|very", "pro|d", "a|b\nc", Outcome::failed, "x | y\nz"));
  const auto markdown = render_summary_markdown(cases, fixed_meta(1));
  EXPECT_NE(markdown.find("a\\|b c"), std::string::npos);
  EXPECT_NE(markdown.find("x \\| y z"), std::string::npos);
  EXPECT_NE(markdown.find("| pro\\|d |"), std::string::npos);
}

TEST_F(ReportHtml, StepSummaryIsAppendedNotReplaced) {
  ScratchDir dir;
  const auto path = dir.path() / "step-summary.md";
  std::ofstream(path) << "earlier step\n";
  ASSERT_TRUE(append_to_file(path, "### formcheck\n").has_value());
  EXPECT_EQ(read_text(path), "earlier step\n### formcheck\n");
  EXPECT_FALSE(append_to_file(dir.path() / "missing-dir" / "x.md", "y").has_value());
}

}  // namespace
}  // namespace formcheck::report
