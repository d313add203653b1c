#pragma once
// Text shown on one line: kept whole with its control characters escaped (an error message,
// a debug-log entry), or folded and shortened (a report's message, a console row).
#include <cstddef>
#include <string>
#include <string_view>

namespace formcheck {

// Control characters such as a pasted newline are written as escapes (\n, \r, \t, \xNN; C1 controls
// as \u0080..\u009f, and a byte that is not UTF-8 as \xNN).
std::string escape_control_characters(std::string_view text);

// One line for a message attribute or a console row: line breaks and tabs become spaces,
// runs of spaces collapse, ends are trimmed; text longer than `max_chars` code points is cut
// at a code point boundary and ends with "…". Expects valid UTF-8 (clean it first).
std::string one_line(std::string_view text, std::size_t max_chars = 300);

}  // namespace formcheck
