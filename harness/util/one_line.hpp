#pragma once
// Text shown on one line (an error message, a debug-log entry): control characters such as a
// pasted newline are written as escapes (\n, \r, \t, \xNN) so the line stays one line.
#include <string>
#include <string_view>

namespace formcheck {

std::string escape_control_characters(std::string_view text);

}  // namespace formcheck
