#pragma once
// Judging a 429's Retry-After against the site's configured limit. A client (a browser's
// retry, a form library) waits what the header says: a value it cannot read, zero, a date
// already past, or a wait longer than the whole window all break that promise.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace formcheck::checks {

// Why `value` is not a usable Retry-After for a limit of `window_s` seconds, or nullopt when
// it is: delta-seconds (digits only, RFC 9110) from 1 to the window (rounded up), or an
// HTTP-date not before the answer and at most the window after it (a second of slack each
// way for the date's whole-second resolution and clocks).
std::optional<std::string> retry_after_problem(std::string_view value, double window_s,
                                               std::chrono::system_clock::time_point answered_at);

}  // namespace formcheck::checks
