#include "harness/checks/message_fields.hpp"

#include "harness/checks/label_judge.hpp"
#include "harness/checks/template_hint.hpp"

#include <fmt/format.h>

namespace formcheck::checks {
namespace {

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) {
    out += (out.empty() ? "" : ", ") + item;
  }
  return out;
}

bool is_word_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// What a JavaScript route writes for a property it could not read, when the body shows it.
std::string placeholder_shown(std::string_view body) {
  for (const std::string_view junk : {"undefined", "null", "[object Object]", "NaN"}) {
    for (size_t at = body.find(junk); at != std::string_view::npos; at = body.find(junk, at + 1)) {
      const bool starts = at == 0 || !is_word_char(body[at - 1]);
      const bool ends = at + junk.size() == body.size() || !is_word_char(body[at + junk.size()]);
      if (starts && ends) {
        return fmt::format(" (the body shows '{}': the route may read a property the form does not send)",
                           junk);
      }
    }
  }
  return {};
}

}  // namespace

MessageFields judge_message_fields(const Submission& submission, const twilio::Message& message,
                                   const LabelOverrides& labels, bool sent_as_template) {
  PlacementInput input{message.body, {}, submission.fields_sent, labels, ValueMatch::lenient};
  std::vector<std::string> names;
  for (const auto& [name, value] : submission.fields_sent) {
    if (value.find_first_not_of(" \t\r\n") != std::string::npos) {
      input.wanted.push_back({name, name, value});
      names.push_back(name);
    }
  }
  const auto placement = place_values(input);
  MessageFields out;
  out.labels_note = placement.labels_note();
  out.fields = joined(names);
  const bool as_template = sent_as_template || !unfilled_placeholders(message.body).empty();
  std::vector<std::string> failed;
  std::vector<std::string> left_out;  // by a template's text
  for (size_t i = 0; i < placement.values.size(); ++i) {
    const auto& v = placement.values[i];
    if (v.ok) {
      continue;
    }
    if (as_template && v.nowhere) {
      left_out.push_back(input.wanted[i].name);
      continue;
    }
    failed.push_back(v.headline);
    out.detail += v.detail + (v.nowhere ? placeholder_shown(message.body) : std::string()) + "\n";
  }
  if (!failed.empty()) {
    out.ok = false;
    out.summary = fmt::format("{} {} not as submitted ({})", joined(failed),
                              failed.size() == 1 ? "is" : "are", out.detail.substr(0, out.detail.find('\n')));
    return out;
  }
  out.summary =
      fmt::format("its {} field(s) in it, {}", names.size() - left_out.size(), placement.how_found());
  if (!left_out.empty()) {
    out.summary += fmt::format("; {} not in the Content Template's text", joined(left_out));
  }
  return out;
}

}  // namespace formcheck::checks
