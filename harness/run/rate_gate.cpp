#include "harness/run/rate_gate.hpp"

#include <algorithm>
#include <thread>

namespace formcheck::run {

GateClock GateClock::real() {
  return GateClock{[] { return std::chrono::steady_clock::now(); },
                   [](std::chrono::steady_clock::duration d) { std::this_thread::sleep_for(d); }};
}

std::chrono::steady_clock::duration RateGate::window() const {
  return std::chrono::milliseconds(static_cast<long>(m_limit.window_s * 1000));
}

void RateGate::forget_expired(std::chrono::steady_clock::time_point now) {
  // A stamp still counts at exactly window + margin: forgetting it any earlier would let a
  // submission through that the site's limiter may still count against it.
  while (!m_sent.empty() && now - m_sent.front() > window() + kMargin) {
    m_sent.pop_front();
  }
}

bool RateGate::acquire(int k, const std::function<void(std::chrono::milliseconds)>& note) {
  bool noted = false;
  for (;;) {
    if (m_cancelled != nullptr && m_cancelled->load()) {
      return false;
    }
    const auto now = m_clock.now();
    forget_expired(now);
    if (static_cast<int>(m_sent.size()) + k <= m_limit.max || m_sent.empty()) {
      return true;  // (more than the limit at once cannot be paced: the plan refuses that)
    }
    // Room for k appears when the (size + k - max)th oldest stamp leaves the window.
    const auto idx = static_cast<size_t>(static_cast<int>(m_sent.size()) + k - m_limit.max - 1);
    const auto free_at =
        m_sent[std::min(idx, m_sent.size() - 1)] + window() + kMargin + std::chrono::milliseconds(1);
    if (!noted && note) {
      note(std::chrono::duration_cast<std::chrono::milliseconds>(free_at - now));
      noted = true;
    }
    m_clock.sleep(
        std::min<std::chrono::steady_clock::duration>(free_at - now, std::chrono::milliseconds(100)));
  }
}

void RateGate::record(int k) {
  const auto now = m_clock.now();
  for (int i = 0; i < k; ++i) {
    m_sent.push_back(now);
  }
}

int RateGate::held() {
  forget_expired(m_clock.now());
  return static_cast<int>(m_sent.size());
}

}  // namespace formcheck::run
