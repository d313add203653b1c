// The verdict of one payload of a shared submission (declared in passthrough_pack.hpp).
#include <fmt/format.h>

#include <algorithm>

#include "harness/checks/passthrough_pack.hpp"
#include "harness/checks/text_length.hpp"
#include "harness/util/secret.hpp"

namespace formcheck::checks {
namespace {

const std::string* submitted_value(const Pack& pack, const std::string& field) {
  const auto it = std::find_if(pack.fields.begin(), pack.fields.end(), [&](const auto& f) { return f.first == field; });
  return it == pack.fields.end() ? nullptr : &it->second;
}

// "its email and name were sent in message (their fields carried another payload's values)"
std::string spill_note(const PackMember& m) {
  std::vector<std::string> fields;
  std::string sent_in;
  for (const auto& e : m.expected) {
    if (e.how == PackedValue::How::spilled) {
      fields.push_back(e.field);
      sent_in = e.sent_in;
    }
  }
  if (fields.empty()) {
    return {};
  }
  std::string list;
  for (size_t i = 0; i < fields.size(); ++i) {
    list += (i == 0 ? "" : i + 1 == fields.size() ? " and " : ", ") + fields[i];
  }
  return fmt::format("; its {} {} sent in {}, as {} carried another payload's value", list,
                     fields.size() == 1 ? "was" : "were", sent_in, fields.size() == 1 ? "that field" : "those fields");
}

// Where a missing text sat in what was submitted: a site that shortens long text cuts the
// later members' text first.
std::string where_it_sat(const Pack& pack, const PackedValue& e) {
  const auto* value = submitted_value(pack, e.sent_in);
  if (value == nullptr) {
    return {};
  }
  const auto at = value->find(e.text);
  if (at == std::string::npos) {
    return {};
  }
  const size_t start = code_points(std::string_view(*value).substr(0, at));
  return fmt::format("{}: submitted at code points {}–{} of the {}-code-point {} field\n", e.label(), start + 1,
                     start + code_points(e.text), code_points(*value), e.sent_in);
}

}  // namespace

results::CaseResult check_packed_passthrough(const Observed& o, const Pack& pack, size_t member,
                                             const std::vector<std::string>& other_tokens, bool sent_as_template,
                                             const LabelOverrides& labels) {
  const auto& m = pack.members.at(member);
  LabelRules rules{labels, sent_as_template, {}};
  if (!pack.shared()) {
    return check_passthrough(o, m.payload, m.fields, pack.token_field, other_tokens, sent_as_template, rules);
  }
  // The texts are already trimmed where the payload (or the member whose value a field
  // carried) asks for it, so the search is exact; the token-field note of check_passthrough
  // ("after the formcheck marker") is true of the first member only, hence no token field.
  // Each text belongs under the label of the field it was sent in: a spilled e-mail sits in
  // the message.
  Fields wanted;
  for (const auto& e : m.expected) {
    wanted.emplace_back(e.label(), e.text);
    rules.under.push_back(e.sent_in);
  }
  results::Payload exact = m.payload;
  exact.match = results::Payload::Match::exact;
  auto r = check_passthrough(o, exact, wanted, std::string(), other_tokens, sent_as_template, rules);

  const auto note = pack.shared_note() + spill_note(m);
  const auto* message = o.watch != nullptr && o.watch->message ? &*o.watch->message : nullptr;
  if (r.outcome == results::Outcome::passed && message != nullptr) {
    const auto own = std::count_if(m.expected.begin(), m.expected.end(),
                                   [](const PackedValue& e) { return e.how != PackedValue::How::carried; });
    r.message = redact(fmt::format("{}: all {} fields intact ({})", message->sid, own, note));
  } else {
    r.message += redact(fmt::format(" ({})", note));
  }
  if (r.outcome == results::Outcome::failed && message != nullptr) {
    std::string where;
    for (const auto& e : m.expected) {
      if (message->body.find(e.text) == std::string::npos) {
        where += where_it_sat(pack, e);
      }
    }
    r.detail = redact(where) + r.detail;
  }
  std::string others;
  for (size_t i = 0; i < pack.members.size(); ++i) {
    if (i != member) {
      others += (others.empty() ? "" : ", ") + pack.members[i].payload.name;
    }
  }
  r.add_property("packed_with", others);
  for (const auto& e : m.expected) {
    if (e.how == PackedValue::How::spilled) {
      r.add_property("sent_in." + e.field, e.sent_in);
    }
  }
  return r;
}

}  // namespace formcheck::checks
