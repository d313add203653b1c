#include "harness/checks/after_the_wait.hpp"

#include "harness/config/whatsapp_address.hpp"
#include "harness/twilio/error_catalog.hpp"
#include "harness/twilio/whatsapp_rules.hpp"
#include "harness/util/secret.hpp"

#include <fmt/format.h>

namespace formcheck::checks {
namespace {

// One property per key: a verdict amended after the sweep replaces what the wait recorded.
void set_property(results::CaseResult& r, const std::string& key, const std::string& value) {
  for (auto& [k, v] : r.properties) {
    if (k == key) {
      v = value;
      return;
    }
  }
  r.add_property(key, value);
}

std::string error_text(const twilio::Message& m, const config::ExpectSettings& expect) {
  if (!m.error_code || *m.error_code == 0) {
    return {};
  }
  // The rollback drill (the sandbox expected) explains the sandbox's own rules, as the wait does.
  const bool drill = expect.sender == config::kSandboxNumber;
  return fmt::format(" with error {}", drill ? twilio::explain_failure(*m.error_code, m.from)
                                             : twilio::describe_error(*m.error_code));
}

// A failure that comes after a pass keeps the pass's story in the detail.
void fail(results::CaseResult& r, const std::string& message, const std::string& detail) {
  const std::string before = (r.outcome == results::Outcome::passed ? "when its wait ended it had passed: "
                                                                    : "it had also failed: ") +
                             r.message;
  r.detail =
      redact(detail + (detail.empty() ? "" : "\n") + before + (r.detail.empty() ? "" : "\n" + r.detail));
  r.outcome = results::Outcome::failed;
  r.message = redact(message);
}

}  // namespace

std::optional<twilio::Message> failed_after_the_wait(const WatchResult& watch,
                                                     const std::vector<twilio::Message>& swept) {
  if (watch.end != WatchResult::End::reached || !watch.message) {
    return std::nullopt;  // a wait that did not pass is judged already
  }
  for (const auto& m : swept) {
    if (m.sid == watch.message->sid && twilio::is_final_failure(m.status)) {
      return m;
    }
  }
  return std::nullopt;
}

void fail_delivered_after_the_wait(results::CaseResult& r, const WatchResult& watch,
                                   const twilio::Message& later, std::chrono::milliseconds read_after,
                                   const config::ExpectSettings& expect) {
  const std::string reached = watch.message ? watch.message->status : expect.status;
  const double at_s = watch.latency ? watch.latency->count() / 1000.0 : 0.0;
  fail(r,
       fmt::format(
           "{} reached '{}' after {:.2f} s, then ended '{}'{} (read again by the end-of-run sweep {:.0f} s "
           "after the submission)",
           later.sid, reached, at_s, later.status, error_text(later, expect), read_after.count() / 1000.0),
       later.error_message.value_or(""));
  set_property(r, "status", later.status);
  set_property(r, "status_at_wait_end", reached);
  if (later.error_code) {
    set_property(r, "error_code", std::to_string(*later.error_code));
  }
  r.timeline.push_back({read_after, fmt::format("Twilio status: {} (the end-of-run sweep)", later.status)});
}

void fail_burst_after_the_wait(results::CaseResult& r, const std::vector<twilio::Message>& later,
                               size_t burst_size, const config::ExpectSettings& expect) {
  if (later.empty()) {
    return;
  }
  std::string detail;
  for (const auto& m : later) {
    detail += fmt::format("{}: '{}'{}\n", m.sid, m.status, error_text(m, expect));
  }
  const auto& first = later.front();
  fail(r,
       fmt::format(
           "{} of {} burst messages reached '{}' and then ended '{}'{} (read again by the end-of-run sweep)",
           later.size(), burst_size, expect.status, first.status, error_text(first, expect)),
       detail);
}

void fail_duplicate_submission(results::CaseResult& r, const std::vector<twilio::Message>& messages) {
  std::string sids;
  for (const auto& m : messages) {
    sids += (sids.empty() ? "" : ", ") + m.sid;
  }
  fail(r,
       fmt::format(
           "{} messages for one submission: {} (the site sent it more than once; counted by the end-of-run "
           "sweep)",
           messages.size(), sids),
       {});
  set_property(r, "messages_for_submission", std::to_string(messages.size()));
}

}  // namespace formcheck::checks
