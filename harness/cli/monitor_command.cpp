#include "harness/cli/monitor_command.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <unistd.h>

#include <cstdlib>

#include "harness/cli/command_error.hpp"
#include "harness/cli/command_support.hpp"
#include "harness/checks/whatsapp_window.hpp"
#include "harness/cli/console_progress.hpp"
#include "harness/cli/interrupts.hpp"
#include "harness/cli/monitor_page.hpp"
#include "harness/cli/page_reports.hpp"
#include "harness/cli/report_paths.hpp"
#include "harness/config/config.hpp"
#include "harness/monitor/collect.hpp"
#include "harness/monitor/hourly.hpp"
#include "harness/monitor/monitor_report.hpp"
#include "harness/monitor/thresholds.hpp"
#include "harness/report/clean_text.hpp"
#include "harness/report/atomic_write.hpp"
#include "harness/report/console_summary.hpp"
#include "harness/report/terminal_style.hpp"
#include "harness/report/json_writer.hpp"
#include "harness/report/junit_writer.hpp"
#include "harness/twilio/client_for.hpp"
#include "harness/util/secret.hpp"

namespace formcheck::cli {
namespace {


monitor::Window window_of(const MonitorOptions& options, const config::Config& config) {
  const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  std::string error;
  monitor::Window w{};
  if (options.until.empty()) {
    w.until = now;
  } else if (auto until = monitor::parse_until(options.until, &error)) {
    w.until = *until;
  } else {
    throw CommandError(kUsageError, "--until " + error);
  }
  const std::string since = options.since.empty() ? config.monitor.since : options.since;
  if (auto t = monitor::parse_since(since, w.until, &error)) {
    w.since = *t;
  } else {
    throw CommandError(kUsageError, (options.since.empty() ? "monitor.since " : "--since ") + error);
  }
  if (w.since > w.until) {
    throw CommandError(kUsageError, fmt::format("the window starts ({}) after it ends ({})",
                                                monitor::utc_text(w.since), monitor::utc_text(w.until)));
  }
  return w;
}

void write_reports(const MonitorOptions& options, const std::vector<results::CaseResult>& cases,
                   const report::RunMeta& meta, const nlohmann::json& monitor_json) {
  if (!options.junit.empty()) {
    if (auto written = report::write_junit(options.junit, cases, meta); !written) {
      throw CommandError(kInfrastructure, written.error());
    }
  }
  if (!options.json.empty()) {
    auto document = nlohmann::json::parse(report::render_json(cases, meta));
    document["monitor"] = monitor_json;
    // The statistics hold raw numbers (senders, other recipients): redact the document as a whole
    // (JSON stays valid: masks replace characters inside strings only).
    if (auto written = report::write_file_atomically(options.json, redact(document.dump(2)) + "\n");
        !written) {
      throw CommandError(kInfrastructure, written.error());
    }
  }
}

PageOutputs pages_of(const MonitorOptions& options) {
  return PageOutputs{options.html, options.summary_md, "formcheck monitor", 30};
}

std::vector<results::CaseResult> all_ended(const config::Config& config, const std::string& why,
                                           results::Outcome outcome = results::Outcome::error) {
  std::vector<results::CaseResult> cases;
  for (const char* name : {"failure-burst", "slow-delivery", "delivery-rate", "sender", "whatsapp-window"}) {
    results::CaseResult r;
    r.suite = "monitor";
    r.target = config.monitor.name;
    r.name = name;
    r.outcome = outcome;
    r.message = redact(why);
    cases.push_back(std::move(r));
  }
  return cases;
}

}  // namespace

int run_monitor(const MonitorOptions& options) {
  const auto config = load_or_fail(options.config, options.env_files, options.vars, config::Purpose::monitor);
  install_interrupt_handlers();
  const auto window = window_of(options, config);
  require_writable_reports(
      {{"--junit", options.junit}, {"--json", options.json}, {"--html", options.html}, {"--summary-md", options.summary_md}});
  const auto started = std::chrono::steady_clock::now();
  report::RunMeta meta;
  meta.run_id = fmt::format("monitor-{:%Y%m%dT%H%M%SZ}", std::chrono::floor<std::chrono::seconds>(meta.started_at));

  fmt::print("formcheck monitor {}: messages to {} from {} to {}\n", config.monitor.name,
             redact(config.twilio.staff), monitor::utc_text(window.since), monitor::utc_text(window.until));
  auto client = twilio::client_for(config.twilio);
  monitor::CollectOptions collect;
  collect.window = window;
  collect.staff = config.twilio.staff;
  collect.sender = config.expect.sender;
  collect.page_size = config.monitor.page_size;
  collect.on_note = [](const std::string& text) { fmt::print(stderr, "  {}\n", report::terminal_safe(redact(text))); };
  collect.cancelled = &interrupted();
  auto collected = monitor::collect_window(*client, collect);
  const auto elapsed = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  };
  if (interrupted()) {
    const std::string why = "interrupted before the Twilio message log was read";
    meta.total_time = std::chrono::milliseconds(static_cast<long>(elapsed() * 1000));
    const auto not_run = all_ended(config, why, results::Outcome::not_run);
    write_reports(options, not_run, meta, nlohmann::json{{"error", why}});
    write_monitor_pages(pages_of(options), not_run, monitor_error_page(config, window, why), meta, kInterrupted);
    throw CommandError(kInterrupted, why);
  }
  if (!collected) {
    const auto& e = collected.error();
    const auto why = fmt::format("the Twilio message log could not be read: {}{}", e.describe(),
                                 e.is_auth_failure() ? " (check twilio.account_sid and the auth token or API key)" : "");
    meta.total_time = std::chrono::milliseconds(static_cast<long>(elapsed() * 1000));
    const auto errored = all_ended(config, why);
    write_reports(options, errored, meta, nlohmann::json{{"error", redact(why)}});
    write_monitor_pages(pages_of(options), errored, monitor_error_page(config, window, why), meta, kInfrastructure);
    throw CommandError(kInfrastructure, why);
  }

