// `formcheck run --html --summary-md` and `formcheck monitor --html` against the stand-ins, and
// the pages opened in a real headless Chromium with networking blocked: no console error,
// nothing fetched but the file itself, every check's name and outcome in the DOM, one chart
// mark per submission, and a screenshot kept under <build>/test-artifacts/ for people to look at.
// Cost: two submissions on each of two targets plus one Chromium session (about 5 s).
#include <cstdlib>
#include <fstream>
#include <set>

#include "tests/e2e/chromedriver_session.hpp"
#include "tests/e2e/run_fixture.hpp"

namespace formcheck::testing::run_e2e {
namespace {

std::filesystem::path artifact_dir() {
  const auto dir = std::filesystem::path(bin_path("formcheck")).parent_path().parent_path() / "test-artifacts";
  std::filesystem::create_directories(dir);
  return dir;
}

// Outcome names as the page writes them.
std::string page_outcome(const std::string& json_outcome) { return json_outcome == "not_run" ? "not run" : json_outcome; }

class HtmlReport : public RunFixture {
 protected:
  // Opens `page` and checks what every report page must hold in a browser; returns the DOM
  // facts the caller compares with the results.
  json open_and_check(ChromeSession& chrome, const std::filesystem::path& page, const std::string& screenshot) {
    EXPECT_TRUE(chrome.open(page)) << page;
    const auto facts = chrome.run(R"js(
      const rows = Array.from(document.querySelectorAll('#checks tr[data-outcome]')).map(
          tr => [tr.cells[0].textContent, tr.cells[1].textContent, tr.cells[2].textContent, tr.cells[3].textContent]);
      const charts = Array.from(document.querySelectorAll('#latency figure[data-target]')).map(f => ({
          target: f.dataset.target,
          marks: f.querySelectorAll('svg.latency-chart g.mark').length,
          height: f.querySelector('svg').getBoundingClientRect().height}));
      return {title: document.title, verdict: document.querySelector('header.verdict h1').textContent,
              rows: rows, charts: charts, scripts: document.scripts.length,
              hourly: document.querySelectorAll('svg.hourly-chart g.hour').length};
    )js");
    for (const auto& entry : chrome.log("browser")) {
      EXPECT_NE(entry.value("level", ""), "SEVERE") << page << ": console error: " << entry.dump();
    }
    size_t requests = 0;
    for (const auto& entry : chrome.log("performance")) {
      const auto message = json::parse(entry.value("message", "{}"), nullptr, false);
      if (message.is_discarded() || message["message"].value("method", "") != "Network.requestWillBeSent") {
        continue;
      }
      ++requests;
      const auto url = message["message"]["params"]["request"].value("url", "");
      EXPECT_TRUE(url.rfind("file://", 0) == 0 || url.rfind("data:", 0) == 0) << page << " fetched " << url;
    }
    EXPECT_GE(requests, 1u) << "the performance log saw no request at all, not even the page: the check is blind";
    chrome.fit_window_to_page();
    const auto png = chrome.screenshot_png();
    EXPECT_EQ(png.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8)) << "no screenshot";
    std::ofstream(artifact_dir() / screenshot, std::ios::binary) << png;
    EXPECT_EQ(facts.value("scripts", -1), 0);
    return facts;
  }
};

TEST_F(HtmlReport, RunAndMonitorPagesReadInChromiumAndSummaryReachesTheStepSummary) {
  start_emulator();
  auto* healthy = start_site();
  auto* sandboxed = start_site({"--fault", std::string("sender=") + kSandbox});
  ASSERT_NE(healthy, nullptr);
  ASSERT_NE(sandboxed, nullptr);
  auto config = base_config();
  config["suites"] = {"delivery", "sender"};
  config["targets"]["preview"] = remote_target(*healthy);
  config["targets"]["staging"] = remote_target(*sandboxed);
  const auto config_path = write_config(config);

  const auto html = dir() / "report" / "report.html";
  const auto markdown = dir() / "summary.md";
  const auto step_summary = dir() / "step-summary.md";
  write_text(step_summary, "earlier step\n");
  // start_formcheck() keeps the job's own GITHUB_STEP_SUMMARY away from formcheck; this run gets one.
  const auto junit = dir() / "junit.xml";
  const auto json_path = dir() / "results.json";
  ::setenv("GITHUB_STEP_SUMMARY", step_summary.c_str(), 1);
  auto process = Spawned::start({bin_path("formcheck"), "run", "--config", config_path.string(), "--junit",
                                 junit.string(), "--json", json_path.string(), "--yes", "--html", html.string(),
                                 "--summary-md", markdown.string(), "--mask-pii"},
                                dir(), dir() / "summary.out", dir() / "summary.err", {});
  ::unsetenv("GITHUB_STEP_SUMMARY");
  ASSERT_NE(process, nullptr);
  const auto result = collect(process->wait_exit(60s), "summary", junit, json_path);
  process.reset();
  ASSERT_TRUE(result.finished) << result.diagnosis();
  ASSERT_EQ(result.code, 1) << result.diagnosis() << case_table(result.results);
  ASSERT_TRUE(result.results.is_object()) << result.diagnosis();
  EXPECT_NE(result.out.find("HTML:  " + html.string()), std::string::npos) << result.out;

  // The Markdown file and the step summary: the grid and the failures with their fix; the
  // step summary keeps what earlier steps wrote.
  const auto summary = read_text(markdown);
  EXPECT_NE(summary.find("FAILED (exit code 1)"), std::string::npos) << summary;
  EXPECT_NE(summary.find("| staging |"), std::string::npos) << summary;
  EXPECT_NE(summary.find("not-sandbox"), std::string::npos) << summary;
  EXPECT_EQ(read_text(step_summary), "earlier step\n" + summary);

  // Secrets never; with --mask-pii, the staff number and the guest's e-mail only masked.
  const auto page = read_text(html);
  for (const auto& text : {page, summary}) {
    EXPECT_EQ(text.find(kAuthToken), std::string::npos) << "the auth token leaked into a report";
    EXPECT_EQ(text.find("6281234567890"), std::string::npos) << "the staff number is not masked";
    EXPECT_EQ(text.find("ayu@example.com"), std::string::npos) << "the guest's e-mail is not masked";
  }
  EXPECT_NE(page.find("whatsapp:+62"), std::string::npos) << "the masked staff number should keep its country code";

  // The same run, as the browser shows it.
  auto chrome = ChromeSession::start();
  ASSERT_NE(chrome, nullptr);
  const auto facts = open_and_check(*chrome, html, "html-report-run.png");
  EXPECT_EQ(facts.value("verdict", ""), "FAILED — exit code 1");
  std::set<std::vector<std::string>> rows;
  for (const auto& row : facts["rows"]) {
    std::vector<std::string> cells = row;
    cells[3] = cells[3].substr(0, cells[3].find(' '));  // "passed flaky" → "passed"
    rows.insert(cells);
  }
  std::map<std::string, std::set<std::string>> tokens;  // target → submissions, from results.json
  for (const auto& c : result.results["cases"]) {
    const std::vector<std::string> expected{c["suite"], c["target"], c["name"], page_outcome(c["outcome"])};
    EXPECT_EQ(rows.count(expected), 1u) << "not in the page: " << ::testing::PrintToString(expected);
    if (c["properties"].contains("token")) {
      tokens[c["target"]].insert(c["properties"]["token"].get<std::string>());
    }
  }
  EXPECT_EQ(rows.size(), result.results["cases"].size());
  ASSERT_EQ(facts["charts"].size(), 2u) << facts.dump();
  for (const auto& chart : facts["charts"]) {
    const auto target = chart["target"].get<std::string>();
    EXPECT_EQ(chart["marks"].get<size_t>(), tokens[target].size()) << target;
    EXPECT_GE(tokens[target].size(), 1u) << target;  // delivery submits once; sender is judged from its message
    EXPECT_GT(chart["height"].get<double>(), 100) << "the chart is not drawn";
  }

  // The monitor over the same log: its page too.
  const auto monitor_html = dir() / "monitor.html";
  const auto monitor = formcheck({"monitor", "--config", config_path.string(), "--since", "1h", "--html",
                                  monitor_html.string(), "--mask-pii"},
                                 60s, "monitor");
  ASSERT_TRUE(monitor.finished) << monitor.diagnosis();
  EXPECT_EQ(monitor.code, 1) << monitor.diagnosis();  // the sandboxed sender breaks the sender threshold
  const auto monitor_facts = open_and_check(*chrome, monitor_html, "html-report-monitor.png");
  EXPECT_GE(monitor_facts.value("hourly", 0), 1);
  EXPECT_EQ(read_text(monitor_html).find(kAuthToken), std::string::npos);
  EXPECT_EQ(read_text(monitor_html).find("6281234567890"), std::string::npos);
}

// The page is there from the first second (RUNNING, every check "not run") and Ctrl-C leaves a
// complete one that says INTERRUPTED. Cost: about 1 s (the message never gets delivered).
TEST_F(HtmlReport, PageIsValidAtTheStartAndAfterCtrlC) {
  start_emulator({}, /*delivery_delay_ms=*/20000);  // "sending" for the whole test
  auto* site = start_site();
  ASSERT_NE(site, nullptr);
  auto config = base_config();
  config["expect"]["latency_s"] = 60;
  config["suites"] = {"delivery"};
  config["targets"]["preview"] = remote_target(*site);
  const auto config_path = write_config(config);
  const auto html = dir() / "interrupt.html";
  auto process = start_formcheck({"run", "--config", config_path.string(), "--html", html.string(), "--yes"}, "interrupt");
  ASSERT_NE(process, nullptr);

  ASSERT_TRUE(wait_until([&] { return std::filesystem::exists(html) && emulator_creates() >= 1; }, 30s, 50ms))
      << read_text(dir() / "interrupt.out") << read_text(dir() / "interrupt.err");
  const auto at_start = read_text(html);
  EXPECT_NE(at_start.find("<h1>RUNNING</h1>"), std::string::npos);
  EXPECT_NE(at_start.find("data-outcome=\"not-run\""), std::string::npos);
  EXPECT_EQ(at_start.find("data-outcome=\"passed\""), std::string::npos);
  EXPECT_EQ(at_start.substr(at_start.size() - 8), "</html>\n");

  ASSERT_EQ(kill(process->pid(), SIGINT), 0);
  const auto code = process->wait_exit(15s);
  ASSERT_TRUE(code.has_value()) << "formcheck did not exit within 15 s of SIGINT";
  EXPECT_EQ(*code, 130);
  const auto at_end = read_text(html);
  EXPECT_NE(at_end.find("INTERRUPTED — exit code 130"), std::string::npos);
  EXPECT_NE(at_end.find("interrupted: unfinished checks are “not run”"), std::string::npos);
  EXPECT_EQ(at_end.substr(at_end.size() - 8), "</html>\n");
}

}  // namespace
}  // namespace formcheck::testing::run_e2e
