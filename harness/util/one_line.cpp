#include "harness/util/one_line.hpp"

#include <fmt/format.h>

namespace formcheck {

std::string escape_control_characters(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (u < 0x20 || u == 0x7F) {
      out += fmt::format("\\x{:02x}", u);
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
