#pragma once
// The judges of the checks whose evidence is one submission and its message, by catalogue
// handle: the runner dispatches here, so every such check in the catalogue has a judge.
#include "harness/checks/catalogue.hpp"
#include "harness/checks/evaluate.hpp"
#include "harness/checks/passthrough_pack.hpp"

#include <optional>
#include <string>
#include <vector>

namespace formcheck::checks {

struct SubmissionEvidence {
  Observed observed;
  const config::ExpectSettings* expect = nullptr;
  std::string staff;
  // The passthrough check's inputs.
  const results::Payload* payload = nullptr;
  Fields submitted;  // the fields as sent, before the token
  std::string token_field;
  std::vector<std::string> other_tokens;  // every other submission's token on the target
  bool sent_as_template = false;
  LabelOverrides labels;  // form.labels, for delivered and passthrough
  // A passthrough submission that carried several payloads: the member being judged.
  const Pack* pack = nullptr;
  size_t member = 0;
};

// The verdict of `check` from one submission; nullopt when the check is judged from other
// evidence (the sweep, the bursts, the page).
std::optional<results::CaseResult> judge_submission(Check check, const SubmissionEvidence& e);

}  // namespace formcheck::checks
