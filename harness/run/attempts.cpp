#include "harness/run/attempts.hpp"

#include <string>

#include "harness/checks/catalogue.hpp"

namespace formcheck::run {
namespace {

bool went_wrong(results::Outcome o) {
  return o == results::Outcome::failed || o == results::Outcome::error;
}

// Index of the latest run with `outcome`, or npos.
size_t latest(const std::vector<results::CaseResult>& runs, results::Outcome outcome) {
  for (size_t i = runs.size(); i-- > 0;) {
    if (runs[i].outcome == outcome) {
      return i;
    }
  }
  return std::string::npos;
}

size_t deciding_run(const std::vector<results::CaseResult>& runs) {
  if (runs.back().outcome == results::Outcome::passed) {
    return runs.size() - 1;
  }
  // A failure seen on any attempt outranks what later attempts said: a retry that errored,
  // was skipped or never ran (Ctrl-C) proves nothing about it.
  for (const auto outcome : {results::Outcome::failed, results::Outcome::error}) {
    if (const auto i = latest(runs, outcome); i != std::string::npos) {
      return i;
    }
  }
  for (size_t i = runs.size(); i-- > 0;) {
    if (runs[i].outcome != results::Outcome::not_run) {
      return i;  // the latest attempt that judged the check (passed or skipped)
    }
  }
  return runs.size() - 1;
}

// A sender check that failed once proves the site can send from the wrong number (a
// round-robin of senders, a fallback to the sandbox): the next guest may get that one.
std::string why_a_retry_proves_nothing(std::string_view name) {
  for (const std::string_view check : {"/expected-sender", "/not-sandbox", "/recipient-is-staff"}) {
    if (name.ends_with(check)) {
      return "a message sent from or to the wrong number once will be again";
    }
  }
  return "a message lost once is a lost enquiry";
}

}  // namespace

results::Attempt as_attempt(const results::CaseResult& run) {
  results::Attempt a;
  a.number = run.attempt;
  a.outcome = run.outcome;
  a.message = run.message;
  a.detail = run.detail;
  a.duration = run.duration;
  a.timeline = run.timeline;
  a.properties = run.properties;
  a.attachment = run.attachment;
  return a;
}

results::CaseResult merge_attempts(const std::vector<results::CaseResult>& runs) {
  if (runs.empty()) {
    return {};
  }
  if (runs.size() == 1) {
    return runs.front();
  }
  const size_t d = deciding_run(runs);
  results::CaseResult merged = runs[d];
  merged.attempts.clear();
  merged.flaky = false;
  for (size_t i = 0; i < runs.size(); ++i) {
    merged.attempts.push_back(as_attempt(runs[i]));
    if (i != d && merged.outcome == results::Outcome::passed && went_wrong(runs[i].outcome)) {
      merged.flaky = true;
    }
  }
  return merged;
}

bool is_delivery_class(std::string_view name) { return checks::is_delivery_class(name); }

void fail_flaky_delivery(results::CaseResult& merged) {
  if (!merged.flaky || merged.outcome != results::Outcome::passed || !is_delivery_class(merged.name)) {
    return;
  }
  const results::Attempt* lost = nullptr;
  for (const auto& a : merged.attempts) {
    if (went_wrong(a.outcome)) {
      lost = &a;
      break;
    }
  }
  const std::string first = lost != nullptr ? lost->message : std::string("an earlier attempt went wrong");
  merged.message = "passed only on attempt " + std::to_string(merged.attempt) + " after attempt " +
                   std::to_string(lost != nullptr ? lost->number : 1) + ": " + first + " (" +
                   why_a_retry_proves_nothing(merged.name) + "; --allow-flaky-delivery accepts it)";
  merged.outcome = results::Outcome::failed;
  merged.flaky = false;
}

}  // namespace formcheck::run
