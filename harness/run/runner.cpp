#include "harness/run/runner.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <string_view>
#include <thread>

#include "harness/checks/audit.hpp"
#include "harness/checks/catalogue.hpp"
#include "harness/checks/evaluate.hpp"
#include "harness/checks/page_checks.hpp"
#include "harness/checks/refusal.hpp"
#include "harness/checks/token.hpp"
#include "harness/config/whatsapp_address.hpp"
#include "harness/run/attempts.hpp"
#include "harness/run/case_time.hpp"
#include "harness/run/target_run.hpp"
#include "harness/util/retry.hpp"

namespace formcheck::run {
namespace {

// Why a count over the end-of-run sweep cannot be made: a message seen by SID is missing from
// Twilio's list (list lag), so the list cannot be the whole truth.
std::string list_lag_error(std::string_view whose, const std::string& sid) {
  return fmt::format(
      "cannot count the messages {}: Twilio's message list still does not show {} (seen by SID) after the "
      "waits ended (list lag)",
      whose, sid);
}

}  // namespace

// Every message of this run, counted per token, or why it could not be.
struct Runner::SweepEvidence {
  std::map<std::string, std::vector<twilio::Message>> by_token;
  std::optional<std::string> error;
  std::set<std::string> unlisted;  // seen by a wait, yet not in the sweep's list (list lag)
  std::chrono::milliseconds settled{0};
  std::string settle_reason;  // what the settle waited for (empty: every submission was old enough)
  bool cancelled_before = false;

  // The SID of the item's message when the sweep could not list it.
  std::optional<std::string> unlisted_sid(const TargetRun::Item& item) const {
    if (item.watch) {
      const auto& watch = item.watch->get();
      if (watch.message && unlisted.contains(watch.message->sid)) {
        return watch.message->sid;
      }
    }
    return std::nullopt;
  }

  // Why a sweep-based check cannot be judged (outcome passed = it can).
  results::CaseResult unavailable() const {
    results::CaseResult r;
    r.outcome = results::Outcome::passed;
    if (cancelled_before) {
      r.outcome = results::Outcome::not_run;
      r.message = "interrupted before the sweep";
    } else if (error) {
      r.outcome = results::Outcome::error;
      r.message = "the end-of-run sweep of the Twilio log failed: " + *error;
    }
    add_settle(r);
    return r;
  }

