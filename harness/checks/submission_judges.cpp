#include "harness/checks/submission_judges.hpp"

#include "harness/checks/honeypot_hint.hpp"

namespace formcheck::checks {

std::optional<results::CaseResult> judge_submission(Check check, const SubmissionEvidence& e) {
  const auto& o = e.observed;
  switch (check) {
    case Check::accepted:
      return check_accepted(o);
    case Check::delivered: {
      auto verdict = check_delivered(o, *e.expect, e.staff, LabelRules{e.labels, e.sent_as_template, {}});
      name_a_likely_honeypot(verdict, *o.submission, o.watch != nullptr && (o.watch->message || o.watch->misdirected));
      return verdict;
    }
    case Check::latency:
      return check_latency(o, *e.expect);
    case Check::expected_sender:
      return check_sender(o, *e.expect);
    case Check::not_sandbox:
      return check_not_sandbox(o, *e.expect);
    case Check::recipient_is_staff:
      return check_recipient(o, e.staff);
    case Check::passthrough:
      if (e.pack != nullptr) {
        return check_packed_passthrough(o, *e.pack, e.member, e.other_tokens, e.sent_as_template, e.labels);
      }
      if (e.payload == nullptr) {
        return std::nullopt;
      }
      return check_passthrough(o, *e.payload, e.submitted, e.token_field, e.other_tokens, e.sent_as_template,
                               LabelRules{e.labels, e.sent_as_template, {}});
    case Check::one_message:
    case Check::guest_view:
    case Check::legit_accepted:
    case Check::legit_delivered:
    case Check::abuse_limited:
    case Check::abuse_retry_after:
    case Check::messages_match_accepted:
      return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace formcheck::checks
