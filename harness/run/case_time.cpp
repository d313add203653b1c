#include "harness/run/case_time.hpp"

#include <algorithm>

namespace formcheck::run {

std::chrono::milliseconds case_time(const checks::Submission& s, const checks::WatchResult* watch) {
  const auto answered = std::chrono::duration_cast<std::chrono::milliseconds>(s.response.elapsed);
  return watch != nullptr ? std::max(watch->waited, answered) : answered;
}

std::chrono::milliseconds burst_time(const std::vector<checks::Observed>& burst) {
  std::chrono::milliseconds longest{0};
  for (const auto& o : burst) {
    longest = std::max(longest, case_time(*o.submission, o.watch));
  }
  return longest;
}

std::chrono::milliseconds burst_time(const std::vector<checks::Submission>& burst) {
  std::chrono::milliseconds longest{0};
  for (const auto& s : burst) {
    longest = std::max(longest, case_time(s, nullptr));
  }
  return longest;
}

results::CaseResult timed(results::CaseResult r, std::chrono::milliseconds took) {
  r.duration = took;
  return r;
}

}  // namespace formcheck::run
