#pragma once
// Where a message body labels the form's fields: the labels each field is known by, and the
// labelled sections of one body ("Name: Ayu", "*Email*: …", "📧 Email — …", "Name - Ayu", a
// label alone on its line with the value below it, "Name: Ayu, Email: …" on one line). Pure
// text work; the verdicts are label_judge's.
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace formcheck::checks {

// form.labels: field name → the label the site writes for it ("" : the field has no label,
// its value is searched anywhere in the body).
using LabelOverrides = std::map<std::string, std::string>;

// What a field holds, by its name's words when they name nothing else ("email",
// "contact_email", "phone_number"; not "company_name"): decides the usual labels learned for
// it and how leniently the delivered check compares its value.
enum class FieldRole { name, email, phone, message, other };
FieldRole field_role(std::string_view field_name);

// The labels learned from a field's name, lower case: its words ("contactEmail" → "contact
// email") and, for a role, the usual ones (email → email, e-mail, email address, mail).
std::vector<std::string> learned_labels(std::string_view field_name);

// Every field's labels, overrides applied. A learned label claimed by two fields stays only
// with the field whose name it spells (or with neither): "name" is the name field's, not
// company_name's.
class LabelBook {
 public:
  LabelBook(const std::vector<std::string>& field_names, const LabelOverrides& overrides);
  // (label in lower case, field), longest label first.
  const std::vector<std::pair<std::string, std::string>>& labels() const { return m_labels; }
  bool has_labels(const std::string& field) const;

 private:
  std::vector<std::pair<std::string, std::string>> m_labels;
};

struct LabelledSection {
  std::string field;
  std::string label;    // as the body writes it, e.g. "Email"
  size_t label_at = 0;  // where the label starts
  size_t begin = 0;     // the value's region: after the separator (the next line for a
  size_t end = 0;       // label alone on its line), up to the next label or the body's end
};

struct BodyLayout {
  std::vector<LabelledSection> sections;  // in body order
  bool labelled() const { return !sections.empty(); }
  bool has_section(const std::string& field) const;
  // "Name (name), Email (email)" in body order, each field once.
  std::string describe() const;
};

// The labelled sections of `body`. A label counts at a line's start (after spaces, bullets,
// emoji, markup, a list number), followed by a separator (: - – — =) or alone on its line;
// or within a line after a delimiter (, ; | · • tab) when a colon follows it. A label inside
// a submitted value (a guest's line "Email: later" in the message) is part of that value:
// `sent_values` are the values as submitted.
BodyLayout read_layout(std::string_view body, const LabelBook& book,
                       const std::vector<std::string>& sent_values);

}  // namespace formcheck::checks
