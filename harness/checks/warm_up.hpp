#pragma once
// One non-submitting request to the form's path before the first timed submission of a
// target: a cold route (a `next dev` route compiles on first request, `next start` loads it)
// gets ready outside any measured latency and before the site's limiter could stamp a
// submission late. Its answer is ignored: a GET to a POST route may well be 405.
#include "harness/config/config.hpp"

#include <chrono>
#include <string>

namespace formcheck::checks {

struct WarmUp {
  std::chrono::milliseconds took{0};
  std::string answer;  // "HTTP 405" or the transport error, for the progress note
};

WarmUp warm_up(const config::TargetSettings& target, const config::FormSettings& form);

}  // namespace formcheck::checks
