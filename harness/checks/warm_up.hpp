#pragma once
// One non-submitting request to the form's path before the first timed submission of a
// target: a cold route (a `next dev` route compiles on first request, `next start` loads it)
// gets ready outside any measured latency and before the site's limiter could stamp a
// submission late. Its answer is ignored: a GET to a POST route may well be 405. A limiter in
// front of the whole route counts it like a submission, so the caller stamps it in its pacing
// whenever it may have reached the site.
#include "harness/config/config.hpp"

#include <chrono>
#include <string>

namespace formcheck::checks {

struct WarmUp {
  std::chrono::milliseconds took{0};
  std::string answer;  // "HTTP 405" or the transport error, for the progress note
  bool reached_site = false;  // the request went out: the site may have counted it
};

WarmUp warm_up(const config::TargetSettings& target, const config::FormSettings& form);

}  // namespace formcheck::checks
