#include "harness/report/html_text.hpp"

#include <fmt/format.h>

#include <cmath>

#include "harness/report/clean_text.hpp"
#include "harness/util/secret.hpp"

namespace formcheck::report {

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

std::string html_text(std::string_view raw) { return html_escape(terminal_safe(redact(raw))); }

std::string html_line(std::string_view raw, std::size_t max_chars) {
  return html_escape(one_line(terminal_safe(redact(raw)), max_chars));
}

std::string seconds_label(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) {
    return "0 s";
  }
  return seconds < 10 ? fmt::format("{:.3f} s", seconds) : fmt::format("{:.1f} s", seconds);
}

}  // namespace formcheck::report
