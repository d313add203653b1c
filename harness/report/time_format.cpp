#include "harness/report/time_format.hpp"

#include <fmt/format.h>

#include <cmath>
#include <ctime>

namespace formcheck::report {
namespace {

std::tm utc_fields(std::chrono::system_clock::time_point at) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(at);
  std::tm fields{};
  ::gmtime_r(&seconds, &fields);
  return fields;
}

std::string date_time(const std::tm& f) {
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}", f.tm_year + 1900, f.tm_mon + 1, f.tm_mday,
                     f.tm_hour, f.tm_min, f.tm_sec);
}

}  // namespace

std::string format_seconds(double seconds) {
  if (!std::isfinite(seconds) || seconds <= 0) {
    return "0.000";
  }
  return fmt::format("{:.3f}", seconds);
}

std::string format_seconds(std::chrono::milliseconds duration) {
  const long long ms = duration.count() > 0 ? static_cast<long long>(duration.count()) : 0;
  return fmt::format("{}.{:03}", ms / 1000, ms % 1000);
}

std::string junit_timestamp(std::chrono::system_clock::time_point at) {
  return date_time(utc_fields(std::chrono::floor<std::chrono::seconds>(at)));
}

std::string iso8601_utc(std::chrono::system_clock::time_point at) {
  const auto since_epoch = std::chrono::duration_cast<std::chrono::milliseconds>(at.time_since_epoch());
  const auto ms = ((since_epoch.count() % 1000) + 1000) % 1000;
  // to_time_t truncates toward zero or floors depending on the library; floor explicitly.
  const auto whole = std::chrono::floor<std::chrono::seconds>(at);
  return fmt::format("{}.{:03}Z", date_time(utc_fields(whole)), ms);
}

}  // namespace formcheck::report
