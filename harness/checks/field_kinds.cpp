#include "harness/checks/field_kinds.hpp"

#include <algorithm>
#include <array>
#include <vector>

namespace formcheck::checks {
namespace {

bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

// "contactEmail", "full_name", "your-message2" → {"contact", "email"}, {"full", "name"}, {"your", "message"}.
std::vector<std::string> words(std::string_view name) {
  std::vector<std::string> out;
  std::string current;
  char previous = '\0';
  for (const char c : name) {
    const bool letter = is_lower(c) || is_upper(c);
    if (!letter) {
      if (!current.empty()) {
        out.push_back(current);
        current.clear();
      }
      previous = c;
      continue;
    }
    if (is_upper(c) && (is_lower(previous) || is_digit(previous)) && !current.empty()) {
      out.push_back(current);
      current.clear();
    }
    current.push_back(is_upper(c) ? static_cast<char>(c - 'A' + 'a') : c);
    previous = c;
  }
  if (!current.empty()) {
    out.push_back(current);
  }
  return out;
}

template <size_t N>
bool any_word_in(const std::vector<std::string>& name_words, const std::array<std::string_view, N>& vocabulary) {
  return std::any_of(name_words.begin(), name_words.end(), [&](const std::string& w) {
    return std::find(vocabulary.begin(), vocabulary.end(), w) != vocabulary.end();
  });
}

constexpr std::array<std::string_view, 10> kSingleWords{"email",    "mail", "phone", "tel",    "telephone",
                                                        "mobile",   "whatsapp", "wa", "cell", "number"};
constexpr std::array<std::string_view, 13> kFreeWords{"message", "messages", "msg",   "comment", "comments",
                                                      "enquiry", "inquiry",  "question", "details", "note",
                                                      "notes",   "body",     "text"};
constexpr std::array<std::string_view, 5> kLineWords{"name", "subject", "title", "company", "organisation"};

}  // namespace

std::string_view to_string(FieldKind kind) {
  switch (kind) {
    case FieldKind::free_text:
      return "free";
    case FieldKind::line_text:
      return "line";
    case FieldKind::single_value:
      return "single";
  }
  return "single";
}

std::optional<FieldKind> parse_field_kind(std::string_view text) {
  for (const auto kind : {FieldKind::free_text, FieldKind::line_text, FieldKind::single_value}) {
    if (text == to_string(kind)) {
      return kind;
    }
  }
  return std::nullopt;
}

FieldKind guess_field_kind(std::string_view field_name) {
  const auto name_words = words(field_name);
  // A validated value wins over the other words: "email_message" is still an address.
  if (any_word_in(name_words, kSingleWords)) {
    return FieldKind::single_value;
  }
  if (any_word_in(name_words, kFreeWords)) {
    return FieldKind::free_text;
  }
  if (any_word_in(name_words, kLineWords)) {
    return FieldKind::line_text;
  }
  return FieldKind::single_value;
}

std::vector<std::string> field_name_words(std::string_view field_name) { return words(field_name); }

FieldKind FieldKinds::kind_of(const std::string& field_name) const {
  const auto it = overrides.find(field_name);
  return it != overrides.end() ? it->second : guess_field_kind(field_name);
}

}  // namespace formcheck::checks
