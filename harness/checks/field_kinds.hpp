#pragma once
// What a form field can hold when several passthrough payloads share one submission. The
// kind decides whether two payloads' values may be joined in the field or whether the field
// carries one value only. Guessed from the site's field name, overridable per field.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace formcheck::checks {

enum class FieldKind {
  free_text,     // a <textarea> such as the message: values joined, newlines allowed
  line_text,     // a one-line <input> such as a name: values joined on one line
  single_value,  // a value the site validates (email, phone) or one of a set: never joined
};

std::string_view to_string(FieldKind kind);

// "free", "line" or "single" (as a configuration would spell them).
std::optional<FieldKind> parse_field_kind(std::string_view text);

// The kind a field name suggests, by its words ("contactEmail" → contact, email): email, mail,
// phone, tel, mobile, whatsapp, number → single; message, comment(s), enquiry, inquiry,
// question, details, note(s), body, text, msg → free; name, subject, title, company → line.
// An unknown name is single: joining values in a field the site may validate could make it
// refuse the whole submission, while carrying one value is always what a guest could send.
FieldKind guess_field_kind(std::string_view field_name);

// The words of a field name, lower case: "contactEmail" → {"contact", "email"}.
std::vector<std::string> field_name_words(std::string_view field_name);

struct FieldKinds {
  std::map<std::string, FieldKind> overrides;  // field name (exactly as the site names it) → kind

  FieldKind kind_of(const std::string& field_name) const;
};

}  // namespace formcheck::checks
