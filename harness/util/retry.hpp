#pragma once
// Retrying a request that failed for a passing reason (429, 5xx, a dropped connection): how long
// to wait before the next try (exponential steps, a server's Retry-After honoured), a wait that
// Ctrl-C cuts short, and the loop that puts them together. Nothing here knows what a request is.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <optional>

namespace formcheck {

struct BackoffPolicy {
  std::chrono::milliseconds first{500};  // the wait after the first failure
  std::chrono::milliseconds max{16000};  // the steps double up to this
  // Randomise each step within [step/2, step], so many clients that failed together do not
  // come back together.
  bool jitter = false;
  // How a server's Retry-After counts: `at_least` waits the longer of it and the step (never
  // sooner than asked, still backing off); `exactly` waits what the server said.
  enum class RetryAfter { at_least, exactly };
  RetryAfter retry_after = RetryAfter::at_least;
  std::chrono::milliseconds max_retry_after{120000};  // one answer cannot stall a run longer
};

// The waits between tries: call next() after each failure, reset() after a success.
class Backoff {
 public:
  explicit Backoff(BackoffPolicy policy = {}) : m_policy(policy) {}

  std::chrono::milliseconds next(std::optional<std::chrono::milliseconds> retry_after = std::nullopt);
  void reset() { m_failures = 0; }
  int failures() const { return m_failures; }

 private:
  BackoffPolicy m_policy;
  int m_failures = 0;
};

// Sleeps `how_long`, looking at `cancel` every 50 ms. False when cancelled before the end.
bool sleep_unless_cancelled(std::chrono::steady_clock::duration how_long, const std::atomic<bool>* cancel);

inline bool is_cancelled(const std::atomic<bool>* cancel) {
  return cancel != nullptr && cancel->load();
}

struct RetryOptions {
  const std::atomic<bool>* cancel = nullptr;  // Ctrl-C: no further try, a wait ends within 50 ms
  int max_attempts = 0;                       // tries in all, the first included; 0 = no limit
  // No wait starts at or after it. With `cut_wait_at_deadline` a wait ends there too (then one
  // last try); without, a wait is never shorter than the backoff asks (a Retry-After is kept).
  std::optional<std::chrono::steady_clock::time_point> deadline;
  bool cut_wait_at_deadline = false;
  BackoffPolicy backoff;
};

// Whether a result is worth another try, and the server's Retry-After when it gave one.
struct RetryAdvice {
  bool retry = false;
  std::optional<std::chrono::milliseconds> retry_after;
};

// Calls `attempt()` until `advise(result)` says it is done, or the attempts, the deadline or
// a cancel end it; returns the last result. Before each wait, `on_retry(result, wait)` is
// called (for a note, a count).
template <class Attempt, class Advise, class OnRetry>
auto retry(Attempt&& attempt, Advise&& advise, const RetryOptions& options, OnRetry&& on_retry)
    -> decltype(attempt()) {
  Backoff backoff(options.backoff);
  auto result = attempt();
  for (int tries = 1;; ++tries) {
    const RetryAdvice advice = advise(result);
    const auto now = std::chrono::steady_clock::now();
    if (!advice.retry || is_cancelled(options.cancel) ||
        (options.max_attempts > 0 && tries >= options.max_attempts) ||
        (options.deadline && now >= *options.deadline)) {
      return result;
    }
    const auto wait = backoff.next(advice.retry_after);
    on_retry(static_cast<const decltype(result)&>(result), wait);
    auto sleep = std::chrono::steady_clock::duration(wait);
    if (options.deadline && options.cut_wait_at_deadline) {
      sleep = std::min(sleep, *options.deadline - now);
    }
    if (!sleep_unless_cancelled(sleep, options.cancel)) {
      return result;
    }
    result = attempt();
  }
}

}  // namespace formcheck
