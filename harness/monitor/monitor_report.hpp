#pragma once
// The monitor's own report: the numbers behind the threshold cases, for people (console)
// and machines (the "monitor" object of the JSON report).
#include <string>

#include <nlohmann/json.hpp>

#include "harness/monitor/collect.hpp"
#include "harness/monitor/statistics.hpp"

namespace formcheck::monitor {

struct ReportContext {
  std::string staff;
  std::string expected_sender;
  size_t twilio_requests = 0;
  double elapsed_s = 0;
};

// {"window", "staff", "expected_sender", "messages": {guests, tests, judged}, "delivery_rate",
//  "failures": [{code, count, guests, tests, statuses, diagnosis, sids}], "latency_s",
//  "unexpected_senders", "worst_hour", "other_recipients", "twilio": {requests, pages, …}}
nlohmann::json analysis_json(const Analysis& analysis, const Collected& collected, const ReportContext& context);

// The console summary printed before the threshold verdicts.
std::string render_analysis(const Analysis& analysis, const Collected& collected, const ReportContext& context);

}  // namespace formcheck::monitor