  monitor::AnalysisInput input;
  input.window = window;
  input.staff = config.twilio.staff;
  input.expected_sender = config.expect.sender;
  input.forbid_sandbox = config.expect.forbid_sandbox;
  input.expected_status = config.expect.status;
  input.marker = config.form ? config.form->marker : std::string("formcheck-test");
  input.count_test_messages = config.monitor.count_test_messages;
  input.latency_budget_s = config.monitor.max_latency_s;
  input.failure_window = std::chrono::seconds(static_cast<long>(config.monitor.failure_window_min * 60));
  const auto analysis = monitor::analyse(collected->messages, input);

  monitor::ThresholdInput thresholds{config.monitor, config.expect.sender, config.expect.forbid_sandbox};
  auto cases = monitor::judge(analysis, thresholds);
  // The 24-hour window as of the end of the monitored window: will the next notification
  // still reach staff as free-form text?
  const checks::window::WindowCheck window_check{"monitor", "whatsapp-window", config.twilio.staff,
                                                 config.expect.sender, config.window};
  const auto window_log = checks::window::read_window_log(*client, config.twilio.staff, config.expect.sender, window.until);
  nlohmann::json window_json;
  std::string window_text;
  if (window_log) {
    cases.push_back(checks::window::judge_window(*window_log, window_check));
    window_json = checks::window::window_json(*window_log, cases.back());
    window_text = checks::window::render_inbound(*window_log, config.twilio.staff, config.expect.sender);
  } else {
    results::CaseResult r;
    r.suite = "monitor";
    r.name = "whatsapp-window";
    r.outcome = results::Outcome::error;
    r.message = redact("staff's messages to the sender could not be read: " + window_log.error().describe());
    window_json = {{"error", r.message}};
    cases.push_back(std::move(r));
  }
  cases.back().target = config.monitor.name;
  const auto total = elapsed();
  meta.total_time = std::chrono::milliseconds(static_cast<long>(total * 1000));
  for (auto& c : cases) {
    c.duration = meta.total_time / static_cast<long>(cases.size());
  }
  monitor::ReportContext context{config.twilio.staff, config.expect.sender, client->requests_sent(), total};
  if (!options.quiet) {
    fmt::print("{}", monitor::render_analysis(analysis, *collected, context));
    fmt::print("{}", window_text);
  }
  auto analysis_document = monitor::analysis_json(analysis, *collected, context);
  analysis_document["whatsapp_window"] = window_json;
  write_reports(options, cases, meta, analysis_document);
  const int exit_code = exit_code_for(results::summarise(cases), false);
  if (!options.html.empty() || !options.summary_md.empty() || std::getenv("GITHUB_STEP_SUMMARY") != nullptr) {
    const auto page = monitor_page(config, analysis, monitor::hourly(collected->messages, input), analysis_document);
    write_monitor_pages(pages_of(options), cases, page, meta, exit_code);
  }
  fmt::print("\n");
  ConsoleProgress console(report::terminal_style(stdout).cursor, report::use_colour(stdout));
  for (const auto& c : cases) {
    console.result(c);
  }
  console.stop_live();  // the count of errors it printed once
  fmt::print("\n{}", report::render_summary_table(cases, report::use_colour(stdout)));
  fmt::print("{} Twilio API request(s), {:.2f} s\n", client->requests_sent(), total);
  print_report_paths(options.junit, options.json);
  print_page_paths(pages_of(options));
  return exit_code;
}

}  // namespace formcheck::cli
