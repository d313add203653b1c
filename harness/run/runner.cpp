#include "harness/run/runner.hpp"

#include <fmt/format.h>

#include <set>
#include <string_view>
#include <thread>

#include "harness/checks/audit.hpp"
#include "harness/checks/evaluate.hpp"
#include "harness/checks/refusal.hpp"
#include "harness/checks/page_checks.hpp"
#include "harness/checks/submission.hpp"
#include "harness/checks/token.hpp"
#include "harness/checks/warm_up.hpp"
#include "harness/config/whatsapp_address.hpp"
#include "harness/run/attempts.hpp"
#include "harness/run/browser_evidence.hpp"
#include "harness/run/browser_pool.hpp"
#include "harness/run/rate_gate.hpp"
#include "harness/target/target_session.hpp"

namespace formcheck::run {
namespace {

std::string key(const std::string& target, const std::string& suite, const std::string& name) {
  return target + '\x1f' + suite + '\x1f' + name;
}

// A case's own time: from its submission to the end of its wait, or to the site's answer
// when nothing was awaited (not to the attempt's judgement, which waits for every case).
std::chrono::milliseconds case_time(const checks::Submission& s, const checks::WatchResult* watch) {
  const auto answered = std::chrono::duration_cast<std::chrono::milliseconds>(s.response.elapsed);
  return watch != nullptr ? std::max(watch->waited, answered) : answered;
}

// A burst's checks take the time of its slowest member.
std::chrono::milliseconds burst_time(const std::vector<checks::Observed>& burst) {
  std::chrono::milliseconds longest{0};
  for (const auto& o : burst) {
    longest = std::max(longest, case_time(*o.submission, o.watch));
  }
  return longest;
}

std::chrono::milliseconds burst_time(const std::vector<checks::Submission>& burst) {
  std::chrono::milliseconds longest{0};
  for (const auto& s : burst) {
    longest = std::max(longest, case_time(s, nullptr));
  }
  return longest;
}

results::CaseResult timed(results::CaseResult r, std::chrono::milliseconds took) {
  r.duration = took;
  return r;
}

// Why a count over the end-of-run sweep cannot be made: a message seen by SID is missing from
// Twilio's list (list lag), so the list cannot be the whole truth.
std::string list_lag_error(std::string_view whose, const std::string& sid) {
  return fmt::format(
      "cannot count the messages {}: Twilio's message list still does not show {} (seen by SID) after the "
      "waits ended (list lag)",
      whose, sid);
}

}  // namespace

// Everything one target's thread produced, kept until the end-of-run sweep.
struct Runner::TargetRun {
  const PlannedTarget* planned = nullptr;
  std::unique_ptr<target::TargetSession> session;
  struct Item {
    const results::Suite* suite = nullptr;
    std::string case_name;
    const results::Payload* payload = nullptr;
    checks::Submission submission;
    std::optional<std::shared_future<checks::WatchResult>> watch;
    enum class Role { single, legit, abuse } role = Role::single;
    int attempt = 1;  // 1 = the first run of its suite, 2 = the first retry, …
    std::shared_ptr<const checks::PageSubmission> page;  // browser mode: the page it went through
  };
  std::vector<Item> items;
  std::unique_ptr<BrowserPool> browsers;  // browser mode, started on first use
  bool aborted = false;  // the target could not be used (error verdicts already recorded)
};

Runner::Runner(const config::Config& config, const Plan& plan, results::ResultBook& book, RunnerOptions options)
    : m_config(config), m_plan(plan), m_book(book), m_options(std::move(options)) {
  const auto cases = m_book.snapshot();
  for (size_t i = 0; i < cases.size(); ++i) {
    m_index[key(cases[i].target, cases[i].suite, cases[i].name)] = i;
  }
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
  const auto k = key(target, suite, name);
  const auto it = m_index.find(k);
  if (it == m_index.end()) {
    return;
  }
  result.target = target;
  result.suite = suite;
  result.name = name;
  if (const auto* settings = m_config.find_target(target); settings != nullptr && settings->insecure_tls) {
    // Every verdict of such a target carries it: a pass over an unverified connection
    // proves less, and whoever reads the report must see why.
    result.add_property("tls_verification", fmt::format("off (targets.{}.insecure_tls)", target));
  }
  result.file = m_book.at(it->second).file;
  result.attempt = attempt;
  results::CaseResult merged;
  {
    // The book always holds the merge of the attempts so far: a run interrupted during a
    // retry still reports the failure that caused it.
    std::lock_guard lock(m_attempts_mutex);
    auto& runs = m_attempts[k];
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
  m_book.record(it->second, merged);
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
  const auto until = std::chrono::steady_clock::now() + how_long;
  while (!cancelled()) {
    const auto left = until - std::chrono::steady_clock::now();
    if (left <= std::chrono::steady_clock::duration::zero()) {
      return true;
    }
    std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(left, std::chrono::milliseconds(50)));
  }
  return false;
}

bool Runner::verify_twilio_access() {
  // One cheap read before any message is sent: refused credentials must not cost a
  // submission (a message formcheck could never verify).
  twilio::MessageQuery probe;
  probe.to = m_config.twilio.staff;
  probe.page_size = 1;
  auto answer = m_client->list_messages_page(probe);
  // Transient trouble (429, 5xx, a dropped connection) is retried with backoff, honouring
  // Retry-After, for up to about 30 s; refused credentials end the run at once.
  auto backoff = std::chrono::seconds(1);
  const auto give_up_at = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (!answer && answer.error().is_retryable() && !answer.error().is_auth_failure() &&
         std::chrono::steady_clock::now() < give_up_at && !cancelled()) {
    const auto wait = answer.error().retry_after.value_or(backoff);  // Twilio's word first
    note(fmt::format("Twilio answered: {}; trying again in {} s", answer.error().describe(), wait.count()));
    if (!pause(wait)) {
      break;
    }
    backoff = std::min(backoff * 2, std::chrono::seconds(8));
    answer = m_client->list_messages_page(probe);
  }
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
  // The audit suite first: configuration checks that send nothing (issue 5).
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
  if (!verify_twilio_access()) {
    return;
  }
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
  {
    std::lock_guard lock(m_mutex);
    m_watcher = std::make_unique<checks::Watcher>(*m_client, watcher_options);
  }
  const auto started_wall = std::chrono::system_clock::now();

  std::vector<std::thread> threads;
  for (const auto& planned : m_plan.targets) {
    auto run = std::make_unique<TargetRun>();
    run->planned = &planned;
    {
      std::lock_guard lock(m_mutex);
      m_target_runs.push_back(std::move(run));
    }
    threads.emplace_back([this, &planned] { run_target(planned); });
  }
  for (auto& t : threads) {
    t.join();
  }

  // The sweep: every message of this run, counted per token.
  std::map<std::string, std::vector<twilio::Message>> by_token;
  std::optional<std::string> sweep_error;
  std::set<std::string> unlisted;  // seen by a wait, yet not in the sweep's list (list lag)
  const auto settled = settle_before_sweep();
  const bool cancelled_before_sweep = cancelled();
  if (!cancelled_before_sweep) {
    note("sweeping the Twilio log for every message of this run…");
    auto swept = sweep_until_complete(started_wall, unlisted);
    if (!swept) {
      sweep_error = swept.error().describe();
    } else {
      for (auto& run : m_target_runs) {
        for (auto& item : run->items) {
          by_token[item.submission.token];
        }
      }
      for (const auto& m : *swept) {
        for (auto& [token, list] : by_token) {
          if (checks::contains_token(m.body, token)) {
            list.push_back(m);
          }
        }
      }
    }
  }
  // The SID of the item's message when the sweep could not list it.
  auto unlisted_sid = [&](const TargetRun::Item& item) -> std::optional<std::string> {
    if (item.watch) {
      const auto& watch = item.watch->get();
      if (watch.message && unlisted.contains(watch.message->sid)) {
        return watch.message->sid;
      }
    }
    return std::nullopt;
  };
  // Why a sweep-based check cannot be judged (outcome passed = it can).
  auto sweep_unavailable = [&] {
    results::CaseResult r;
    r.outcome = results::Outcome::passed;
    if (cancelled_before_sweep) {
      r.outcome = results::Outcome::not_run;
      r.message = "interrupted before the sweep";
    } else if (sweep_error) {
      r.outcome = results::Outcome::error;
      r.message = "the end-of-run sweep of the Twilio log failed: " + *sweep_error;
    }
    r.add_property("sweep_settled_ms", std::to_string(settled.count()));
    return r;
  };
  for (auto& run : m_target_runs) {
    if (run->aborted) {
      continue;
    }
    const auto& target = run->planned->target;
    std::map<int, std::vector<checks::Submission>> rate_suite_all;  // per attempt
    const results::Suite* rate_suite = nullptr;
    std::map<int, std::string> rate_suite_unlisted;  // per attempt: a SID the list never showed
    for (auto& item : run->items) {
      if (item.suite->kind == results::SuiteKind::delivery) {
        results::CaseResult r = sweep_unavailable();
        if (r.outcome == results::Outcome::passed) {
          std::optional<checks::WatchResult> watch;
          if (item.watch) {
            watch = item.watch->get();
          }
          if (const auto sid = unlisted_sid(item)) {
            r.outcome = results::Outcome::error;
            r.message = list_lag_error("for this submission", *sid) + ", so a second message could hide there too";
          } else {
            r = checks::check_one_message({&item.submission, watch ? &*watch : nullptr, true},
                                          by_token[item.submission.token]);
            r.add_property("sweep_settled_ms", std::to_string(settled.count()));
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
        record(target.name, item.suite->name, item.case_name + "/one-message", std::move(r), item.attempt);
      }
      if (item.suite->kind == results::SuiteKind::rate_limit) {
        rate_suite = item.suite;
        rate_suite_all[item.attempt].push_back(item.submission);
        if (!rate_suite_unlisted.contains(item.attempt)) {
          if (const auto sid = unlisted_sid(item)) {
            rate_suite_unlisted[item.attempt] = *sid;
          }
        }
      }
    }
    for (const auto& [attempt, submissions] : rate_suite_all) {
      results::CaseResult r = sweep_unavailable();
      const auto never_listed = rate_suite_unlisted.find(attempt);
      if (r.outcome == results::Outcome::passed && never_listed != rate_suite_unlisted.end()) {
        r.outcome = results::Outcome::error;
        r.message = list_lag_error("of the bursts", never_listed->second);
      } else if (r.outcome == results::Outcome::passed) {
        r = timed(checks::check_messages_match_accepted(submissions, by_token), burst_time(submissions));
        r.add_property("sweep_settled_ms", std::to_string(settled.count()));
      }
      record(target.name, rate_suite->name, "abuse/messages-match-accepted", std::move(r), attempt);
    }
  }
  std::lock_guard lock(m_mutex);
  m_target_runs.clear();  // stops local targets
}

std::chrono::milliseconds Runner::settle_before_sweep() {
  // A message can come after its wait ended: a duplicate from a route that retries, a send
  // for a submission answered 429. The count waits until the last submission of each target
  // is settle_s old (expect.settle_s, else grace_s).
  using namespace std::chrono;
  auto until = steady_clock::now();
  const auto from = until;
  for (const auto& run : m_target_runs) {
    const auto settle = milliseconds(static_cast<long>(run->planned->target.expect.settle_seconds() * 1000));
    for (const auto& item : run->items) {
      until = std::max(until, item.submission.sent_at + duration_cast<steady_clock::duration>(
                                                           item.submission.response.elapsed) + settle);
    }
  }
  if (until <= from || cancelled()) {
    return milliseconds(0);
  }
  note(fmt::format("waiting {:.1f} s for late messages before counting them (expect.settle_s)",
                   duration<double>(until - from).count()));
  pause(until - from);
  return duration_cast<milliseconds>(steady_clock::now() - from);
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
  auto pause = milliseconds(500);
  auto swept = m_watcher->sweep(since, m_plan.run_id + "-");
  while (!cancelled() && steady_clock::now() < give_up_at) {
    if (swept) {
      const auto absent = missing(*swept);
      if (absent.empty()) {
        break;
      }
      note(fmt::format("Twilio's message list does not show {} yet (list lag); sweeping again",
                       *absent.begin()));
    } else if (swept.error().is_retryable() && !swept.error().is_auth_failure()) {
      pause = std::max<milliseconds>(pause, swept.error().retry_after.value_or(seconds(0)));
      note(fmt::format("the sweep failed: {}; trying again", swept.error().describe()));
    } else {
      break;
    }
    if (!this->pause(std::min<steady_clock::duration>(pause, give_up_at - steady_clock::now()))) {
      break;
    }
    pause = std::min<milliseconds>(pause * 2, seconds(4));
    swept = m_watcher->sweep(since, m_plan.run_id + "-");
  }
  if (swept) {
    unlisted = missing(*swept);
  }
  return swept;
}

void Runner::run_target(const PlannedTarget& planned) {
  TargetRun* run = nullptr;
  {
    std::lock_guard lock(m_mutex);
    for (auto& r : m_target_runs) {
      if (r->planned == &planned) {
        run = r.get();
      }
    }
  }
  const auto& target = planned.target;
  const auto& form = *m_config.form;

  note(target.start ? fmt::format("{}: starting {} …", target.name, target.url)
                    : fmt::format("{}: preflight {} …", target.name, target.url));
  if (target.insecure_tls) {
    note(fmt::format(
        "{}: TLS certificate verification is OFF (targets.{}.insecure_tls): any certificate is accepted, "
        "so these checks do not prove the site's HTTPS",
        target.name, target.name));
  }
  run->session = target::TargetSession::open(target, m_options.cancelled);
  if (!run->session->ready()) {
    run->aborted = true;
    note(fmt::format("{}: {}", target.name, run->session->error()));
    record_all_of_target(planned, cancelled() ? results::Outcome::not_run : results::Outcome::error, run->session->error(),
                         run->session->captured_output());
    return;
  }
  if (target.start) {
    note(fmt::format("{}: ready after {:.1f} s", target.name, run->session->startup_seconds()));
  }
  if (const auto warm = checks::warm_up(target, form); warm.took >= std::chrono::milliseconds(500)) {
    note(fmt::format("{}: the form's route took {:.1f} s to answer a warm-up GET ({}); timing starts now",
                     target.name, warm.took.count() / 1000.0, warm.answer));
  }

  RateGate gate(target.rate_limit, m_options.cancelled);
  int counter = 0;
  const auto deadline_after = std::chrono::milliseconds(
      static_cast<long>((target.expect.latency_s + target.expect.grace_s) * 1000));
  const auto target_index = static_cast<size_t>(&planned - m_plan.targets.data());
  auto next_token = [&] { return checks::make_token(m_plan.run_id, target_index, ++counter); };
  auto pace_note = [&](std::chrono::milliseconds wait) {
    note(fmt::format("{}: pacing {:.1f} s for the site's rate limit ({} per {:.0f} s)", target.name,
                     wait.count() / 1000.0, target.rate_limit.max, target.rate_limit.window_s));
  };
  auto watch = [&](const checks::Submission& s) {
    checks::WatchRequest w;
    w.token = s.token;
    w.sid = s.sid;
    w.target_status = target.expect.status;
    w.submitted_at = s.sent_at;
    w.submitted_wall = s.sent_wall;
    w.deadline = s.sent_at + deadline_after;
    // The site said no: the wait ends once the log shows nothing for it (the end-of-run sweep
    // still counts a message sent anyway).
    w.end_at_first_look = s.response.transport_ok() && !s.accepted();
    return m_watcher->watch(std::move(w));
  };
  auto submit_in_browser = [&](TargetRun& r, const results::Payload& payload, const config::TargetSettings& t,
                               const config::FormSettings& f, const checks::SubmissionRequest& request) {
    if (!r.browsers) {
      note(fmt::format("{}: starting {} for browser submissions …", t.name, payload.engine));
      r.browsers = std::make_unique<BrowserPool>();
    }
    checks::PageOptions options;
    options.screenshot = m_options.screenshots != "none";
    options.cancelled = m_options.cancelled;
    // Paced at the click, not before the page loads: the site counts the request when it arrives.
    options.before_click = [&] { return gate.acquire(1, pace_note); };
    options.after_request = [&] { gate.record(1); };  // the site counted it by the time it answered
    return std::make_shared<const checks::PageSubmission>(
        r.browsers->submit(payload.engine, payload.device, t, f, request, std::move(options)));
  };
  int attempt = 1;
  auto submit = [&](const results::Suite& suite, const std::string& case_name, const results::Payload* payload,
                    std::vector<checks::SubmissionRequest> requests, TargetRun::Item::Role role) {
    std::shared_ptr<const checks::PageSubmission> page;
    if (payload != nullptr && payload->in_browser()) {
      page = submit_in_browser(*run, *payload, target, form, requests.front());  // records in the gate itself
    }
    auto submissions = page ? std::vector<checks::Submission>{page->submission}
                            : checks::submit_all(target, form, requests, m_options.cancelled);
    if (!page) {
      // Stamped once every answer is in: the site counted each before it answered.
      gate.record(static_cast<int>(submissions.size()));
    }
    m_submissions += submissions.size();
    for (auto& s : submissions) {
      TargetRun::Item item;
      item.suite = &suite;
      item.case_name = case_name;
      item.payload = payload;
      // A refused submission is still watched in single cases (a site may answer 500 yet
      // send), and so is one the site got but did not answer in time (it may send late); a
      // rate-limited burst member relies on the sweep instead.
      const bool watch_it = (s.response.transport_ok() || s.answer_timed_out()) &&
                            (role == TargetRun::Item::Role::single || s.accepted());
      if (watch_it) {
        item.watch = watch(s);
      }
      item.submission = std::move(s);
      item.role = role;
      item.attempt = attempt;
      item.page = page;
      run->items.push_back(std::move(item));
    }
  };

  // Attempt 1 runs every suite; each retry re-runs (in plan order, so rate-limit stays last,
  // paced by the same gate) only the suites that had a failed check in the attempt before.
  std::vector<const results::Suite*> to_run;
  for (const auto& suite : planned.suites) {
    if (suite.kind != results::SuiteKind::audit) {  // judged in run(), before anything was sent
      to_run.push_back(&suite);
    }
  }
  bool stopped = false;
  for (; attempt <= 1 + m_plan.retries && !to_run.empty() && !stopped && !cancelled(); ++attempt) {
    if (attempt > 1) {
      std::string names;
      for (const auto* suite : to_run) {
        names += (names.empty() ? "" : ", ") + suite->name;
      }
      note(fmt::format("{}: retrying {} (attempt {} of {}): a check failed", target.name, names, attempt,
                       1 + m_plan.retries));
    }
    const size_t first_item = run->items.size();
    for (const auto* suite_ptr : to_run) {
      const auto& suite = *suite_ptr;
      if (stopped || cancelled()) {
        break;
      }
      if (!run->session->alive()) {
        const auto why = fmt::format("the local target exited mid-run ({})", run->session->exit_description());
        note(fmt::format("{}: {}", target.name, why));
        for (const auto& name : check_names(suite)) {
          results::CaseResult r;
          r.outcome = results::Outcome::error;
          r.message = why;
          r.attachment = run->session->captured_output();
          record(target.name, suite.name, name, std::move(r), attempt);
        }
        continue;
      }
      switch (suite.kind) {
        case results::SuiteKind::delivery:
        case results::SuiteKind::sender:
        case results::SuiteKind::passthrough:
          for (const auto& c : suite.cases) {
            if (c.in_browser() ? cancelled() : !gate.acquire(1, pace_note)) {
              stopped = true;
              break;
            }
            submit(suite, c.name, &c, {{next_token(), c.fields}}, TargetRun::Item::Role::single);
          }
          break;
        case results::SuiteKind::rate_limit: {
          // The gate remembers the previous attempt's abusive burst: a retried legitimate
          // burst waits until the site's window has room for it again.
          if (!gate.acquire(suite.legit_count, pace_note)) {
            stopped = true;
            break;
          }
          std::vector<checks::SubmissionRequest> legit;
          for (int i = 0; i < suite.legit_count; ++i) {
            legit.push_back({next_token(), {}});
          }
          submit(suite, "legit-burst", nullptr, legit, TargetRun::Item::Role::legit);
          // The abusive burst: the site's limit plus `extra`, all at once.
          std::vector<checks::SubmissionRequest> abuse;
          for (int i = 0; i < target.rate_limit.max + suite.abuse_extra; ++i) {
            abuse.push_back({next_token(), {}});
          }
          submit(suite, "abuse", nullptr, abuse, TargetRun::Item::Role::abuse);
          break;
        }
        case results::SuiteKind::audit:
          break;
      }
    }
    // Only failures are retried: an error is infrastructure trouble a re-run would not judge.
    to_run = judge_attempt(*run, first_item, attempt);
  }
  // Stop the browsers and the local target from the thread that started them: PR_SET_PDEATHSIG
  // fires when the starting *thread* ends, which would SIGKILL them without the graceful TERM first.
  run->browsers.reset();
  run->session->stop();
}

std::vector<const results::Suite*> Runner::judge_attempt(TargetRun& run, size_t first, int attempt) {
  const auto& target = run.planned->target;
  const auto& form = *m_config.form;
  std::set<const results::Suite*> failed;
  auto judged = [&](const results::Suite* suite, const std::string& name, results::CaseResult r) {
    if (r.outcome == results::Outcome::failed) {
      failed.insert(suite);
    }
    record(target.name, suite->name, name, std::move(r), attempt);
  };
  // Every token this target sent so far: no submission's body may carry another's.
  std::vector<std::string> all_tokens;
  for (const auto& item : run.items) {
    all_tokens.push_back(item.submission.token);
  }
  std::map<const results::Suite*, std::vector<checks::Observed>> legit_bursts;
  std::map<const results::Suite*, std::vector<checks::Submission>> abuse_bursts;
  // An accepted submission's verdict needs no Twilio answer: it is recorded (and printed) now,
  // and again with the Twilio evidence once its watch ends.
  for (size_t i = first; i < run.items.size(); ++i) {
    const auto& item = run.items[i];
    if (item.suite->kind == results::SuiteKind::delivery && item.submission.accepted()) {
      const checks::Observed early{&item.submission, nullptr};
      auto r = checks::check_accepted(early);
      checks::add_evidence(r, early);
      record(target.name, item.suite->name, item.case_name + "/accepted", std::move(r), attempt);
    }
  }
  std::vector<checks::WatchResult> results(run.items.size());
  const std::string output = target.start ? run.session->captured_output() : std::string();
  for (size_t i = first; i < run.items.size(); ++i) {
    auto& item = run.items[i];
    if (item.watch) {  // each submission is judged as soon as its own watch ends
      results[i] = item.watch->get();
    }
    const checks::Observed o{&item.submission, item.watch ? &results[i] : nullptr,
                             item.suite->kind == results::SuiteKind::delivery};
    std::vector<std::pair<std::string, results::CaseResult>> page_results;  // browser mode: recorded together below
    auto finish = [&](const std::string& name, results::CaseResult r) {
      if (auto refused = checks::pacing_refusal(item.submission, target)) {
        r = std::move(*refused);  // formcheck's pacing, not the payload: never this check's failure
      }
      checks::say_what_the_site_answered(r, item.submission);
      r.duration = case_time(item.submission, o.watch);
      checks::add_evidence(r, o);
      if (r.outcome == results::Outcome::failed || r.outcome == results::Outcome::error) {
        r.attachment = output;
      }
      if (item.page) {
        page_results.emplace_back(name, std::move(r));
        return;
      }
      judged(item.suite, name, std::move(r));
    };
    switch (item.suite->kind) {
      case results::SuiteKind::delivery:
        finish(item.case_name + "/accepted", checks::check_accepted(o));
        finish(item.case_name + "/delivered", checks::check_delivered(o, target.expect, m_config.twilio.staff));
        finish(item.case_name + "/latency", checks::check_latency(o, target.expect));
        break;
      case results::SuiteKind::sender:
        finish(item.case_name + "/expected-sender", checks::check_sender(o, target.expect));
        finish(item.case_name + "/not-sandbox", checks::check_not_sandbox(o, target.expect));
        finish(item.case_name + "/recipient-is-staff", checks::check_recipient(o, m_config.twilio.staff));
        break;
      case results::SuiteKind::passthrough: {
        std::vector<std::string> others;
        for (const auto& t : all_tokens) {
          if (t != item.submission.token) {
            others.push_back(t);
          }
        }
        const auto submitted = checks::merge_fields(form.fields, item.payload->fields);
        const bool sends_template = m_config.window.site_sends == config::WindowSettings::SiteSends::templates;
        finish(item.case_name,
               checks::check_passthrough(o, *item.payload, submitted, form.token_field, others, sends_template));
        break;
      }
      case results::SuiteKind::rate_limit:
        if (item.role == TargetRun::Item::Role::legit) {
          legit_bursts[item.suite].push_back(o);
        } else {
          abuse_bursts[item.suite].push_back(item.submission);
        }
        break;
      case results::SuiteKind::audit:
        break;
    }
    if (item.page) {
      finish(item.case_name + "/guest-view", checks::check_guest_view(*item.page, form));
      finish_page_results(*item.page, item.case_name, page_results, m_options);
      for (auto& [name, r] : page_results) {
        judged(item.suite, name, std::move(r));
      }
    }
  }
  for (const auto& [suite, burst] : legit_bursts) {
    const auto took = burst_time(burst);
    judged(suite, "legit-burst/accepted", timed(checks::check_burst_accepted(burst, suite->legit_within_s), took));
    judged(suite, "legit-burst/delivered", timed(checks::check_burst_delivered(burst, target.expect), took));
  }
  for (const auto& [suite, burst] : abuse_bursts) {
    std::vector<checks::Submission> legit;
    for (const auto& o : legit_bursts[suite]) {
      legit.push_back(*o.submission);
    }
    const auto took = burst_time(burst);
    judged(suite, "abuse/limited", timed(checks::check_abuse_limited(legit, burst, target.rate_limit), took));
    judged(suite, "abuse/retry-after", timed(checks::check_abuse_retry_after(burst, target.rate_limit), took));
  }
  // In plan order, so a retried rate-limit suite still runs last.
  std::vector<const results::Suite*> retry;
  for (const auto& suite : run.planned->suites) {
    if (failed.count(&suite) != 0) {
      retry.push_back(&suite);
    }
  }
  return retry;
}

}  // namespace formcheck::run
