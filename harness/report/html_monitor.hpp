#pragma once
// `formcheck monitor --html FILE`: the window of the Twilio log as a page:
//
//   verdict and exit code, then the threshold checks (as in the run report)
//   hourly bars          delivered / failed / pending per UTC hour, the failure burst shaded
//   latency over time    p50 / p95 / max per hour against the latency budget
//   failures by code     count, guests vs test messages, Twilio's diagnosis, affected SIDs
//   guests vs tests      formcheck's own test messages counted apart from guests'
//
// The page takes plain numbers (filled in by the monitor command from its analysis), so this
// layer needs nothing but the result model. Every string passes through html_text().
#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "harness/report/atomic_write.hpp"
#include "harness/report/html_run.hpp"
#include "harness/results/verdict.hpp"

namespace formcheck::report {

struct MonitorCounts {
  size_t messages = 0, delivered = 0, failed = 0, pending = 0;
  std::string rate;  // "98.99%" or "n/a"
};

struct MonitorHour {
  std::chrono::system_clock::time_point start;
  size_t delivered = 0, failed = 0, pending = 0;  // judged messages created in this hour
  size_t tests = 0;                               // of all messages in this hour: formcheck's own
  std::optional<double> p50, p95, max;            // latency of this hour's deliveries, seconds
};

struct MonitorFailureGroup {
  std::string code;  // "63016", or "none"
  size_t count = 0, guests = 0, tests = 0;
  std::string diagnosis;
  std::vector<std::string> sids;
};

struct MonitorPage {
  std::string name;  // monitor.name
  std::chrono::system_clock::time_point since, until;
  std::string staff, expected_sender;
  MonitorCounts guests, tests;
  bool tests_counted = true;  // monitor.count_test_messages
  std::vector<MonitorHour> hours;
  std::optional<std::pair<std::chrono::system_clock::time_point, std::chrono::system_clock::time_point>> burst;
  size_t burst_failures = 0, burst_messages = 0;
  double latency_budget_s = 30;
  std::optional<double> p50, p95, max;  // the whole window
  std::vector<MonitorFailureGroup> failures;
  std::string error;  // the log could not be read: shown instead of the statistics
};

std::string render_monitor_html(const std::vector<results::CaseResult>& cases, const MonitorPage& page,
                                const HtmlRunMeta& meta);

WriteResult write_monitor_html(const std::filesystem::path& path, const std::vector<results::CaseResult>& cases,
                               const MonitorPage& page, const HtmlRunMeta& meta);

}  // namespace formcheck::report
