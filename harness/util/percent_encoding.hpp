#pragma once
#include <string>
#include <string_view>

namespace formcheck {

// Percent-encodes everything but RFC 3986 unreserved characters (A-Z a-z 0-9 - _ . ~).
std::string percent_encode_unreserved(std::string_view value);

}  // namespace formcheck
