#pragma once
// JSON with comments, as editors and JSONC tools write it: // and /* */ comments (the JSON
// parser skips those) and trailing commas before ] or }, which the parser rejects.
#include <string>
#include <string_view>

namespace formcheck {

// Replaces each trailing comma (one followed, past whitespace and comments, by ] or }) with a
// space, outside strings. Offsets stay the same, so parse errors keep their line and column.
std::string blank_trailing_commas(std::string_view text);

}  // namespace formcheck
