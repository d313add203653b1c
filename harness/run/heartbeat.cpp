#include "harness/run/heartbeat.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace formcheck::run {

std::string heartbeat_line(const std::vector<checks::PendingView>& pending) {
  if (pending.empty()) {
    return {};
  }
  const auto oldest = std::max_element(pending.begin(), pending.end(),
                                       [](const auto& a, const auto& b) { return a.elapsed < b.elapsed; });
  return fmt::format("… still waiting: {} pending; longest {} for {} (last: {}) {:.0f} s of {:.0f} s",
                     pending.size(), oldest->token, oldest->waiting_for,
                     oldest->last_status.empty() ? "none" : oldest->last_status,
                     oldest->elapsed.count() / 1000.0, oldest->budget.count() / 1000.0);
}

}  // namespace formcheck::run
