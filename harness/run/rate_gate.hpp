#pragma once
// Paces submissions to one target so formcheck's own checks never trip the site's rate
// limit (a real route allows a handful per minute per client): before sending k, wait until
// the window holds room for k more.
#include <atomic>
#include <chrono>
#include <deque>
#include <functional>
#include <string>

#include "harness/config/config.hpp"

namespace formcheck::run {

class RateGate {
 public:
  RateGate(config::RateLimitSettings limit, const std::atomic<bool>* cancelled) : m_limit(limit), m_cancelled(cancelled) {}

  // Blocks until k more submissions fit in the window; false when cancelled. `note` is told
  // once when it has to wait, and how long.
  bool acquire(int k, const std::function<void(std::chrono::milliseconds)>& note);
  // Records k submissions sent now (acquire does this itself; for unpaced bursts).
  void record(int k);
  // Moves the newest record to now: for a submission whose request left later than acquire()
  // (a browser clicks, then its script sends), so the window counts it from when the site did.
  void restamp_newest();

 private:
  void forget_expired(std::chrono::steady_clock::time_point now);

  config::RateLimitSettings m_limit;
  const std::atomic<bool>* m_cancelled;
  std::deque<std::chrono::steady_clock::time_point> m_sent;
};

}  // namespace formcheck::run
