#pragma once
// "did you mean 'run'?" for a mistyped name: the closest known name by edit distance, when
// it is close enough to be a typo rather than a different word.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace formcheck {

// Levenshtein distance (insertions, deletions, substitutions).
size_t edit_distance(std::string_view a, std::string_view b);

// The known name nearest to `typed`, if at most 2 edits away (1 for names of 3 characters or
// fewer, so "foo" does not suggest "run").
std::optional<std::string> closest_name(std::string_view typed, const std::vector<std::string>& known);

// " — did you mean 'X'?" or "" when nothing is close.
std::string did_you_mean_suffix(std::string_view typed, const std::vector<std::string>& known);

}  // namespace formcheck
