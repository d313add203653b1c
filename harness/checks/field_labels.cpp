#include "harness/checks/field_labels.hpp"

#include "harness/checks/field_kinds.hpp"

#include <algorithm>
#include <array>
#include <optional>
#include <set>

namespace formcheck::checks {
namespace {

char lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

std::string lowered(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), lower);
  return out;
}

std::string trimmed(std::string_view text) {
  const auto b = text.find_first_not_of(" \t\r\n");
  const auto e = text.find_last_not_of(" \t\r\n");
  return b == std::string_view::npos ? std::string() : std::string(text.substr(b, e - b + 1));
}

// Words a field name may carry besides its role without naming something else.
constexpr std::array<std::string_view, 16> kQualifiers{
    "your",    "full", "contact", "guest", "customer", "user",   "sender",  "client",
    "visitor", "form", "input",   "field", "the",      "number", "address", "e"};

struct RoleWords {
  FieldRole role;
  std::vector<std::string_view> words;   // a name word that makes the role
  std::vector<std::string_view> labels;  // the labels sites write for it
};

const std::vector<RoleWords>& roles() {
  static const std::vector<RoleWords> table{
      {FieldRole::email, {"email", "mail"}, {"email", "e-mail", "email address", "e-mail address", "mail"}},
      {FieldRole::phone,
       {"phone", "tel", "telephone", "mobile", "whatsapp", "wa", "cell", "hp"},
       {"phone", "phone number", "tel", "telephone", "mobile", "whatsapp"}},
      {FieldRole::message,
       {"message", "messages", "msg", "comment", "comments", "enquiry", "inquiry"},
       {"message", "your message", "msg", "comment", "comments", "enquiry", "inquiry"}},
      {FieldRole::name, {"name"}, {"name", "full name", "your name"}},
  };
  return table;
}

const RoleWords* role_of(std::string_view field_name) {
  const auto words = field_name_words(field_name);
  for (const auto& r : roles()) {
    bool has_role_word = false;
    bool only_role_and_qualifiers = !words.empty();
    for (const auto& w : words) {
      const bool role_word = std::find(r.words.begin(), r.words.end(), w) != r.words.end();
      has_role_word = has_role_word || role_word;
      only_role_and_qualifiers =
          only_role_and_qualifiers &&
          (role_word || std::find(kQualifiers.begin(), kQualifiers.end(), w) != kQualifiers.end());
    }
    if (has_role_word && only_role_and_qualifiers) {
      return &r;
    }
  }
  return nullptr;
}

std::string spelled(std::string_view field_name) {
  std::string out;
  for (const auto& w : field_name_words(field_name)) {
    out += (out.empty() ? "" : " ") + w;
  }
  return out;
}

}  // namespace

FieldRole field_role(std::string_view field_name) {
  const auto* r = role_of(field_name);
  return r == nullptr ? FieldRole::other : r->role;
}

std::vector<std::string> learned_labels(std::string_view field_name) {
  std::vector<std::string> out;
  if (auto own = spelled(field_name); !own.empty()) {
    out.push_back(own);
  }
  if (const auto* r = role_of(field_name)) {
    for (const auto label : r->labels) {
      if (std::find(out.begin(), out.end(), label) == out.end()) {
        out.emplace_back(label);
      }
    }
  }
  return out;
}

LabelBook::LabelBook(const std::vector<std::string>& field_names, const LabelOverrides& overrides) {
  std::map<std::string, std::set<std::string>> claims;  // learned label → fields
  std::set<std::string> overridden;                     // labels given in form.labels
  for (const auto& [field, label] : overrides) {
    if (!trimmed(label).empty()) {
      overridden.insert(lowered(trimmed(label)));
    }
  }
  for (const auto& field : field_names) {
    if (const auto it = overrides.find(field); it != overrides.end()) {
      if (!trimmed(it->second).empty()) {
        m_labels.emplace_back(lowered(trimmed(it->second)), field);
      }
      continue;
    }
    for (const auto& label : learned_labels(field)) {
      if (overridden.count(label) == 0) {
        claims[label].insert(field);
      }
    }
  }
  for (const auto& [label, fields] : claims) {
    if (fields.size() == 1) {
      m_labels.emplace_back(label, *fields.begin());
      continue;
    }
    for (const auto& field : fields) {
      if (spelled(field) == label) {
        m_labels.emplace_back(label, field);
      }
    }
  }
  std::stable_sort(m_labels.begin(), m_labels.end(),
                   [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
}

bool LabelBook::has_labels(const std::string& field) const {
  return std::any_of(m_labels.begin(), m_labels.end(), [&](const auto& l) { return l.second == field; });
}

bool BodyLayout::has_section(const std::string& field) const {
  return std::any_of(sections.begin(), sections.end(), [&](const auto& s) { return s.field == field; });
}

std::string BodyLayout::describe() const {
  std::string out;
  std::set<std::string> said;
  for (const auto& s : sections) {
    if (said.insert(s.field).second) {
      out += (out.empty() ? "" : ", ") + s.label + " (" + s.field + ")";
    }
  }
  return out;
}

}  // namespace formcheck::checks
