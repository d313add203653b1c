#include "harness/cli/monitor_page.hpp"

namespace formcheck::cli {
namespace {

report::MonitorCounts counts(const monitor::Counts& c) {
  return {c.messages, c.delivered, c.failed, c.pending, c.rate_text()};
}

void fill_header(report::MonitorPage& page, const config::Config& config, const monitor::Window& window) {
  page.name = config.monitor.name;
  page.since = window.since;
  page.until = window.until;
  page.staff = config.twilio.staff;
  page.expected_sender = config.expect.sender;
  page.tests_counted = config.monitor.count_test_messages;
  page.latency_budget_s = config.monitor.max_latency_s;
}

}  // namespace

report::MonitorPage monitor_page(const config::Config& config, const monitor::Analysis& analysis,
                                 const std::vector<monitor::Hour>& hours, const nlohmann::json& analysis_json) {
  report::MonitorPage page;
  fill_header(page, config, analysis.window);
  page.guests = counts(analysis.real);
  page.tests = counts(analysis.tests);
  for (const auto& h : hours) {
    report::MonitorHour hour;
    hour.start = h.start;
    hour.delivered = h.analysis.judged.delivered;
    hour.failed = h.analysis.judged.failed;
    hour.pending = h.analysis.judged.pending;
    hour.tests = h.analysis.tests.messages;
    if (h.analysis.latency.count > 0) {
      hour.p50 = h.analysis.latency.p50;
      hour.p95 = h.analysis.latency.p95;
      hour.max = h.analysis.latency.max;
    }
    page.hours.push_back(hour);
  }
  if (analysis.failure_burst.count > 0) {
    page.burst = std::pair{std::chrono::system_clock::time_point(analysis.failure_burst.first),
                           std::chrono::system_clock::time_point(analysis.failure_burst.last)};
    page.burst_failures = analysis.failure_burst.count;
    page.burst_messages = analysis.burst_messages;
  }
  if (analysis.latency.count > 0) {
    page.p50 = analysis.latency.p50;
    page.p95 = analysis.latency.p95;
    page.max = analysis.latency.max;
  }
  for (const auto& f : analysis_json.value("failures", nlohmann::json::array())) {
    report::MonitorFailureGroup group;
    group.code = f["code"].is_null() ? std::string("none") : std::to_string(f["code"].get<int>());
    group.count = f.value("count", size_t{0});
    group.guests = f.value("guests", size_t{0});
    group.tests = f.value("tests", size_t{0});
    group.diagnosis = f.value("diagnosis", std::string());
    group.sids = f.value("sids", std::vector<std::string>{});
    page.failures.push_back(std::move(group));
  }
  return page;
}

report::MonitorPage monitor_error_page(const config::Config& config, const monitor::Window& window,
                                       const std::string& why) {
  report::MonitorPage page;
  fill_header(page, config, window);
  page.error = why;
  return page;
}

}  // namespace formcheck::cli
