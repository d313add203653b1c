#pragma once
// What `run --dry-run` shows beyond the plan: every request each target would receive, as it
// would be sent (headers and body, secrets redacted, tokens as placeholders), the messages per
// target, and an estimate of how long the run takes with the site's rate limit paced.
#include "harness/config/config.hpp"
#include "harness/run/plan.hpp"

#include <string>

namespace formcheck::run {

// Seconds one attempt on `target` spends: submissions paced as RateGate paces them (the
// abusive burst unpaced), then the wait for the last delivery (expect.latency_s).
double estimate_attempt_seconds(const PlannedTarget& target);

// The requests and estimates, redacted, for printing after describe_plan().
std::string describe_requests(const Plan& plan, const config::Config& config);

}  // namespace formcheck::run
