#pragma once
// Standard Base64 (RFC 4648, with padding) decoding, for the screenshots WebDriver returns.
#include <optional>
#include <string>
#include <string_view>

namespace formcheck::browser {

// nullopt when `text` holds a character outside the alphabet (whitespace is skipped).
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace formcheck::browser
