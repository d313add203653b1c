#pragma once
// Durations and instants as reports write them. The Surefire schema's time pattern is strict:
// plain seconds, '.' separator, at most three decimals, no exponent, no sign.
#include <chrono>
#include <string>

namespace formcheck::report {

// "1234.568": rounded to milliseconds; negative, NaN and infinite values become "0.000".
std::string format_seconds(double seconds);
std::string format_seconds(std::chrono::milliseconds duration);

// "2024-05-01T12:00:00": UTC without a zone suffix (the Ant schema forbids one; Jenkins
// reads a zone-less value as UTC).
std::string junit_timestamp(std::chrono::system_clock::time_point at);

// "2024-05-01T12:00:00.123Z": ISO 8601, UTC, milliseconds.
std::string iso8601_utc(std::chrono::system_clock::time_point at);

}  // namespace formcheck::report
