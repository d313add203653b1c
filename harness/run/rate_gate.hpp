#pragma once
// Paces submissions to one target so formcheck's own checks never trip the site's rate
// limit (a real route allows a handful per minute per client): before sending k, wait until
// the window holds room for k more.
//
// A site's limiter stamps a request when its route runs, which can be long after formcheck
// sent it (a cold route compiles or loads first), and it may still count a request that
// arrives exactly `window` after an earlier one. So the gate stamps submissions when their
// answers have arrived (the site counted them before answering: `record` is called after the
// answers), and a stamp leaves the window only `window + margin` later.
#include "harness/config/config.hpp"

#include <atomic>
#include <chrono>
#include <deque>
#include <functional>
#include <string>

namespace formcheck::run {

// The clock and the sleep the gate uses; unit tests pass a simulated pair.
struct GateClock {
  std::function<std::chrono::steady_clock::time_point()> now;
  std::function<void(std::chrono::steady_clock::duration)> sleep;
  static GateClock real();
};

class RateGate {
 public:
  // Slack for the site's clock and its boundary rule (`>` or `>=`), applied to waiting and
  // forgetting alike.
  static constexpr std::chrono::milliseconds kMargin{250};

  RateGate(config::RateLimitSettings limit, const std::atomic<bool>* cancelled,
           GateClock clock = GateClock::real())
      : m_limit(limit), m_cancelled(cancelled), m_clock(std::move(clock)) {}

  // Blocks until k more submissions fit in the window; false when cancelled. Records nothing:
  // call `record` once the submissions have been answered. `note` is told once when it has
  // to wait, and how long.
  bool acquire(int k, const std::function<void(std::chrono::milliseconds)>& note);
  // Records k submissions as counted by the site now (call it after their answers arrived,
  // or after they timed out: the site may have counted them at any moment until then).
  void record(int k);
  // formcheck's own submissions the site's window may still count now.
  int held();

 private:
  std::chrono::steady_clock::duration window() const;
  void forget_expired(std::chrono::steady_clock::time_point now);

  config::RateLimitSettings m_limit;
  const std::atomic<bool>* m_cancelled;
  GateClock m_clock;
  std::deque<std::chrono::steady_clock::time_point> m_sent;
};

}  // namespace formcheck::run
