#pragma once
// What a run found, case by case: the only thing reporters read.
#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace formcheck::results {

enum class Outcome {
  passed,
  failed,       // an expectation was broken (the site or Twilio misbehaved)
  error,        // infrastructure trouble: target down, Twilio refused the credentials
  skipped,      // not applicable, or left out on purpose
  not_run,      // planned, never reached (interrupted, or an earlier step failed)
};
std::string_view to_string(Outcome outcome);

struct TimelineEntry {
  std::chrono::milliseconds at{0};  // since the case started
  std::string text;
};

// One run of a case whose suite was retried: the verdict that attempt alone reached, with its
// own evidence. Attempts are never blended: a pass carries only its own attempt's SID.
struct Attempt {
  int number = 1;  // 1 = the first run, 2 = the first retry, …
  Outcome outcome = Outcome::not_run;
  std::string message;
  std::string detail;
  std::chrono::milliseconds duration{0};
  std::vector<TimelineEntry> timeline;
  std::vector<std::pair<std::string, std::string>> properties;
  std::string attachment;
};

struct CaseResult {
  std::string suite;   // e.g. "delivery"
  std::string target;  // e.g. "production"
  std::string name;    // unique within (suite, target), e.g. "contact-form/delivered"
  std::string file;    // the suite file, for CI annotations
  Outcome outcome = Outcome::not_run;
  std::string message;  // one line: why it failed, errored or was skipped
  std::string detail;   // longer text for the failure body
  std::chrono::milliseconds duration{0};
  std::vector<TimelineEntry> timeline;
  // Evidence and measurements: message_sid, status, latency_ms, poll_attempts, …
  std::vector<std::pair<std::string, std::string>> properties;
  bool flaky = false;  // passed on a retry after failing (or erroring) on an earlier attempt
  std::string attachment;  // captured target output when something failed
  int attempt = 1;  // the attempt whose verdict and evidence the fields above are
  // Every attempt in order (attempts[i].number == i + 1) when the suite was retried; empty
  // when the case ran once. See run/attempts.hpp for how they decide the verdict.
  std::vector<Attempt> attempts;

  void add_property(std::string key, std::string value) { properties.emplace_back(std::move(key), std::move(value)); }
};

struct RunSummary {
  size_t passed = 0, failed = 0, errors = 0, skipped = 0, not_run = 0;
  size_t flaky = 0;  // of the passed: passed only on a retry (not a separate outcome)
  size_t total() const { return passed + failed + errors + skipped + not_run; }
};

// Thread-safe collection of every planned case, filled in as verdicts arrive; reporters
// take snapshots, so a report written mid-run (or on Ctrl-C) is complete and valid.
class ResultBook {
 public:
  // Registers a planned case (outcome not_run); returns its index.
  size_t plan(CaseResult planned);
  void record(size_t index, CaseResult result);
  std::vector<CaseResult> snapshot() const;
  CaseResult at(size_t index) const;
  RunSummary summary() const;
  std::chrono::system_clock::time_point started_at() const { return m_started; }
  std::string run_id;
  bool interrupted = false;

 private:
  mutable std::mutex m_mutex;
  std::vector<CaseResult> m_cases;
  std::chrono::system_clock::time_point m_started = std::chrono::system_clock::now();
};

RunSummary summarise(const std::vector<CaseResult>& cases);

}  // namespace formcheck::results
