#pragma once
// Whether each submitted value sits under its own field's label in a message body. A value
// under another field's label fails, naming both fields ("email under 'Name'"); so does a
// label that shows something else ("Email: undefined"). A field whose label the body does not
// carry (a free-form template, a name only in the heading) is searched anywhere, as before,
// and the verdict says so: an unlabeled template is never failed for being unlabeled.
#include "harness/checks/field_labels.hpp"

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace formcheck::checks {

enum class ValueMatch {
  exact,    // the passthrough suite: the text as submitted (already trimmed for `match: trim`)
  lenient,  // the delivered check: white space runs as one, letter case aside, a phone number
            // by its digits (a site may format it), so only a lost value fails
};

struct WantedValue {
  std::string name;   // how the verdict names it: "email", "email (sent in message)"
  std::string field;  // the field whose label it must sit under
  std::string text;   // what must be there (not empty)
};

struct PlacedValue {
  bool ok = false;
  bool labelled = false;  // found under its own label (ok) or its label shows something else
  bool nowhere = false;   // not in the body at all, and the body has no label for it
  std::string headline;   // failed: "email" or "email (under 'Name')"
  std::string detail;     // failed: one line saying what the body shows instead
};

struct Placement {
  BodyLayout layout;
  std::vector<PlacedValue> values;  // one per wanted value, in order

  bool all_ok() const;
  // The evidence line: which labels were read, or that the body has none.
  std::string labels_note() const;
  // "each under its label", "no labels in the body: searched anywhere", or a mix.
  std::string how_found() const;
};

struct PlacementInput {
  std::string_view body;
  std::vector<WantedValue> wanted;
  // Every field as submitted (name, value): their names are the labels' fields; their values
  // tell a guest's label-like text from the site's labels, and name what a label shows.
  std::vector<std::pair<std::string, std::string>> sent;
  LabelOverrides overrides;
  ValueMatch match = ValueMatch::exact;
};

Placement place_values(const PlacementInput& input);

// Whether `haystack` holds `value` as `match` compares for a field of `role`.
bool holds_value(std::string_view haystack, std::string_view value, ValueMatch match, FieldRole role);

}  // namespace formcheck::checks
