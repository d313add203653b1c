#pragma once
// The delivered check's proof that the message is the submission's: every field's value as
// submitted (form.fields with the case's own, the token field with its marker) is in the
// message, under its own label where the body labels it. The comparison is lenient (white
// space, letter case, a phone number's format) so that only a lost or misplaced value
// fails: `Email: undefined`, a dropped line, swapped labels. The passthrough suite keeps the
// exact comparison.
#include "harness/checks/field_labels.hpp"
#include "harness/checks/submission.hpp"
#include "harness/twilio/models.hpp"

#include <string>

namespace formcheck::checks {

struct MessageFields {
  bool ok = true;
  std::string summary;      // "its 3 fields, each under its label" / "email is not as submitted (…)"
  std::string detail;       // failed: a line per field
  std::string labels_note;  // which labels were read
  std::string fields;       // "name, email, message": the fields judged
};

// sent_as_template: the site sends a Content Template, whose text may leave fields out by
// design: a value missing from it (no label, nowhere) is noted, never a failure; a label
// showing something else still fails.
MessageFields judge_message_fields(const Submission& submission, const twilio::Message& message,
                                   const LabelOverrides& labels, bool sent_as_template);

}  // namespace formcheck::checks
