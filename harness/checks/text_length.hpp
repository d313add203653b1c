#pragma once
// Lengths of UTF-8 text as sites and Twilio count them: code points (validators that spread a
// JavaScript string into characters) and UTF-16 code units (JavaScript's length, HTML
// maxlength; never less than the code points). Bytes that are not UTF-8 count one each.
#include <cstddef>
#include <string_view>

namespace formcheck::checks {

inline size_t code_points(std::string_view text) {
  size_t count = 0;
  for (const char c : text) {
    count += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;  // not a continuation byte
  }
  return count;
}

inline size_t utf16_units(std::string_view text) {
  size_t count = 0;
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if ((u & 0xC0) != 0x80) {
      count += u >= 0xF0 ? 2 : 1;  // a four-byte sequence is a surrogate pair
    }
  }
  return count;
}

}  // namespace formcheck::checks
