#pragma once
// The limit must hold for its whole window. A limiter whose window is far shorter than the
// site means (`windowMs: 10` written for ten seconds) still refuses a burst sent all at once,
// then lets the same spammer in a moment later. So once the abuse burst has been refused, one
// more abusive submission goes well inside the window and must be refused too.
//
// When it goes: half the window after the burst's first submission (at most 30 s, or
// rate_limit.window_probe_s), but at least 2 s after the burst's last answer, so a window a
// few hundred milliseconds long has surely run out; and no later than a second before the
// earliest retry time the burst's own 429s named (Retry-After), so a limiter that counts in
// fixed clock windows is probed while it still promises to refuse. A window too short to
// leave a second between that earliest moment and its end is not probed.
#include "harness/checks/submission.hpp"
#include "harness/config/config.hpp"
#include "harness/results/verdict.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace formcheck::checks {

inline constexpr std::chrono::seconds kProbeAfterLastAnswer{2};

// Seconds after the burst's first submission the probe aims at (0: no probe).
double window_probe_after_s(const config::RateLimitSettings& limit);

struct ProbeTime {
  std::optional<std::chrono::steady_clock::time_point> at;  // nullopt: not probed
  std::chrono::steady_clock::time_point first;              // the burst's first submission
  std::string why_not = "not reached";                      // when not probed
};

// When to send the probe after these bursts (the legitimate one first), or why not.
ProbeTime plan_window_probe(const config::RateLimitSettings& limit, const std::vector<Submission>& legit,
                            const std::vector<Submission>& abuse);

// Adds the probe's evidence to the abuse/limited verdict: an accepted probe fails it, naming
// when it went; `probe` is null when none was sent (`time.why_not` says why).
void judge_window_probe(results::CaseResult& limited, const config::RateLimitSettings& limit,
                        const ProbeTime& time, const Submission* probe);

}  // namespace formcheck::checks
