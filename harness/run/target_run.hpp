#pragma once
// What one target's thread of a run holds (private to the runner): its session, its rate
// gate, and every submission it made, kept until the end-of-run sweep has counted them.
#include "harness/checks/page_submission.hpp"
#include "harness/checks/passthrough_pack.hpp"
#include "harness/checks/submission.hpp"
#include "harness/checks/watcher.hpp"
#include "harness/checks/window_probe.hpp"
#include "harness/run/browser_pool.hpp"
#include "harness/run/rate_gate.hpp"
#include "harness/run/runner.hpp"
#include "harness/target/target_session.hpp"

#include <chrono>
#include <condition_variable>
#include <deque>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace formcheck::run {

// One submission and what judges it.
struct SubmissionItem {
  const results::Suite* suite = nullptr;
  std::string case_name;
  const results::Payload* payload = nullptr;
  checks::Submission submission;
  std::optional<std::shared_future<checks::WatchResult>> watch;
  Submitted role = Submitted::single;
  int attempt = 1;  // 1 = the first run of its suite, 2 = the first retry, …
  std::shared_ptr<const checks::PageSubmission> page;  // browser mode: the page it went through
  // A sender case judged from this delivery submission (no submission of its own).
  const results::Suite* shared_suite = nullptr;
  std::string shared_case;
  // Passthrough: the payloads this submission carries, each judged on its own.
  std::shared_ptr<const checks::Pack> pack;
  // A pack the site refused, whose payloads were then submitted alone: judged from those.
  bool superseded = false;
  // A refused pack kept whole (pack_refusal.hpp): why its payloads did not go alone.
  std::string kept_whole;
};

struct Runner::TargetRun {
  const PlannedTarget* planned = nullptr;
  size_t index = 0;  // in the plan: part of each token
  std::unique_ptr<target::TargetSession> session;
  using Item = SubmissionItem;
  // A deque: the live judge holds references to items while the submitter adds more.
  std::deque<Item> items;
  // The live judge of the attempt under way: the submissions it has yet to judge, in the order
  // they were sent, and every token sent to the target so far (all under judge_mutex).
  std::mutex judge_mutex;
  std::condition_variable judge_cv;
  std::deque<const Item*> to_judge;
  bool attempt_submitted = false;
  std::vector<std::string> sent_tokens;
  std::unique_ptr<BrowserPool> browsers;  // browser mode, started on first use
  std::unique_ptr<RateGate> gate;
  // The rate-limit suite's window probe in the attempt under way: when it went, or why not.
  std::map<const results::Suite*, checks::ProbeTime> probe_times;
  int tokens = 0;        // tokens handed out so far
  int attempt = 1;       // the attempt being submitted
  bool stopped = false;  // cancelled while waiting for the gate
  bool aborted = false;  // the target could not be used (error verdicts already recorded)
  std::chrono::steady_clock::time_point judged_at{};  // when its attempts were judged (zero: never)
};

}  // namespace formcheck::run
