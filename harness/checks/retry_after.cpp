#include "harness/checks/retry_after.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>

#include "harness/twilio/rfc2822.hpp"

namespace formcheck::checks {
namespace {

std::string_view trimmed(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
    text.remove_prefix(1);
  }
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) {
    text.remove_suffix(1);
  }
  return text;
}

bool all_digits(std::string_view text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; });
}

}  // namespace

std::optional<std::string> retry_after_problem(std::string_view raw, double window_s,
                                               std::chrono::system_clock::time_point answered_at) {
  using namespace std::chrono;
  const auto value = trimmed(raw);
  const auto longest = static_cast<long long>(std::ceil(window_s));
  if (all_digits(value)) {
    if (value.size() > 12) {
      return fmt::format("Retry-After '{}' is longer than the {:g} s window", value, window_s);
    }
    const long long delay = std::stoll(std::string(value));
    if (delay < 1) {
      return fmt::format("Retry-After '{}' tells the client to retry at once, yet the limit still holds", value);
    }
    if (delay > longest) {
      return fmt::format("Retry-After {} s is longer than the {:g} s window (rate_limit.window_s)", delay, window_s);
    }
    return std::nullopt;
  }
  const auto date = twilio::parse_rfc2822(value);
  if (!date) {
    return fmt::format("Retry-After '{}' is neither whole seconds nor an HTTP date", value);
  }
  const auto answered = floor<seconds>(answered_at);
  if (*date < answered - seconds(1)) {
    return fmt::format("Retry-After '{}' is a date already past when the answer came", value);
  }
  if (*date > answered + seconds(longest + 1)) {
    return fmt::format("Retry-After '{}' is {} s after the answer, longer than the {:g} s window", value,
                       (*date - answered).count(), window_s);
  }
  return std::nullopt;
}

}  // namespace formcheck::checks
