// One target's thread of a run: open the target, submit each attempt's suites paced by the
// site's rate limit, judge every check of the attempt, retry the suites that failed.
#include "harness/run/target_run.hpp"

#include "harness/checks/catalogue.hpp"
#include "harness/checks/evaluate.hpp"
#include "harness/checks/page_checks.hpp"
#include "harness/checks/refusal.hpp"
#include "harness/checks/token.hpp"
#include "harness/checks/warm_up.hpp"
#include "harness/run/browser_evidence.hpp"
#include "harness/run/case_time.hpp"
#include "harness/target/dev_server_diagnosis.hpp"
#include "harness/run/pack_refusal.hpp"

#include <fmt/format.h>

#include <set>

namespace formcheck::run {

using Role = Submitted;

// A local target's last output lines shown on the console when it could not be used.
constexpr size_t kOutputLinesWithAnError = 8;

Runner::TargetRun& Runner::target_run_of(const PlannedTarget& planned) {
  std::lock_guard lock(m_mutex);
  for (auto& r : m_target_runs) {
    if (r->planned == &planned) {
      return *r;
    }
  }
  throw std::logic_error("a target without its run");  // run() creates one per planned target first
}

void Runner::run_target(const PlannedTarget& planned) {
  auto& run = target_run_of(planned);
  if (!open_target(run)) {
    return;
  }
  run_attempts(run);
  run.judged_at = std::chrono::steady_clock::now();
  // Stop the browsers and the local target from the thread that started them: PR_SET_PDEATHSIG
  // fires when the starting *thread* ends, which would SIGKILL them without the graceful TERM first.
  run.browsers.reset();
  // A stopped site sends nothing late: the target runs until its last submission is settle_s old.
  settle_target(run);
  run.session->stop();
}

bool Runner::open_target(TargetRun& run) {
  const auto& target = run.planned->target;
  note(target.start ? fmt::format("{}: starting {} …", target.name, target.url)
                    : fmt::format("{}: preflight {} …", target.name, target.url));
  if (target.insecure_tls) {
    note(fmt::format(
        "{}: TLS certificate verification is OFF (targets.{}.insecure_tls): any certificate is accepted, "
        "so these checks do not prove the site's HTTPS",
        target.name, target.name));
  }
  run.session = target::TargetSession::open(target, m_options.cancelled);
  if (!run.session->ready()) {
    run.aborted = true;
    // From this thread, which started it (see run_target); its output stays readable.
    run.session->stop();
    note(fmt::format("{}: {}", target.name, run.session->error()));
    // The cause (EADDRINUSE, a compile error) is usually in the target's last words.
    for (const auto& line : run.session->last_output_lines(kOutputLinesWithAnError)) {
      note(fmt::format("{}|   {}", target.name, line));
    }
    record_all_of_target(*run.planned, cancelled() ? results::Outcome::not_run : results::Outcome::error,
                         run.session->error(), run.session->captured_output());
    return false;
  }
  if (!run.session->reused_server().empty()) {
    note(fmt::format("{}: {}", target.name, run.session->reused_server()));
  }
  if (target.start) {
    note(fmt::format("{}: ready after {:.1f} s", target.name, run.session->startup_seconds()));
  }
  run.gate = std::make_unique<RateGate>(target.rate_limit, m_options.cancelled);
  if (target.start && target.start->ready == m_config.form->path) {
    // The ready probes went to the form's route: a limiter on the route counted them.
    run.gate->record(run.session->probes_sent());
  }
  const auto warm = checks::warm_up(target, *m_config.form);
  if (warm.reached_site) {
    // A limiter on the whole route counts the warm-up GET like a submission: stamped, the
    // legitimate burst and the submissions after it still fit the site's window.
    run.gate->record(1);
  }
  if (warm.took >= std::chrono::milliseconds(500)) {
    note(fmt::format("{}: the form's route took {:.1f} s to answer a warm-up GET ({}); timing starts now",
                     target.name, warm.took.count() / 1000.0, warm.answer));
  }
  return true;
}

void Runner::run_attempts(TargetRun& run) {
  const auto& target = run.planned->target;
  // Attempt 1 runs every suite; each retry re-runs (in plan order, so rate-limit stays last,
  // paced by the same gate) only the suites that had a failed check in the attempt before.
  std::vector<const results::Suite*> to_run;
  for (const auto& suite : run.planned->suites) {
    if (suite.kind != results::SuiteKind::audit) {  // judged in run(), before anything was sent
      to_run.push_back(&suite);
    }
  }
  for (run.attempt = 1; run.attempt <= 1 + m_plan.retries && !to_run.empty() && !run.stopped && !cancelled();
       ++run.attempt) {
    if (run.attempt > 1) {
      std::string names;
      for (const auto* suite : to_run) {
        names += (names.empty() ? "" : ", ") + suite->name;
      }
      note(fmt::format("{}: retrying {} (attempt {} of {}): a check failed", target.name, names, run.attempt,
                       1 + m_plan.retries));
    }
    // Only failures are retried: an error is infrastructure trouble a re-run would not judge.
    to_run = submit_and_judge_attempt(run, to_run);
  }
}

void Runner::record_target_exit(TargetRun& run, const results::Suite& suite,
                                const std::vector<const results::Suite*>& attempt_suites) {
  const auto& target = run.planned->target;
  // A sender case judged from a delivery submission has its verdicts already.
  results::Suite unsent = suite;
  unsent.cases.clear();
  for (size_t i = 0; i < suite.cases.size(); ++i) {
    if (suite.kind != results::SuiteKind::sender || !judged_from_delivery(attempt_suites, suite, i)) {
      unsent.cases.push_back(suite.cases[i]);
    }
  }
  if (suite.kind == results::SuiteKind::sender && unsent.cases.empty()) {
    return;
  }
  const auto why = fmt::format("the local target exited mid-run ({})", run.session->exit_description());
  note(fmt::format("{}: {}", target.name, why));
  for (const auto& name : check_names(unsent)) {
    results::CaseResult r;
    r.outcome = results::Outcome::error;
    r.message = why;
    r.attachment = run.session->captured_output();
    record(target.name, suite.name, name, std::move(r), run.attempt);
  }
}

void Runner::submit_suite(TargetRun& run, const results::Suite& suite,
                          const std::vector<const results::Suite*>& attempt_suites) {
  switch (suite.kind) {
    case results::SuiteKind::passthrough:
      if (auto packs = passthrough_packs(suite, *m_config.form); !packs.empty()) {
        submit_packs(run, suite, std::move(packs));
        break;
      }
      [[fallthrough]];
    case results::SuiteKind::delivery:
    case results::SuiteKind::sender:
      for (size_t i = 0; i < suite.cases.size(); ++i) {
        const auto& c = suite.cases[i];
        if (suite.kind == results::SuiteKind::sender && judged_from_delivery(attempt_suites, suite, i)) {
          continue;  // judged from the delivery case's submission
        }
        if (c.in_browser() ? cancelled() : !run.gate->acquire(1, [&](auto wait) { pace_note(run, wait); })) {
          run.stopped = true;
          return;
        }
        const auto shared = suite.kind == results::SuiteKind::delivery
                                ? sender_sharing(attempt_suites, suite, i)
                                : std::nullopt;
        submit(run, suite, c.name, &c, {{next_token(run), c.fields}}, Role::single, shared);
      }
      break;
    case results::SuiteKind::rate_limit:
      submit_rate_limit(run, suite);
      break;
    case results::SuiteKind::audit:
      break;
  }
}

bool Runner::submit_packs(TargetRun& run, const results::Suite& suite, std::vector<checks::Pack> packs) {
  for (auto& pack : packs) {
    auto shared = std::make_shared<const checks::Pack>(std::move(pack));
    const auto& first = shared->members.front().payload;
    const results::Payload* payload = nullptr;
    for (const auto& c : suite.cases) {
      payload = c.name == first.name ? &c : payload;
    }
    // A page submission is paced at its click (submit_in_browser); its members share its
    // engine and device, so the page of the first is the page of all.
    const bool in_browser = payload != nullptr && payload->in_browser();
    if (in_browser ? cancelled() : !run.gate->acquire(1, [&](auto wait) { pace_note(run, wait); })) {
      run.stopped = true;
      return false;
    }
    submit(run, suite, first.name, payload, {{next_token(run), shared->fields}}, Submitted::single,
           std::nullopt, shared);
    const auto& item = run.items.back();
    if (!item.kept_whole.empty()) {
      note(fmt::format("{}: the site refused {} payloads submitted together ({}); not submitting each alone: {}",
                       run.planned->target.name, shared->members.size(), item.submission.describe_response(),
                       item.kept_whole));
    }
    if (item.superseded) {
      note(fmt::format("{}: the site refused {} payloads submitted together ({}); submitting each alone",
                       run.planned->target.name, shared->members.size(),
                       item.submission.describe_response()));
      if (!submit_packs(run, suite, checks::unpack(*shared))) {
        return false;
      }
    }
  }
  return true;
}

void Runner::submit_rate_limit(TargetRun& run, const results::Suite& suite) {
  const auto& limit = run.planned->target.rate_limit;
  run.probe_times.erase(&suite);
  size_t first = run.items.size();
  for (int tries = 1;; ++tries) {
    // A fresh window: the site then holds none of formcheck's earlier submissions, so exactly
    // its limit must pass and the rest be refused. The gate also remembers a previous
    // attempt's burst (or a burst another client crowded out), so this waits until the
    // site's window is clear again.
    if (!run.gate->acquire(std::max(limit.max, suite.legit_count), [&](auto wait) { pace_note(run, wait); })) {
      run.stopped = true;
      return;
    }
    if (!run.session->alive()) {  // it may have gone while the window cleared
      record_target_exit(run, suite, {});
      return;
    }
    // One burst in that window: the first `legit_count` go first as the legitimate burst (one
    // guest), then the rest (up to the site's limit plus `extra`) all at once.
    first = run.items.size();
    std::vector<checks::SubmissionRequest> legit;
    for (int i = 0; i < suite.legit_count; ++i) {
      legit.push_back({next_token(run), {}});
    }
    submit(run, suite, {}, nullptr, legit, Role::legit);
    const auto window = check_burst_window(run, suite, first, tries);
    if (window == BurstWindow::give_up) {
      return;
    }
    if (window == BurstWindow::clear) {
      break;
    }
  }
  submit_abuse(run, suite, first);
}

std::string Runner::next_token(TargetRun& run) const {
  return checks::make_token(m_plan.run_id, run.index, ++run.tokens);
}

void Runner::pace_note(const TargetRun& run, std::chrono::milliseconds wait) const {
  const auto& target = run.planned->target;
  note(fmt::format("{}: pacing {:.1f} s for the site's rate limit ({} per {:.0f} s)", target.name,
                   wait.count() / 1000.0, target.rate_limit.max, target.rate_limit.window_s));
}

std::shared_future<checks::WatchResult> Runner::watch(const TargetRun& run, const checks::Submission& s) {
  const auto& target = run.planned->target;
  checks::WatchRequest w;
  w.token = s.token;
  w.sid = s.sid;
  w.target_status = target.expect.status;
  w.submitted_at = s.sent_at;
  w.submitted_wall = s.sent_wall;
  w.deadline = s.sent_at + std::chrono::milliseconds(
                               static_cast<long>((target.expect.latency_s + target.expect.grace_s) * 1000));
  // The site said no: the wait ends once the log shows nothing for it (the end-of-run sweep
  // still counts a message sent anyway).
  w.end_at_first_look = s.response.transport_ok() && !s.accepted();
  return m_watcher->watch(std::move(w));
}

namespace {

// The page itself would not send the pack (a field marked invalid, an error shown, nothing
// sent): alone, each payload meets the page's validation on its own.
bool page_refused_before_sending(const checks::PageSubmission& page) {
  return !page.request_made && !page.infrastructure && !page.interrupted &&
         (!page.invalid_fields.empty() || !page.errors_seen.empty());
}

// The delivery submissions of the latest attempt that made any: what an ordinary submission
// got from the site, against which a refused pack is judged.
std::vector<const checks::Submission*> delivery_submissions(const std::deque<SubmissionItem>& items) {
  std::vector<const checks::Submission*> found;
  int attempt = 0;
  for (const auto& item : items) {
    if (item.suite->kind != results::SuiteKind::delivery || item.role != Submitted::single) {
      continue;
    }
    if (item.attempt > attempt) {
      found.clear();
      attempt = item.attempt;
    }
    if (item.attempt == attempt) {
      found.push_back(&item.submission);
    }
  }
  return found;
}

}  // namespace

std::shared_ptr<const checks::PageSubmission> Runner::submit_in_browser(
    TargetRun& run, const results::Payload& payload, const checks::SubmissionRequest& request) {
  const auto& target = run.planned->target;
  if (!run.browsers) {
    note(fmt::format("{}: starting {} for browser submissions …", target.name, payload.engine));
    run.browsers = std::make_unique<BrowserPool>();
  }
  checks::PageOptions options;
  options.screenshot = m_options.screenshots != "none";
  options.cancelled = m_options.cancelled;
  // Paced at the click, not before the page loads: the site counts the request when it arrives.
  options.before_click = [&] { return run.gate->acquire(1, [&](auto wait) { pace_note(run, wait); }); };
  options.after_request = [&] { run.gate->record(1); };  // the site counted it by the time it answered
  auto page = run.browsers->submit(payload.engine, payload.device, target, *m_config.form, request, std::move(options));
  if (page.never_interactive && !page.infrastructure) {
    // A local dev server often says why its page never hydrated: then that is the set-up's
    // problem, an error with its fix, not the site failing every browser check.
    if (const auto cause = target::diagnose_unhydrated_page(run.session->captured_output(), target)) {
      page.problem = *cause + " — " + page.problem;
      page.infrastructure = true;
    }
  }
  return std::make_shared<const checks::PageSubmission>(std::move(page));
}

void Runner::submit(TargetRun& run, const results::Suite& suite, const std::string& case_name,
                    const results::Payload* payload, std::vector<checks::SubmissionRequest> requests,
                    Role role, std::optional<SharedCase> shared, std::shared_ptr<const checks::Pack> pack) {
  std::shared_ptr<const checks::PageSubmission> page;
  if (payload != nullptr && payload->in_browser()) {
    page = submit_in_browser(run, *payload, requests.front());  // records in the gate itself
  }
  auto submissions =
      page ? std::vector<checks::Submission>{page->submission}
           : checks::submit_all(run.planned->target, *m_config.form, requests, m_options.cancelled);
  if (!page) {
    const int held = run.gate->held();
    for (auto& s : submissions) {
      s.own_in_window = held;  // formcheck's submissions before these: a 429 within the limit is another client's doing
    }
    // Stamped once every answer is in: the site counted each before it answered.
    run.gate->record(static_cast<int>(submissions.size()));
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
    const bool watch_it =
        (s.response.transport_ok() || s.answer_timed_out()) && (role == Role::single || s.accepted());
    if (watch_it) {
      item.watch = watch(run, s);
    }
    item.submission = std::move(s);
    item.role = role;
    item.attempt = run.attempt;
    item.page = page;
    item.pack = pack;
    // The site refused payloads submitted together: alone, each gets its own answer, so a check
    // names the payload the site cannot take and the others still pass (submit_packs) — when
    // the refusal can be about the payloads at all.
    if (pack && pack->shared()) {
      const auto refusal = judge_pack_refusal(item.submission, page && page_refused_before_sending(*page),
                                              delivery_submissions(run.items));
      item.superseded = refusal.unpack;
      item.kept_whole = refusal.why_not;
    }
    if (shared) {
      item.shared_suite = shared->suite;
      item.shared_case = shared->suite->cases[shared->case_index].name;
    }
    run.items.push_back(std::move(item));
    const auto& added = run.items.back();
    record_early_acceptance(run, added);
    {
      std::lock_guard lock(run.judge_mutex);
      run.sent_tokens.push_back(added.submission.token);
      if (role == Role::single && !added.superseded) {
        run.to_judge.push_back(&added);  // the bursts are judged together once the attempt is in
      }
    }
    run.judge_cv.notify_all();
  }
}

}  // namespace formcheck::run
