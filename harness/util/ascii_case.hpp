#pragma once
// ASCII case folding for protocol text (header names, content types, markers): locale-free,
// so a Turkish or German locale never changes what "content-type" matches.
#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>

namespace formcheck {

inline std::string ascii_lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

}  // namespace formcheck
