#pragma once
// How long a check took, as reports show it: a case's own time, or a burst's slowest member.
#include "harness/checks/evaluate.hpp"

#include <chrono>
#include <vector>

namespace formcheck::run {

// From its submission to the end of its wait, or to the site's answer when nothing was
// awaited (not to the attempt's judgement, which waits for every case).
std::chrono::milliseconds case_time(const checks::Submission& s, const checks::WatchResult* watch);
std::chrono::milliseconds burst_time(const std::vector<checks::Observed>& burst);
std::chrono::milliseconds burst_time(const std::vector<checks::Submission>& burst);
results::CaseResult timed(results::CaseResult r, std::chrono::milliseconds took);

}  // namespace formcheck::run
