// Finding the labels in one body (read_layout, declared in field_labels.hpp).
#include "harness/checks/field_labels.hpp"

#include <algorithm>
#include <optional>

namespace formcheck::checks {
namespace {

char lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}
bool is_alnum(char c) {
  return (c >= '0' && c <= '9') || (lower(c) >= 'a' && lower(c) <= 'z');
}

// The code point at `at` and its length in bytes (a stray byte counts as one).
std::pair<char32_t, size_t> code_point_at(std::string_view s, size_t at) {
  const auto b = static_cast<unsigned char>(s[at]);
  const size_t length = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 1;
  if (length == 1 || at + length > s.size()) {
    return {b, 1};
  }
  char32_t cp = b & (0xFF >> (length + 1));
  for (size_t i = 1; i < length; ++i) {
    cp = (cp << 6) | (static_cast<unsigned char>(s[at + i]) & 0x3F);
  }
  return {cp, length};
}

// What sites put in front of a label: spaces, bullets and list marks, markup, emoji, symbols.
bool is_decoration(char32_t cp) {
  if (cp < 0x80) {
    return std::string_view(" \t\r*_~>#-+|[").find(static_cast<char>(cp)) != std::string_view::npos;
  }
  return cp == 0xA0 || cp == 0xB7 || (cp >= 0x2000 && cp <= 0x2BFF) || (cp >= 0x2E00 && cp <= 0x2E7F) ||
         cp == 0x3000 || cp == 0xFE0E || cp == 0xFE0F || (cp >= 0x1F000 && cp <= 0x1FAFF) ||
         (cp >= 0xE0020 && cp <= 0xE007F);
}

size_t skip_decoration(std::string_view s, size_t at, size_t line_end) {
  for (;;) {
    while (at < line_end) {
      const auto [cp, length] = code_point_at(s, at);
      if (!is_decoration(cp)) {
        break;
      }
      at += length;
    }
    // A list number: "1. Name:", "2) Email:".
    size_t digits = at;
    while (digits < line_end && s[digits] >= '0' && s[digits] <= '9') {
      ++digits;
    }
    if (digits == at || digits >= line_end || (s[digits] != '.' && s[digits] != ')')) {
      return at;
    }
    at = digits + 1;
  }
}

size_t skip_chars(std::string_view s, size_t at, size_t line_end, std::string_view chars) {
  while (at < line_end && chars.find(s[at]) != std::string_view::npos) {
    ++at;
  }
  return at;
}

// "Phone (optional):" — a short remark in parentheses between a label and its separator.
size_t skip_remark(std::string_view s, size_t at, size_t line_end) {
  if (at >= line_end || s[at] != '(') {
    return at;
  }
  const auto close = s.find(')', at);
  return close != std::string_view::npos && close < line_end && close - at <= 30 ? close + 1 : at;
}

// The separator's length at `at`, 0 when there is none. Within a line only a colon counts.
size_t separator_at(std::string_view s, size_t at, bool within_line) {
  for (const std::string_view sep : {":", "：", "-", "–", "—", "="}) {
    if (s.substr(at, sep.size()) == sep && (!within_line || sep == ":" || sep == "：")) {
      return sep.size();
    }
  }
  return 0;
}

bool starts_with_folded(std::string_view s, size_t at, std::string_view lower_text) {
  if (at + lower_text.size() > s.size()) {
    return false;
  }
  for (size_t i = 0; i < lower_text.size(); ++i) {
    if (lower(s[at + i]) != lower_text[i]) {
      return false;
    }
  }
  return true;
}

struct Hit {
  size_t label_at = 0;
  size_t label_end = 0;
  size_t separator_end = 0;  // what a submitted value must cover to own this label
  size_t value_at = 0;
  const std::string* field = nullptr;
};

std::optional<Hit> label_at(std::string_view s, size_t at, const LabelBook& book, bool within_line) {
  size_t line_end = std::min(s.find('\n', at), s.size());
  const size_t start = skip_decoration(s, at, line_end);
  const size_t content_end = s.substr(0, line_end).find_last_not_of(" \t\r") + 1;
  for (const auto& [text, field] : book.labels()) {
    if (!starts_with_folded(s, start, text)) {
      continue;
    }
    const size_t end = start + text.size();
    if (end < s.size() && is_alnum(s[end])) {
      continue;  // "Names", "Emailed"
    }
    size_t r = skip_chars(s, end, line_end, " \t*_~.");
    r = skip_chars(s, skip_remark(s, r, line_end), line_end, " \t*_~");
    const size_t separator = separator_at(s, r, within_line);
    if (separator == 0) {
      if (within_line || r < content_end) {
        continue;  // "Message from the website", "Name tags for two"
      }
      // Alone on its line: the value is on the next line(s).
      return Hit{start, end, std::min(line_end + 1, s.size()), line_end, &field};
    }
    const size_t value = skip_chars(s, r + separator, line_end, " \t*_~");
    return Hit{start, end, r + separator, value >= content_end ? line_end : value, &field};
  }
  return std::nullopt;
}

// Where a label may start: each line's start, and after a delimiter within a line.
std::vector<std::pair<size_t, bool>> candidates(std::string_view s) {
  std::vector<std::pair<size_t, bool>> out{{0, false}};
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\n') {
      out.emplace_back(i + 1, false);
    } else if (std::string_view(",;|\t").find(s[i]) != std::string_view::npos) {
      out.emplace_back(i + 1, true);
    } else if (s.substr(i, 2) == "·") {
      out.emplace_back(i + 2, true);
    } else if (s.substr(i, 3) == "•" || s.substr(i, 3) == "–" || s.substr(i, 3) == "—") {
      out.emplace_back(i + 3, true);
    } else if (s.substr(i, 3) == " - ") {
      out.emplace_back(i + 3, true);
    }
  }
  return out;
}

// Whether one occurrence of a submitted value covers the label: then the label is the
// guest's text, not the site's.
bool inside_a_value(std::string_view s, const Hit& hit, const std::vector<std::string>& values) {
  for (const auto& value : values) {
    if (value.size() < 2) {
      continue;
    }
    for (size_t at = s.find(value); at != std::string_view::npos && at <= hit.label_at;
         at = s.find(value, at + 1)) {
      if (at + value.size() >= hit.separator_end) {
        return true;
      }
    }
  }
  return false;
}

}  // namespace

BodyLayout read_layout(std::string_view body, const LabelBook& book,
                       const std::vector<std::string>& sent_values) {
  std::vector<Hit> hits;
  for (const auto& [at, within_line] : candidates(body)) {
    if (at >= body.size()) {
      continue;
    }
    auto hit = label_at(body, at, book, within_line);
    if (!hit || inside_a_value(body, *hit, sent_values)) {
      continue;
    }
    const bool known =
        std::any_of(hits.begin(), hits.end(), [&](const Hit& h) { return h.label_at == hit->label_at; });
    if (!known) {
      hits.push_back(*hit);
    }
  }
  std::sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) { return a.label_at < b.label_at; });
  BodyLayout layout;
  for (size_t i = 0; i < hits.size(); ++i) {
    const auto& h = hits[i];
    LabelledSection section;
    section.field = *h.field;
    section.label = std::string(body.substr(h.label_at, h.label_end - h.label_at));
    section.label_at = h.label_at;
    section.begin = h.value_at;
    section.end = i + 1 < hits.size() ? hits[i + 1].label_at : body.size();
    section.end = std::max(section.end, section.begin);
    layout.sections.push_back(std::move(section));
  }
  return layout;
}

}  // namespace formcheck::checks
