#include "harness/util/retry.hpp"

#include <random>
#include <thread>

namespace formcheck {

std::chrono::milliseconds Backoff::next(std::optional<std::chrono::milliseconds> retry_after) {
  using std::chrono::milliseconds;
  ++m_failures;
  auto step = m_policy.first;
  for (int i = 1; i < m_failures && step < m_policy.max; ++i) {
    step *= 2;
  }
  step = std::min(step, m_policy.max);
  if (m_policy.jitter && step.count() > 1) {
    static thread_local std::mt19937 random(std::random_device{}());
    step = milliseconds(std::uniform_int_distribution<long>(step.count() / 2, step.count())(random));
  }
  if (!retry_after) {
    return step;
  }
  const auto asked = std::min(*retry_after, m_policy.max_retry_after);
  return m_policy.retry_after == BackoffPolicy::RetryAfter::exactly ? asked : std::max(step, asked);
}

bool sleep_unless_cancelled(std::chrono::steady_clock::duration how_long, const std::atomic<bool>* cancel) {
  const auto until = std::chrono::steady_clock::now() + how_long;
  while (!is_cancelled(cancel)) {
    const auto left = until - std::chrono::steady_clock::now();
    if (left <= std::chrono::steady_clock::duration::zero()) {
      return true;
    }
    std::this_thread::sleep_for(
        std::min<std::chrono::steady_clock::duration>(left, std::chrono::milliseconds(50)));
  }
  return false;
}

}  // namespace formcheck
