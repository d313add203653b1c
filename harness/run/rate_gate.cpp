#include "harness/run/rate_gate.hpp"

#include <thread>

namespace formcheck::run {

void RateGate::forget_expired(std::chrono::steady_clock::time_point now) {
  const auto window = std::chrono::milliseconds(static_cast<long>(m_limit.window_s * 1000));
  while (!m_sent.empty() && now - m_sent.front() >= window) {
    m_sent.pop_front();
  }
}

bool RateGate::acquire(int k, const std::function<void(std::chrono::milliseconds)>& note) {
  const auto window = std::chrono::milliseconds(static_cast<long>(m_limit.window_s * 1000));
  bool noted = false;
  for (;;) {
    if (m_cancelled != nullptr && m_cancelled->load()) {
      return false;
    }
    const auto now = std::chrono::steady_clock::now();
    forget_expired(now);
    if (static_cast<int>(m_sent.size()) + k <= m_limit.max) {
      record(k);
      return true;
    }
    // Room appears when the oldest send leaves the window (plus a margin for the site's clock).
    const auto idx = static_cast<size_t>(static_cast<int>(m_sent.size()) + k - m_limit.max - 1);
    const auto free_at = m_sent[std::min(idx, m_sent.size() - 1)] + window + std::chrono::milliseconds(250);
    if (!noted && note) {
      note(std::chrono::duration_cast<std::chrono::milliseconds>(free_at - now));
      noted = true;
    }
    std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(free_at - now, std::chrono::milliseconds(100)));
  }
}

void RateGate::restamp_newest() {
  if (!m_sent.empty()) {
    m_sent.back() = std::chrono::steady_clock::now();
  }
}

void RateGate::record(int k) {
  const auto now = std::chrono::steady_clock::now();
  for (int i = 0; i < k; ++i) {
    m_sent.push_back(now);
  }
}

}  // namespace formcheck::run
