#pragma once
// Turning what a submission and the watcher saw into verdicts, one check at a time. A pass
// always carries its evidence (message SID, status, body); "no message seen" is never a pass.
#include <map>
#include <string>
#include <vector>

#include "harness/checks/submission.hpp"
#include "harness/checks/watcher.hpp"
#include "harness/config/config.hpp"
#include "harness/run/verdict.hpp"
#include "harness/run/suite.hpp"

namespace formcheck::checks {

struct Observed {
  const Submission* submission = nullptr;
  const WatchResult* watch = nullptr;  // null when the submission was not watched
};

// Timeline and evidence shared by every check of one submission.
void add_evidence(run::CaseResult& result, const Observed& observed);

run::CaseResult check_accepted(const Observed& o);
run::CaseResult check_delivered(const Observed& o, const config::ExpectSettings& expect, const std::string& staff);
run::CaseResult check_latency(const Observed& o, const config::ExpectSettings& expect);
// messages_by_token: the end-of-run sweep, every message carrying each token.
run::CaseResult check_one_message(const Observed& o, const std::vector<twilio::Message>& messages_with_token);
run::CaseResult check_sender(const Observed& o, const config::ExpectSettings& expect);
run::CaseResult check_recipient(const Observed& o, const std::string& staff);
run::CaseResult check_not_sandbox(const Observed& o, const config::ExpectSettings& expect);
// sent_as_template: the site sends a Content Template (whatsapp_window.site_sends), so a
// missing field is named as missing from the template's variables.
run::CaseResult check_passthrough(const Observed& o, const run::Payload& payload, const Fields& fields_submitted,
                                  const std::string& token_field, const std::vector<std::string>& other_tokens,
                                  bool sent_as_template = false);

// Rate limit: a legitimate burst, then an abusive one.
run::CaseResult check_burst_accepted(const std::vector<Observed>& burst, double within_s);
run::CaseResult check_burst_delivered(const std::vector<Observed>& burst, const config::ExpectSettings& expect);
run::CaseResult check_abuse_limited(const std::vector<Submission>& burst, const config::RateLimitSettings& limit);
run::CaseResult check_abuse_retry_after(const std::vector<Submission>& burst);
run::CaseResult check_messages_match_accepted(const std::vector<Submission>& submissions,
                                              const std::map<std::string, std::vector<twilio::Message>>& by_token);

std::string excerpt(const std::string& text, size_t max = 300);

}  // namespace formcheck::checks
