#pragma once
// Packing the passthrough corpus: several payloads share one submission (one WhatsApp message
// to staff instead of one each), while each payload keeps its own check that fails exactly
// when its own values do not reach the body intact.
//
// How a pack is built (pack_payloads), payloads taken in corpus order, each into the first
// pack it fits, else a new one:
// - Fields. Each payload's fields are its own laid over the form's defaults, as alone. A value
//   the pack already carries in that field (a shared default, say) is claimed by both. Joinable
//   fields (FieldKind free_text, line_text) take another payload's value as one more segment,
//   joined by a separator. A single-value field (email, phone: the site validates it, and one
//   address is all a field can hold) carries the first member's value; a later member's
//   different value is "spilled": sent as text in the spill field (the token field when it is
//   free text, else the first free-text field). Its check then looks for it there, says that
//   it was sent in the message and not in its own field, and also requires the field itself to
//   arrive with the value it carried: alone, that payload would have sent that field too, so a
//   site that drops or breaks the field still fails every payload that submitted it.
// - Lengths. A pack never sends a field longer than the longest value the corpus sends in it
//   alone (counted in code points and in UTF-16 units, what JavaScript validators and HTML
//   maxlength count): a site that accepts the corpus one payload at a time accepts every pack,
//   and a payload too long to share (e.g. a 1000-character message that is the corpus's
//   longest) goes alone. The whole body must also stay within Twilio's limit for a WhatsApp
//   body (1600 characters, error 21617) with room for the site's own template and the marker.
// - Separators. Segments are joined by a short ASCII separator (" | ", or the next candidate
//   when the pack's first payload contains it; a payload containing the pack's separator does
//   not join it) with no newline, so it can be typed into a one-line <input>, and none of
//   & < > " ' * _ ~ `, so HTML escaping and WhatsApp markup leave it alone. The judge does not
//   rely on it: each value is searched in the body on its own.
// - Independence. Every text a member's check looks for may occur in what the pack submits no
//   more often than in its owner's submission alone (once, unless the payload repeats itself):
//   a payload whose value is part of another's, or would be found in the join of two
//   segments, goes to another pack. So a value found in the body came from its own place, and
//   a defect that breaks one payload (HTML escaping of `<b>`, a dropped phone, mangled emoji)
//   fails that payload only.
// - Order. The first member's token-field value comes first, right after the marker, as it
//   would alone; a site that cuts long messages cuts the later members' text, and their checks
//   say where their text sat.
// - White space. A `match: trim` payload is judged on its trimmed values wherever they sit;
//   when its value has trailing (or, outside the token field, leading) white space it takes
//   that edge of its field if free, so the site's own trimming still meets it, and otherwise
//   sits inside the text, where trimmed or not gives the same verdict. An `exact` payload whose
//   value starts or ends with white space goes alone: its white space must meet the site's
//   trimming exactly where it would alone.
// - Browser cases are packed only with payloads of the same engine and device.
// A pack of one member is exactly the payload alone, judged by check_passthrough as before.
#include <string>
#include <vector>

#include "harness/checks/evaluate.hpp"
#include "harness/checks/field_kinds.hpp"
#include "harness/checks/submission.hpp"
#include "harness/config/config.hpp"
#include "harness/results/suite.hpp"

namespace formcheck::checks {

struct PackLimits {
  // Twilio refuses a WhatsApp body longer than this (error 21617); counted in UTF-16 units,
  // which is never less than the characters Twilio counts. A site that sends a Content
  // Template may meet a lower limit on the filled-in template: lower it there.
  size_t max_body = 1600;
  // Left for what the site adds around the values (headings, labels) and the marker with the
  // token; the values of a pack may fill the rest.
  size_t template_reserve = 400;
  // At most this many payloads in one submission (0: no limit).
  size_t max_members = 0;
  std::string token_field = "message";    // form.token_field
  std::string marker = "formcheck-test";  // form.marker
  FieldKinds kinds;
};

// The defaults with the form's token field and marker.
PackLimits pack_limits(const config::FormSettings& form);

// Where one value a member's check looks for was submitted.
struct PackedValue {
  enum class How {
    own,      // in its own field (alone there, or as one segment of the field)
    spilled,  // in the spill field, because its own field carried another member's value
    carried,  // not this member's value: what its field carried for another member, which this
              // member's submission depended on as well
  };
  How how = How::own;
  std::string field;    // the payload's field this is about
  std::string sent_in;  // the field it was submitted in
  std::string text;     // what must appear in the body (trimmed for a `trim` payload)
  std::string owner;    // carried: the member whose value it is

  // How the check names it: "email", "email (sent in message)", "email field (sent
  // plain-english's value)".
  std::string label() const;
};

struct PackMember {
  results::Payload payload;
  Fields fields;                      // the payload's fields over the form defaults, as it would be sent alone
  std::vector<PackedValue> expected;  // every text its check looks for
};

struct Pack {
  Fields fields;  // what to submit (every form field; the token goes into the token field as usual)
  std::vector<PackMember> members;
  std::string token_field;
  std::string separator;  // between segments of a joined field

  bool shared() const { return members.size() > 1; }
  // "submitted with 9 other payloads in one message", "" for a pack of one.
  std::string shared_note() const;
  // "plain-english, with-phone, japanese"
  std::string member_names() const;
};

// Packs the corpus (a passthrough suite's cases) for one target. Every payload is in exactly
// one pack, once; the packs' order follows the corpus.
std::vector<Pack> pack_payloads(const std::vector<results::Payload>& corpus, const Fields& form_defaults,
                                const PackLimits& limits = {});

// One pack per member, each exactly the payload alone (e.g. to retry a pack the site refused
// without losing which payload it could not take).
std::vector<Pack> unpack(const Pack& pack);

// The passthrough verdict of pack.members[member], from the message of the pack's submission.
// A pack of one is check_passthrough itself. Otherwise each expected text is searched in the
// body on its own; the verdict names the member's fields that failed (and where they were
// sent) and says it was submitted with the others. other_tokens: the tokens of every other
// submission of the run (the pack's members share one token).
results::CaseResult check_packed_passthrough(const Observed& observed, const Pack& pack, size_t member,
                                             const std::vector<std::string>& other_tokens,
                                             bool sent_as_template = false, const LabelOverrides& labels = {});

}  // namespace formcheck::checks