  void add_settle(results::CaseResult& r) const {
    r.add_property("sweep_settled_ms", std::to_string(settled.count()));
    if (!settle_reason.empty()) {
      r.add_property("sweep_settle", settle_reason);
    }
  }
};

Runner::Runner(const config::Config& config, const Plan& plan, results::ResultBook& book, RunnerOptions options)
    : m_config(config), m_plan(plan), m_book(book), m_options(std::move(options)), m_planned(book) {
  m_client = twilio::client_for(m_config.twilio);
}

Runner::~Runner() = default;

void Runner::note(const std::string& text) const {
  if (m_options.on_note) {
    m_options.on_note(redact(text));
  }
}

void Runner::record(const std::string& target, const std::string& suite, const std::string& name, results::CaseResult result,
                    int attempt) {
  const auto slot = m_planned.slot(m_book, target, suite, name);
  result.target = target;
  result.suite = suite;
  result.name = name;
  const auto already = [&](const std::string& key) {
    return std::any_of(result.properties.begin(), result.properties.end(), [&](const auto& p) { return p.first == key; });
  };
  if (const auto* settings = m_config.find_target(target);
      settings != nullptr && settings->insecure_tls && !already("tls_verification")) {
    // Every verdict of such a target carries it: a pass over an unverified connection
    // proves less, and whoever reads the report must see why.
    result.add_property("tls_verification", fmt::format("off (targets.{}.insecure_tls)", target));
  }
  if (!slot.planned) {
    result = PlannedChecks::unplanned(std::move(result));
    note(fmt::format("{}: {}", target, result.message));
  }
  result.file = m_book.at(slot.index).file;
  result.attempt = attempt;
  results::CaseResult merged;
  {
    // The book always holds the merge of the attempts so far: a run interrupted during a
    // retry still reports the failure that caused it.
    std::lock_guard lock(m_attempts_mutex);
    auto& runs = m_attempts[slot.index];
    runs[attempt] = std::move(result);
    std::vector<results::CaseResult> in_order;
    for (const auto& [number, r] : runs) {
      in_order.push_back(r);
    }
    merged = merge_attempts(in_order);
  }
  if (!m_options.allow_flaky_delivery) {
    fail_flaky_delivery(merged);
  }
  m_book.record(slot.index, merged);
  if (m_options.on_result) {
    m_options.on_result(merged);
  }
}

void Runner::record_all_of_target(const PlannedTarget& planned, results::Outcome outcome, const std::string& message,
                                  const std::string& attachment) {
  for (const auto& suite : planned.suites) {
    if (suite.kind == results::SuiteKind::audit) {
      continue;  // judged before anything else ran, and independent of the target
    }
    for (const auto& name : check_names(suite)) {
      results::CaseResult r;
      r.outcome = outcome;
      r.message = redact(message);
      r.attachment = attachment;
      record(planned.target.name, suite.name, name, std::move(r));
    }
  }
}

std::vector<checks::PendingView> Runner::pending() const {
  std::lock_guard lock(m_mutex);
  return m_watcher ? m_watcher->pending() : std::vector<checks::PendingView>{};
}

RunStats Runner::stats() const {
  std::lock_guard lock(m_mutex);
  RunStats s;
  s.twilio_requests = m_client->requests_sent();
  s.watcher_cycles = m_watcher ? m_watcher->cycles() : 0;
  s.submissions = m_submissions.load();
  return s;
}

bool Runner::pause(std::chrono::steady_clock::duration how_long) const {
  return sleep_unless_cancelled(how_long, m_options.cancelled);
}

bool Runner::verify_twilio_access() {
  // One cheap read before any message is sent: refused credentials must not cost a
  // submission (a message formcheck could never verify).
  twilio::MessageQuery probe;
  probe.to = m_config.twilio.staff;
  probe.page_size = 1;
  // Transient trouble (429, 5xx, a dropped connection) is retried with backoff, Twilio's
  // Retry-After first, for up to about 30 s; refused credentials end the run at once.
  RetryOptions options;
  options.cancel = m_options.cancelled;
  options.deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  options.backoff = {.first = std::chrono::seconds(1),
                     .max = std::chrono::seconds(8),
                     .retry_after = BackoffPolicy::RetryAfter::exactly};
  const auto answer = retry(
      [&] { return m_client->list_messages_page(probe); },
      [](const auto& a) {
        return a ? RetryAdvice{} : RetryAdvice{a.error().is_retryable() && !a.error().is_auth_failure(),
                                               a.error().retry_after};
      },
      options,
      [&](const auto& a, std::chrono::milliseconds wait) {
        note(fmt::format("Twilio answered: {}; trying again in {:.1f} s", a.error().describe(),
                         std::chrono::duration<double>(wait).count()));
      });
  if (answer) {
    return true;
  }
  const auto& e = answer.error();
  const std::string why = e.is_auth_failure()
                              ? fmt::format("Twilio refused the credentials for {}: {}", m_config.twilio.account_sid,
                                            e.describe())
                              : fmt::format("the Twilio API cannot be used: {}", e.describe());
  note(why);
  for (const auto& t : m_plan.targets) {
    record_all_of_target(t, results::Outcome::error, why + " — nothing was submitted", "");
  }
  return false;
}

void Runner::run() {
  run_audits();
  if (!verify_twilio_access()) {
    return;
  }
  start_watcher();
  const auto started_wall = std::chrono::system_clock::now();
  run_targets();
  judge_sweep_checks(sweep_the_log(started_wall));
  std::lock_guard lock(m_mutex);
  m_target_runs.clear();  // stops local targets
}

void Runner::run_audits() {
  // The audit suite first: configuration checks that send nothing.
  for (const auto& t : m_plan.targets) {
    for (const auto& s : t.suites) {
      if (s.kind == results::SuiteKind::audit) {
        note(fmt::format("{}: auditing the configuration …", t.target.name));
        for (auto& r : checks::audit::audit_target(m_config, t.target, *m_client)) {
          const auto name = r.name;
          record(t.target.name, s.name, name, std::move(r));
        }
      }
    }
  }
}

void Runner::start_watcher() {
  checks::WatcherOptions watcher_options;
  watcher_options.staff = m_config.twilio.staff;
  std::set<std::string> senders;
  for (const auto& t : m_plan.targets) {
    if (!t.target.expect.sender.empty()) {
      senders.insert(t.target.expect.sender);
    }
  }
  senders.insert(std::string(config::kSandboxNumber));
  watcher_options.senders_to_search.assign(senders.begin(), senders.end());
  watcher_options.initial_interval = std::chrono::milliseconds(m_config.polling.initial_ms);
  watcher_options.max_interval = std::chrono::milliseconds(m_config.polling.max_ms);
  watcher_options.max_requests = m_config.polling.max_requests;
  watcher_options.cancelled = m_options.cancelled;
  std::lock_guard lock(m_mutex);
  m_watcher = std::make_unique<checks::Watcher>(*m_client, watcher_options);
}

void Runner::run_targets() {
  std::vector<std::thread> threads;
  for (const auto& planned : m_plan.targets) {
    auto run = std::make_unique<TargetRun>();
    run->planned = &planned;
    run->index = static_cast<size_t>(&planned - m_plan.targets.data());
    {
      std::lock_guard lock(m_mutex);
      m_target_runs.push_back(std::move(run));
    }
    threads.emplace_back([this, &planned] { run_target(planned); });
  }
  for (auto& t : threads) {
    t.join();
  }
}

Runner::SweepEvidence Runner::sweep_the_log(std::chrono::system_clock::time_point since) {
  SweepEvidence sweep;
  sweep.settled = settle_before_sweep(sweep.settle_reason);
  sweep.cancelled_before = cancelled();
  if (sweep.cancelled_before) {
    return sweep;
  }
  note("sweeping the Twilio log for every message of this run…");
  auto swept = sweep_until_complete(since, sweep.unlisted);
  if (!swept) {
    sweep.error = swept.error().describe();
    return sweep;
  }
  for (auto& run : m_target_runs) {
    for (auto& item : run->items) {
      sweep.by_token[item.submission.token];
    }
  }
  for (const auto& m : *swept) {
    for (auto& [token, list] : sweep.by_token) {
      if (checks::contains_token(m.body, token)) {
        list.push_back(m);
      }
    }
  }
  return sweep;
}

void Runner::judge_sweep_checks(const SweepEvidence& sweep) {
  for (auto& run : m_target_runs) {
    if (run->aborted) {
      continue;
    }
    for (size_t i = 0; i < run->items.size(); ++i) {
      if (checks::planned_by(checks::spec(checks::Check::one_message), run->items[i].suite->kind)) {
        judge_one_message(*run, i, sweep);
      }
    }
    judge_messages_match_accepted(*run, sweep);
    if (sweep.unavailable().outcome == results::Outcome::passed) {
      judge_after_the_waits(*run, sweep.by_token);
    }
  }
}

void Runner::judge_one_message(const TargetRun& run, size_t index, const SweepEvidence& sweep) {
  const auto& item = run.items[index];
  const auto& target = run.planned->target;
  results::CaseResult r = sweep.unavailable();
  std::optional<checks::WatchResult> watch;
  if (item.watch) {
    watch = item.watch->get();
  }
  if (r.outcome == results::Outcome::passed) {
    if (const auto sid = sweep.unlisted_sid(item)) {
      r.outcome = results::Outcome::error;
      r.message = list_lag_error("for this submission", *sid) + ", so a second message could hide there too";
    } else {
      const auto found = sweep.by_token.find(item.submission.token);
      r = checks::check_one_message({&item.submission, watch ? &*watch : nullptr, true},
                                    found != sweep.by_token.end() ? found->second : std::vector<twilio::Message>{});
      sweep.add_settle(r);
    }
    if (auto refused = checks::pacing_refusal(item.submission, target)) {
      r = std::move(*refused);
    }
    checks::say_what_the_site_answered(r, item.submission);
    // Counted by the sweep, judged with its submission's other checks: the same time.
    r.duration = case_time(item.submission, watch ? &*watch : nullptr);
    checks::add_evidence(r, {&item.submission, watch ? &*watch : nullptr});
    if (item.page) {
      checks::adjust_for_unsent_page(r, *item.page, false);
    }
  }
  record(target.name, item.suite->name, checks::check_name(checks::Check::one_message, item.case_name),
         std::move(r), item.attempt);
}

void Runner::judge_messages_match_accepted(const TargetRun& run, const SweepEvidence& sweep) {
  std::map<int, std::vector<checks::Submission>> per_attempt;
  const results::Suite* rate_suite = nullptr;
  std::map<int, std::string> unlisted;  // per attempt: a SID the list never showed
  for (const auto& item : run.items) {
    if (!checks::planned_by(checks::spec(checks::Check::messages_match_accepted), item.suite->kind)) {
      continue;
    }
    rate_suite = item.suite;
    per_attempt[item.attempt].push_back(item.submission);
    if (!unlisted.contains(item.attempt)) {
      if (const auto sid = sweep.unlisted_sid(item)) {
        unlisted[item.attempt] = *sid;
      }
    }
  }
  for (const auto& [attempt, submissions] : per_attempt) {
    results::CaseResult r = sweep.unavailable();
    const auto never_listed = unlisted.find(attempt);
    if (r.outcome == results::Outcome::passed && never_listed != unlisted.end()) {
      r.outcome = results::Outcome::error;
      r.message = list_lag_error("of the bursts", never_listed->second);
    } else if (r.outcome == results::Outcome::passed) {
      r = timed(checks::check_messages_match_accepted(submissions, sweep.by_token), burst_time(submissions));
      sweep.add_settle(r);
    }
    record(run.planned->target.name, rate_suite->name, checks::check_name(checks::Check::messages_match_accepted),
           std::move(r), attempt);
  }
}

twilio::Result<std::vector<twilio::Message>> Runner::sweep_until_complete(
    std::chrono::system_clock::time_point since, std::set<std::string>& unlisted) {
  // Every message a wait saw that carries its token must be in the sweep: one that is not
  // (Twilio's list lags behind fetch by SID) would make the count wrong.
  std::set<std::string> watched;
  double grace_s = 0;
  for (const auto& run : m_target_runs) {
    grace_s = std::max(grace_s, run->planned->target.expect.grace_s);
    for (const auto& item : run->items) {
      if (item.watch) {
        const auto& watch = item.watch->get();
        if (watch.message && checks::contains_token(watch.message->body, item.submission.token)) {
          watched.insert(watch.message->sid);
        }
      }
    }
  }
  auto missing = [&](const std::vector<twilio::Message>& swept) {
    auto out = watched;
    for (const auto& m : swept) {
      out.erase(m.sid);
    }
    return out;
  };
  // A lagging list or a passing failure is worth another sweep, for as long as formcheck
  // already waits for a late message (the longest grace_s); never past Ctrl-C.
  using namespace std::chrono;
  const auto give_up_at = steady_clock::now() + milliseconds(static_cast<long>(grace_s * 1000));
  RetryOptions options;
  options.cancel = m_options.cancelled;
  options.deadline = give_up_at;
  options.cut_wait_at_deadline = true;
  options.backoff = {.first = milliseconds(500), .max = seconds(4)};
  auto swept = retry(
      [&] { return m_watcher->sweep(since, m_plan.run_id + "-"); },
      [&](const auto& result) {
        if (result) {
          return RetryAdvice{!missing(*result).empty(), std::nullopt};
        }
        return RetryAdvice{result.error().is_retryable() && !result.error().is_auth_failure(),
                           result.error().retry_after};
      },
      options,
      [&](const auto& result, milliseconds) {
        note(result ? fmt::format("Twilio's message list does not show {} yet (list lag); sweeping again",
                                  *missing(*result).begin())
                    : fmt::format("the sweep failed: {}; trying again", result.error().describe()));
      });
  if (swept) {
    unlisted = missing(*swept);
  }
  return swept;
}

}  // namespace formcheck::run
