#pragma once
// Twilio's 2010 API writes every date as RFC 2822 in GMT: "Thu, 30 Jul 2015 20:12:31 +0000".
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace formcheck::twilio {

using Timestamp = std::chrono::sys_seconds;

// Parses RFC 2822 dates as Twilio (and other servers, e.g. HTTP Date headers) write them:
// optional day name, 1- or 2-digit day, English month, 2- or 4-digit year, HH:MM[:SS],
// a numeric zone (+0000, -0700) or GMT/UT/UTC/Z and the US zone names. Folding whitespace
// and a trailing comment in parentheses are tolerated. Returns nullopt on anything else.
std::optional<Timestamp> parse_rfc2822(std::string_view text);

// Formats as Twilio does: "Thu, 30 Jul 2015 20:12:31 +0000".
std::string format_rfc2822(Timestamp time);

// "2015-07-30" (UTC), the form of the DateSent filters.
std::string format_date(Timestamp time);
// Parses "YYYY-MM-DD" (midnight UTC) or an ISO 8601 date-time "YYYY-MM-DDTHH:MM:SSZ".
std::optional<Timestamp> parse_iso8601(std::string_view text);
std::string format_iso8601(Timestamp time);

}  // namespace formcheck::twilio
