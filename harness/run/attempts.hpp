#pragma once
// Case retries: when `--retries N` re-runs a suite on a target,
// each check has one verdict per attempt; this turns them into the one verdict reports show.
// Retries never mask a failure:
//   - the last attempt passed       → passed, flaky when an earlier attempt failed or errored;
//                                     the evidence is the passing attempt's own (SID, status, body)
//   - otherwise, any attempt failed → failed (the latest failure), the others kept as reruns
//   - otherwise, any attempt errored → error (the latest)
//   - otherwise                     → the latest attempt that judged it (passed or skipped),
//                                     else not run
#include "harness/results/verdict.hpp"

#include <string_view>
#include <vector>

namespace formcheck::run {

// `runs`: one verdict per attempt, in attempt order, each with `attempt` set (1, 2, …) and no
// `attempts` of its own. One run is returned as it is; several fill `attempts` and `flaky`.
results::CaseResult merge_attempts(const std::vector<results::CaseResult>& runs);

// The attempt as reports list it (its verdict and evidence only).
results::Attempt as_attempt(const results::CaseResult& run);

// Whether a check proves that a message reached staff (or that exactly the right number
// did): the catalogue's delivery-class checks. A message lost on one attempt is a lost
// enquiry, not test noise.
bool is_delivery_class(std::string_view check_name);

// A flaky pass of a delivery-class check becomes a failure naming the attempt that lost the
// message (unless the user accepts flaky delivery); any other result is left as it is.
void fail_flaky_delivery(results::CaseResult& merged);

}  // namespace formcheck::run
