#pragma once
// Executes a plan: targets run side by side (each its own thread), submissions are paced by
// the target's rate limit, ONE watcher serves every pending submission, each submission's
// checks are judged the moment its wait ends (names from checks/catalogue), a suite with a failed
// check is re-run on its target up to plan.retries times (attempts merged per check, see
// attempts.hpp), and an end-of-run sweep of the Twilio log counts messages per token
// (duplicates, messages for refused submissions) for every attempt.
#include <atomic>
#include <filesystem>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>

#include "harness/checks/evaluate.hpp"
#include "harness/checks/page_submission.hpp"
#include "harness/checks/watcher.hpp"
#include "harness/config/config.hpp"
#include "harness/run/plan.hpp"
#include "harness/run/planned_checks.hpp"
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

// How a submission was sent: alone for its case, or as part of the rate-limit suite's
// legitimate or abusive burst.
// How a submission takes part in its suite: a case's own, or the rate-limit suite's
// legitimate burst, abuse burst or window probe; `crowded` is a legitimate burst refused
// before formcheck had used the limit (another client's traffic), sent again later and not judged.
enum class Submitted { single, legit, abuse, probe, crowded };
struct SubmissionItem;

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
  struct SweepEvidence;
  struct BurstEvidence {  // one attempt's rate-limit bursts, per suite
    std::map<const results::Suite*, std::vector<checks::Observed>> legit;
    std::map<const results::Suite*, std::vector<checks::Observed>> abuse;
    std::map<const results::Suite*, const checks::Submission*> probe;  // the window probe, when sent
  };
  // What the rate-limit suite's legitimate burst met (rate_limit_run.cpp).
  enum class BurstWindow { clear, wait_and_retry, give_up };

  // The run's steps, in order.
  void run_audits();
  void start_watcher();
  void run_targets();  // one thread per target, each running run_target
  SweepEvidence sweep_the_log(std::chrono::system_clock::time_point since);
  void judge_sweep_checks(const SweepEvidence& sweep);

  // One target's thread (target_run.cpp): open it, then submit and judge attempt by attempt.
  void run_target(const PlannedTarget& planned);
  TargetRun& target_run_of(const PlannedTarget& planned);
  bool open_target(TargetRun& run);
  void run_attempts(TargetRun& run);
  void record_target_exit(TargetRun& run, const results::Suite& suite,
                          const std::vector<const results::Suite*>& attempt_suites);
  // `attempt_suites`: every suite this attempt runs on the target (a sender case may be judged
  // from a delivery case's submission).
  void submit_suite(TargetRun& run, const results::Suite& suite,
                    const std::vector<const results::Suite*>& attempt_suites);
  void submit_rate_limit(TargetRun& run, const results::Suite& suite);
  // After the legitimate burst (items from `first`): whether another client had used the
  // site's window before it, and what to do about it (errors recorded when giving up).
  BurstWindow check_burst_window(TargetRun& run, const results::Suite& suite, size_t first, int tries);
  // The abuse burst, each submission as another abuser; then the window probe (the
  // legitimate burst's items start at `first`).
  void submit_abuse(TargetRun& run, const results::Suite& suite, size_t first);
  void probe_window(TargetRun& run, const results::Suite& suite, size_t first);
  // The passthrough corpus in packs; false once stopped (cancelled while paced).
  bool submit_packs(TargetRun& run, const results::Suite& suite, std::vector<checks::Pack> packs);
  void submit(TargetRun& run, const results::Suite& suite, const std::string& case_name,
              const results::Payload* payload, std::vector<checks::SubmissionRequest> requests,
              Submitted role, std::optional<SharedCase> shared = std::nullopt,
              std::shared_ptr<const checks::Pack> pack = nullptr);
  std::shared_ptr<const checks::PageSubmission> submit_in_browser(TargetRun& run, const results::Payload& payload,
                                                                  const checks::SubmissionRequest& request);
  std::shared_future<checks::WatchResult> watch(const TargetRun& run, const checks::Submission& s);
  std::string next_token(TargetRun& run) const;
  void pace_note(const TargetRun& run, std::chrono::milliseconds wait) const;

  // Judging (attempt_judge.cpp). Beside the submitter, a live judge judges each submission's
  // checks the moment its wait ends; the bursts are judged once the attempt's submissions are
  // in. Returns the suites with a failed check.
  std::vector<const results::Suite*> submit_and_judge_attempt(TargetRun& run,
                                                              const std::vector<const results::Suite*>& suites);
  void judge_live(TargetRun& run, int attempt, std::set<const results::Suite*>& failed);
  void record_early_acceptance(TargetRun& run, const SubmissionItem& item);
  void judge_submission_checks(TargetRun& run, const SubmissionItem& item, const checks::Observed& o, int attempt,
                               std::set<const results::Suite*>& failed);
  void judge_bursts_of_attempt(TargetRun& run, size_t first, int attempt, std::set<const results::Suite*>& failed);
  void judge_bursts(TargetRun& run, BurstEvidence& bursts, int attempt, std::set<const results::Suite*>& failed);
  // The end-of-run sweep's checks.
  void judge_one_message(const TargetRun& run, size_t item, const SweepEvidence& sweep);
  void judge_messages_match_accepted(const TargetRun& run, const SweepEvidence& sweep);
  // What the sweep read that overturns a verdict judged when a wait ended (after_the_wait.cpp):
  // a message that failed after reaching the expected status, a passthrough submission sent twice.
  void judge_after_the_waits(const TargetRun& run,
                             const std::map<std::string, std::vector<twilio::Message>>& by_token);
  // Re-records attempt `attempt`'s verdict of a check, changed by `change` (nothing when that
  // attempt never judged it).
  void amend(const std::string& target, const std::string& suite, const std::string& name, int attempt,
             const std::function<void(results::CaseResult&)>& change);

  // Records attempt `attempt`'s verdict and puts the merge of every attempt so far in the book.
  // A check the plan never registered is recorded as an error case of its own.
  void record(const std::string& target, const std::string& suite, const std::string& name, results::CaseResult result,
              int attempt = 1);
  void record_all_of_target(const PlannedTarget& planned, results::Outcome outcome, const std::string& message,
                            const std::string& attachment);
  void note(const std::string& text) const;
  bool verify_twilio_access();
  bool cancelled() const { return m_options.cancelled != nullptr && m_options.cancelled->load(); }
  // Sleeps for `how_long` in short slices, returning early (false) once the run is cancelled.
  bool pause(std::chrono::steady_clock::duration how_long) const;
  // The settle (settle.cpp): when a target's last submission is settle_s old, and why.
  struct SettleDeadline {
    std::chrono::steady_clock::time_point until{};
    std::string why;  // empty: the target submitted nothing
  };
  static SettleDeadline settle_deadline(const TargetRun& run);
  // Waits (cancellably, in the target's thread, before a local target stops) until its last
  // submission is settle_s old.
  void settle_target(const TargetRun& run);
  // Waits for what the targets' threads have not (normally nothing); how long the run waited
  // for late messages since its last verdict, and in `why` what it waited for.
  std::chrono::milliseconds settle_before_sweep(std::string& why);
  // The end-of-run sweep, repeated (for up to the longest grace_s) while it fails transiently
  // or misses a message a wait saw; `unlisted` gets the SIDs it still misses.
  twilio::Result<std::vector<twilio::Message>> sweep_until_complete(
      std::chrono::system_clock::time_point since, std::set<std::string>& unlisted);

  const config::Config& m_config;
  const Plan& m_plan;
  results::ResultBook& m_book;
  RunnerOptions m_options;
  PlannedChecks m_planned;
  std::mutex m_attempts_mutex;
  std::map<size_t, std::map<int, results::CaseResult>> m_attempts;  // book index → verdict per attempt
  std::unique_ptr<twilio::Client> m_client;
  std::unique_ptr<checks::Watcher> m_watcher;
  mutable std::mutex m_mutex;
  std::vector<std::unique_ptr<TargetRun>> m_target_runs;
  std::atomic<size_t> m_submissions{0};
};

}  // namespace formcheck::run
