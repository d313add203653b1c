#pragma once
// The monitor's thresholds as test cases (suite "monitor", target = the monitored deployment),
// so a scheduled CI job goes red exactly when someone should look:
//   failure-burst   fewer than `failures_per_window` failures in any `failure_window_min` window
//   slow-delivery   no delivery slower than `max_latency_s`
//   delivery-rate   at least `min_delivery_rate` % of finished messages delivered
//   sender          every message to staff from the expected sender (never the sandbox where forbidden)
// Each failure names the messages (SIDs), their error codes and what to do.
#include <string>
#include <vector>

#include "harness/config/config.hpp"
#include "harness/monitor/statistics.hpp"
#include "harness/results/verdict.hpp"

namespace formcheck::monitor {

struct ThresholdInput {
  config::MonitorSettings settings;
  std::string expected_sender;
  bool forbid_sandbox = true;
};

std::vector<results::CaseResult> judge(const Analysis& analysis, const ThresholdInput& input);

// "63016 ×3 (2 guests, 1 test): <diagnosis>\n  SIDs: SM…, SM…" for each group, the diagnosis
// aware of the sender (the sandbox's rules) and of the 24-hour window rule.
std::string describe_failures(const std::vector<ErrorGroup>& groups, const std::string& sender,
                              size_t max_sids = 10);

// "2024-03-01 23:40:00 UTC"
std::string utc_text(Timestamp t);

}  // namespace formcheck::monitor
