#include "harness/monitor/hourly.hpp"

namespace formcheck::monitor {

namespace {
constexpr long kMaxHours = 24 * 31;
}

std::vector<Hour> hourly(const std::vector<twilio::Message>& messages, const AnalysisInput& input) {
  if (input.window.until < input.window.since) {
    return {};
  }
  const auto last = std::chrono::floor<std::chrono::hours>(input.window.until);
  auto first = std::chrono::floor<std::chrono::hours>(input.window.since);
  if ((last - first).count() >= kMaxHours) {
    first = last - std::chrono::hours(kMaxHours - 1);
  }
  const auto count = static_cast<size_t>((last - first).count() + 1);
  std::vector<std::vector<twilio::Message>> buckets(count);
  for (const auto& m : messages) {
    if (!m.date_created || *m.date_created < first) {
      continue;
    }
    const auto index = static_cast<size_t>(std::chrono::floor<std::chrono::hours>(*m.date_created - first).count());
    if (index < count) {
      buckets[index].push_back(m);
    }
  }
  std::vector<Hour> hours;
  hours.reserve(count);
  for (size_t i = 0; i < count; ++i) {
    Hour h;
    h.start = first + std::chrono::hours(static_cast<long>(i));
    AnalysisInput in = input;
    in.window.since = std::max(input.window.since, h.start);
    in.window.until = std::min(input.window.until, h.start + std::chrono::seconds(3599));
    h.analysis = analyse(buckets[i], in);
    hours.push_back(std::move(h));
  }
  return hours;
}

}  // namespace formcheck::monitor
