#pragma once
// What the end-of-run sweep can still change about verdicts judged when each wait ended: a
// message that reached the expected status and then failed (sent → undelivered 30008, sent →
// failed 63016 after the wait stopped at 'sent'), and a submission whose message came twice
// (a passthrough pack the site sent again late). The sweep's list pages carry each message's
// status and error code, so no message is fetched again.
#include "harness/checks/watcher.hpp"
#include "harness/config/config.hpp"
#include "harness/results/verdict.hpp"
#include "harness/twilio/models.hpp"

#include <chrono>
#include <optional>
#include <vector>

namespace formcheck::checks {

// The watched message as the sweep read it, when the wait ended on the expected status and
// the message has since ended in a final failure (failed, undelivered, canceled).
std::optional<twilio::Message> failed_after_the_wait(const WatchResult& watch,
                                                     const std::vector<twilio::Message>& swept);

// The failure a passing `delivered` verdict becomes: which status the wait saw, what Twilio
// reports now (with the error catalogue's diagnosis), and when the sweep read it.
void fail_delivered_after_the_wait(results::CaseResult& r, const WatchResult& watch,
                                   const twilio::Message& later, std::chrono::milliseconds read_after,
                                   const config::ExpectSettings& expect);

// A burst's `delivered` verdict when some of its messages failed after their waits.
void fail_burst_after_the_wait(results::CaseResult& r, const std::vector<twilio::Message>& later,
                               size_t burst_size, const config::ExpectSettings& expect);

// A passthrough payload whose submission brought more than one message: whatever its fields
// did, the site sent the enquiry twice.
void fail_duplicate_submission(results::CaseResult& r, const std::vector<twilio::Message>& messages);

}  // namespace formcheck::checks
