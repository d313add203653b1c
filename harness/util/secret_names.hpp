#pragma once
#include <string_view>

namespace formcheck {

// Names that hold secrets by convention (TOKEN, SECRET, PASSWORD, PASSWD, API_KEY, PRIVATE in
// the name, any case): variables, JSON members, Vercel's {"key": …, "value": …} pairs.
bool is_secret_name(std::string_view name);

}  // namespace formcheck
