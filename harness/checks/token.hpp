#pragma once
// Correlation tokens ("fc-3f9a1c-b12": run id, target letter, submission number). A token
// matches only as a whole word, so "fc-3f9a1c-b1" never matches a body carrying "…-b12".
#include <string>
#include <string_view>

namespace formcheck::checks {

std::string make_token(const std::string& run_id, size_t target_index, int number);
bool contains_token(std::string_view body, std::string_view token);

}  // namespace formcheck::checks
