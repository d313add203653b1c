#pragma once
// Turning what a submission and the watcher saw into verdicts, one check at a time. A pass
// always carries its evidence (message SID, status, body); "no message seen" is never a pass.
#include <map>
#include <string>
#include <vector>

#include "harness/checks/field_labels.hpp"
#include "harness/checks/submission.hpp"
#include "harness/checks/watcher.hpp"
#include "harness/config/config.hpp"
#include "harness/results/verdict.hpp"
#include "harness/results/suite.hpp"

namespace formcheck::checks {

struct Observed {
  const Submission* submission = nullptr;
  const WatchResult* watch = nullptr;  // null when the submission was not watched
  // Whether a `delivered` check judges this same submission in this run: only then may a
  // check that lacks the message be skipped (that check fails and owns the cause). Without
  // it, a missing message fails every check that needed it, so a run cannot pass on skips.
  bool delivered_judged = false;
};

// Timeline and evidence shared by every check of one submission.
void add_evidence(results::CaseResult& result, const Observed& observed);

results::CaseResult check_accepted(const Observed& o);
// How a check reads the message's labels: form.labels, and whether the site sends a Content
// Template (whose text may leave fields out). For passthrough, `under` gives, per submitted
// field (by index), the field whose label its value must sit under when that is another
// field's (a packed payload's value sent in the message field); empty: each its own.
struct LabelRules {
  LabelOverrides overrides;
  bool sent_as_template = false;
  std::vector<std::string> under;
};

// Delivered: the message reached the expected status, and (expect.fields_in_message) it
// carries every submitted field's value, under its label where the body labels fields.
results::CaseResult check_delivered(const Observed& o, const config::ExpectSettings& expect, const std::string& staff,
                                    const LabelRules& labels = {});
results::CaseResult check_latency(const Observed& o, const config::ExpectSettings& expect);
// messages_by_token: the end-of-run sweep, every message carrying each token.
results::CaseResult check_one_message(const Observed& o, const std::vector<twilio::Message>& messages_with_token);
results::CaseResult check_sender(const Observed& o, const config::ExpectSettings& expect);
results::CaseResult check_recipient(const Observed& o, const std::string& staff);
results::CaseResult check_not_sandbox(const Observed& o, const config::ExpectSettings& expect);
// sent_as_template: the site sends a Content Template (whatsapp_window.site_sends), so a
// missing field is named as missing from the template's variables.
results::CaseResult check_passthrough(const Observed& o, const results::Payload& payload, const Fields& fields_submitted,
                                  const std::string& token_field, const std::vector<std::string>& other_tokens,
                                  bool sent_as_template = false, const LabelRules& labels = {});

// Rate limit: a legitimate burst, then an abusive one.
results::CaseResult check_burst_accepted(const std::vector<Observed>& burst, double within_s);
results::CaseResult check_burst_delivered(const std::vector<Observed>& burst, const config::ExpectSettings& expect);
// `legit`: the legitimate burst sent just before in the same window; what it got accepted
// counts against the limit too (a limiter letting one too many through must fail).
results::CaseResult check_abuse_limited(const std::vector<Submission>& legit, const std::vector<Submission>& burst,
                                    const config::RateLimitSettings& limit);
results::CaseResult check_abuse_retry_after(const std::vector<Submission>& burst, const config::RateLimitSettings& limit);
results::CaseResult check_messages_match_accepted(const std::vector<Submission>& submissions,
                                              const std::map<std::string, std::vector<twilio::Message>>& by_token);

std::string excerpt(const std::string& text, size_t max = 300);

}  // namespace formcheck::checks
