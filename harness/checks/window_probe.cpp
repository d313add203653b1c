#include "harness/checks/window_probe.hpp"

#include "harness/checks/refusal.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace formcheck::checks {
namespace {

using Clock = std::chrono::steady_clock;

constexpr double kLongestDefaultProbeS = 30;
constexpr std::chrono::seconds kPromiseMargin{1};  // before a Retry-After's time, and the window's end

Clock::duration seconds(double s) {
  return std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(s));
}

double seconds_between(Clock::time_point from, Clock::time_point to) {
  return std::chrono::duration<double>(to - from).count();
}

Clock::time_point answered_at(const Submission& s) {
  return s.sent_at + std::chrono::duration_cast<Clock::duration>(s.response.elapsed);
}

// The earliest moment a 429 of the burst told the client to come back (delta-seconds only: a
// date is judged by abuse/retry-after, and a clock skew must not move the probe).
std::optional<Clock::time_point> earliest_promise(const std::vector<Submission>& abuse) {
  std::optional<Clock::time_point> earliest;
  for (const auto& s : abuse) {
    const auto value = s.response.status == 429 ? s.response.header("Retry-After") : std::nullopt;
    if (!value || value->empty() || value->size() > 9 ||
        !std::all_of(value->begin(), value->end(), [](char c) { return c >= '0' && c <= '9'; })) {
      continue;
    }
    const auto promised = answered_at(s) + std::chrono::seconds(std::stol(*value));
    earliest = earliest ? std::min(*earliest, promised) : promised;
  }
  return earliest;
}

}  // namespace

double window_probe_after_s(const config::RateLimitSettings& limit) {
  if (limit.window_probe_s) {
    return *limit.window_probe_s;
  }
  return std::min(limit.window_s / 2, kLongestDefaultProbeS);
}

ProbeTime plan_window_probe(const config::RateLimitSettings& limit, const std::vector<Submission>& legit,
                            const std::vector<Submission>& abuse) {
  ProbeTime time;
  time.first = !legit.empty() ? legit.front().sent_at : !abuse.empty() ? abuse.front().sent_at : Clock::now();
  const double after_s = window_probe_after_s(limit);
  if (after_s <= 0) {
    time.why_not = "rate_limit.window_probe_s is 0";
    return time;
  }
  const bool refused =
      std::any_of(abuse.begin(), abuse.end(), [](const Submission& s) { return s.response.status == 429; });
  const bool unanswered =
      std::any_of(abuse.begin(), abuse.end(), [](const Submission& s) { return !s.response.transport_ok(); });
  if (!refused || unanswered) {
    time.why_not = unanswered ? "the burst was not answered in full" : "the burst met no 429";
    return time;
  }
  Clock::time_point last_answer = time.first;
  for (const auto& s : abuse) {
    last_answer = std::max(last_answer, answered_at(s));
  }
  auto at = time.first + seconds(after_s);
  if (const auto promise = earliest_promise(abuse); promise && *promise - kPromiseMargin < at) {
    at = *promise - kPromiseMargin;
  }
  at = std::max(at, last_answer + kProbeAfterLastAnswer);
  if (at > time.first + seconds(limit.window_s) - kPromiseMargin) {
    time.why_not =
        fmt::format("the {:g} s window leaves no room for a probe {} s after the burst's last answer",
                    limit.window_s, kProbeAfterLastAnswer.count());
    return time;
  }
  time.at = at;
  return time;
}

void judge_window_probe(results::CaseResult& limited, const config::RateLimitSettings& limit,
                        const ProbeTime& time, const Submission* probe) {
  if (probe == nullptr) {
    limited.add_property("window_probe", "not sent: " + time.why_not);
    if (limited.outcome == results::Outcome::passed) {
      limited.message += "; the window was not probed (" + time.why_not + ")";
    }
    return;
  }
  const double after = seconds_between(time.first, probe->sent_at);
  const auto answer = site_answer(*probe);
  limited.add_property(
      "window_probe",
      fmt::format("{} {:.1f} s after the burst's first submission, inside the {:g} s window: {}",
                  probe->token, after, limit.window_s, answer));
  limited.detail += fmt::format("{} (window probe, {:.1f} s after the first): {}\n", probe->token, after,
                                probe->describe_response());
  if (probe->accepted()) {
    limited.outcome = results::Outcome::failed;
    limited.message = fmt::format(
        "one more submission {:.1f} s after the burst's first, inside the {:g} s window "
        "(rate_limit.window_s), was "
        "accepted: the limit held for less than its window{}",
        after, limit.window_s, limited.message.empty() ? std::string() : "; before it: " + limited.message);
    limited.detail += fmt::format(
        "A limiter that counts in fixed clock windows may reset between the burst and the probe; if the site "
        "does, set rate_limit.window_probe_s to 0.\n");
    return;
  }
  if (!probe->response.transport_ok()) {
    if (limited.outcome == results::Outcome::passed) {
      limited.outcome = results::Outcome::error;
      limited.message =
          fmt::format("the window probe {:.1f} s after the burst's first got no answer ({})", after,
                      probe->response.error ? probe->response.error->message : std::string("none"));
    }
    return;
  }
  if (limited.outcome == results::Outcome::passed) {
    limited.message +=
        fmt::format("; one more {:.1f} s into the {:g} s window: {}", after, limit.window_s, answer);
  }
}

}  // namespace formcheck::checks
