#include "harness/util/jsonc.hpp"

namespace formcheck {
namespace {

// Where the next token starts at or after `i`: whitespace and comments skipped.
size_t skip_blank(std::string_view text, size_t i) {
  while (i < text.size()) {
    const char c = text[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      ++i;
    } else if (text.substr(i, 2) == "//") {
      const auto end = text.find('\n', i);
      i = end == std::string_view::npos ? text.size() : end;
    } else if (text.substr(i, 2) == "/*") {
      const auto end = text.find("*/", i + 2);
      i = end == std::string_view::npos ? text.size() : end + 2;
    } else {
      break;
    }
  }
  return i;
}

}  // namespace

std::string blank_trailing_commas(std::string_view text) {
  std::string out(text);
  bool in_string = false;
  char previous = '\0';  // the last character of a token before `c` (not blank, not comment)
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;  // the escaped character cannot end the string
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (text.substr(i, 2) == "//" || text.substr(i, 2) == "/*") {
      i = skip_blank(text, i) - 1;
      continue;
    } else if (c == ',' && previous != '{' && previous != '[' && previous != ',' && previous != '\0') {
      // Only a comma after a value trails: "{,}" and "[1,,]" stay errors, as JSONC tools say.
      const size_t next = skip_blank(text, i + 1);
      if (next < text.size() && (text[next] == ']' || text[next] == '}')) {
        out[i] = ' ';
      }
    }
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
      previous = c;
    }
  }
  return out;
}

}  // namespace formcheck
