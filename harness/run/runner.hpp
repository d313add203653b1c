#pragma once
// Executes a plan: targets run side by side (each its own thread), submissions are paced by
// the target's rate limit, ONE watcher serves every pending submission, a suite with a failed
// check is re-run on its target up to plan.retries times (attempts merged per check, see
// attempts.hpp), and an end-of-run sweep of the Twilio log counts messages per token
// (duplicates, messages for refused submissions) for every attempt.
#include <atomic>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>

#include "harness/checks/watcher.hpp"
#include "harness/config/config.hpp"
#include "harness/run/plan.hpp"
#include "harness/results/verdict.hpp"
#include "harness/twilio/client_for.hpp"

namespace formcheck::run {

struct RunnerOptions {
  const std::atomic<bool>* cancelled = nullptr;
  std::function<void(const results::CaseResult&)> on_result;  // each verdict as it is recorded
  std::function<void(const std::string&)> on_note;   // progress notes (target started, pacing…)
  // A delivery-class check that passed only on a retry stays a pass (default: it fails).
  bool allow_flaky_delivery = false;
  // Browser mode: when to keep the page's screenshot (all, failed, none) and where.
  std::string screenshots = "failed";
  std::filesystem::path screenshot_dir = "screenshots";
};

struct RunStats {
  size_t twilio_requests = 0;
  int watcher_cycles = 0;
  size_t submissions = 0;
};

class Runner {
 public:
  Runner(const config::Config& config, const Plan& plan, results::ResultBook& book, RunnerOptions options);
  ~Runner();
  void run();
  // Live view for the console (empty before the watcher exists).
  std::vector<checks::PendingView> pending() const;
  RunStats stats() const;

 private:
  struct TargetRun;
  void run_target(const PlannedTarget& planned);
  // Judges the items of one attempt (from `first` on) and returns the suites with a failed check.
  std::vector<const results::Suite*> judge_attempt(TargetRun& run, size_t first, int attempt);
  // Records attempt `attempt`'s verdict and puts the merge of every attempt so far in the book.
  void record(const std::string& target, const std::string& suite, const std::string& name, results::CaseResult result,
              int attempt = 1);
  void record_all_of_target(const PlannedTarget& planned, results::Outcome outcome, const std::string& message,
                            const std::string& attachment);
  void note(const std::string& text) const;
  bool verify_twilio_access();
  bool cancelled() const { return m_options.cancelled != nullptr && m_options.cancelled->load(); }
  // Sleeps for `how_long` in short slices, returning early (false) once the run is cancelled.
  bool pause(std::chrono::steady_clock::duration how_long) const;
  // The end-of-run sweep, repeated (for up to the longest grace_s) while it fails transiently
  // or misses a message a wait saw; `unlisted` gets the SIDs it still misses.
  // Waits (cancellably) until every target's last submission is settle_s old; how long it waited.
  std::chrono::milliseconds settle_before_sweep();
  twilio::Result<std::vector<twilio::Message>> sweep_until_complete(
      std::chrono::system_clock::time_point since, std::set<std::string>& unlisted);

  const config::Config& m_config;
  const Plan& m_plan;
  results::ResultBook& m_book;
  RunnerOptions m_options;
  std::map<std::string, size_t> m_index;  // "target\x1fsuite\x1fname" → book index
  std::mutex m_attempts_mutex;
  std::map<std::string, std::map<int, results::CaseResult>> m_attempts;  // same key → verdict per attempt
  std::unique_ptr<twilio::Client> m_client;
  std::unique_ptr<checks::Watcher> m_watcher;
  mutable std::mutex m_mutex;
  std::vector<std::unique_ptr<TargetRun>> m_target_runs;
  std::atomic<size_t> m_submissions{0};
};

}  // namespace formcheck::run
