#include "harness/util/one_line.hpp"

#include <fmt/format.h>

namespace formcheck {

namespace {

// The length of the well-formed UTF-8 sequence starting at `i`, or 0 when it is not one.
std::size_t utf8_length(std::string_view text, std::size_t i) {
  const auto b = static_cast<unsigned char>(text[i]);
  const std::size_t length = (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 0;
  if (length == 0 || i + length > text.size()) {
    return 0;
  }
  for (std::size_t k = 1; k < length; ++k) {
    if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) {
      return 0;
    }
  }
  return length;
}

}  // namespace

std::string escape_control_characters(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const auto u = static_cast<unsigned char>(c);
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (u < 0x20 || u == 0x7F) {
      out += fmt::format("\\x{:02x}", u);
    } else if (u >= 0x80) {
      // C1 controls (U+0080..U+009F: CSI is U+009B) drive a terminal as ESC does, and so does
      // a stray byte such as 0x9B to one reading 8-bit: both are escaped too.
      const std::size_t length = utf8_length(text, i);
      const auto next = length == 2 ? static_cast<unsigned char>(text[i + 1]) : 0;
      if (length == 0) {
        out += fmt::format("\\x{:02x}", u);
      } else if (u == 0xC2 && next < 0xA0) {
        out += fmt::format("\\u{:04x}", next);
        ++i;
      } else {
        out.append(text.substr(i, length));
        i += length - 1;
      }
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::string one_line(std::string_view text, std::size_t max_chars) {
  std::string out;
  out.reserve(text.size());
  bool pending_space = false;
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) {
      out.push_back(' ');
      pending_space = false;
    }
    out.push_back(c);
  }
  // Cut at a code point boundary (count lead bytes, never continuation bytes) so that the
  // result, "…" included, holds at most `max_chars` code points.
  auto is_lead = [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; };
  size_t total = 0;
  for (char c : out) {
    total += is_lead(c) ? 1 : 0;
  }
  if (total > max_chars) {
    if (max_chars == 0) {
      return {};
    }
    size_t chars = 0, cut = 0;
    for (; cut < out.size(); ++cut) {
      if (is_lead(out[cut]) && chars++ == max_chars - 1) {
        break;
      }
    }
    out.resize(cut);
    while (!out.empty() && out.back() == ' ') {
      out.pop_back();
    }
    out += "…";
  }
  return out;
}

}  // namespace formcheck
