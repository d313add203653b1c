// Judging one attempt of a target: a live judge beside the submitter judges every check of
// each submission the moment its wait ends (so a paced run prints verdicts as they are
// decided), then the rate-limit bursts once all of them are in. The end-of-run sweep's checks
// are judged in runner.cpp.
#include "harness/checks/abuse_variation.hpp"
#include "harness/checks/catalogue.hpp"
#include "harness/checks/evaluate.hpp"
#include "harness/checks/page_checks.hpp"
#include "harness/checks/refusal.hpp"
#include "harness/checks/submission_judges.hpp"
#include "harness/run/browser_evidence.hpp"
#include "harness/run/case_time.hpp"
#include "harness/run/target_run.hpp"

#include <fmt/format.h>

#include <deque>
#include <set>
#include <thread>

namespace formcheck::run {

using Role = Submitted;

std::vector<const results::Suite*> Runner::submit_and_judge_attempt(
    TargetRun& run, const std::vector<const results::Suite*>& suites) {
  const size_t first = run.items.size();
  const int attempt = run.attempt;
  {
    std::lock_guard lock(run.judge_mutex);
    run.attempt_submitted = false;
  }
  std::set<const results::Suite*> failed;
  std::thread judge([&] { judge_live(run, attempt, failed); });
  for (const auto* suite : suites) {
    if (run.stopped || cancelled()) {
      break;
    }
    if (!run.session->alive()) {
      record_target_exit(run, *suite, suites);
      continue;
    }
    submit_suite(run, *suite, suites);
  }
  {
    std::lock_guard lock(run.judge_mutex);
    run.attempt_submitted = true;
  }
  run.judge_cv.notify_all();
  judge.join();  // `failed` is the live judge's until here
  judge_bursts_of_attempt(run, first, attempt, failed);
  // In plan order, so a retried rate-limit suite still runs last.
  std::vector<const results::Suite*> retry;
  for (const auto& suite : run.planned->suites) {
    if (failed.count(&suite) != 0) {
      retry.push_back(&suite);
    }
  }
  return retry;
}

void Runner::judge_live(TargetRun& run, int attempt, std::set<const results::Suite*>& failed) {
  for (;;) {
    const SubmissionItem* item = nullptr;
    {
      std::unique_lock lock(run.judge_mutex);
      run.judge_cv.wait(lock, [&] { return !run.to_judge.empty() || run.attempt_submitted; });
      if (run.to_judge.empty()) {
        return;
      }
      item = run.to_judge.front();
      run.to_judge.pop_front();
    }
    std::optional<checks::WatchResult> watched;
    if (item->watch) {  // each submission is judged as soon as its own watch ends
      watched = item->watch->get();
    }
    const checks::Observed o{&item->submission, watched ? &*watched : nullptr,
                             checks::planned_by(checks::spec(checks::Check::delivered), item->suite->kind)};
    judge_submission_checks(run, *item, o, attempt, failed);
  }
}

void Runner::record_early_acceptance(TargetRun& run, const SubmissionItem& item) {
  // An accepted submission's verdict needs no Twilio answer: it is recorded (and printed) now,
  // and again with the Twilio evidence once its watch ends.
  if (checks::planned_by(checks::spec(checks::Check::accepted), item.suite->kind) &&
      item.submission.accepted()) {
    const checks::Observed early{&item.submission, nullptr};
    auto r = checks::check_accepted(early);
    checks::add_evidence(r, early);
    record(run.planned->target.name, item.suite->name,
           checks::check_name(checks::Check::accepted, item.case_name), std::move(r), item.attempt);
  }
}

void Runner::judge_bursts_of_attempt(TargetRun& run, size_t first, int attempt,
                                     std::set<const results::Suite*>& failed) {
  std::deque<checks::WatchResult> watched;  // stable addresses for the Observed below
  BurstEvidence bursts;
  for (size_t i = first; i < run.items.size(); ++i) {
    const auto& item = run.items[i];
    if (item.suite->kind != results::SuiteKind::rate_limit) {
      continue;
    }
    const checks::WatchResult* watch = nullptr;
    if (item.watch) {
      watched.push_back(item.watch->get());
      watch = &watched.back();
    }
    switch (item.role) {
      case Role::legit:
        bursts.legit[item.suite].push_back({&item.submission, watch, false});
        break;
      case Role::abuse:
        bursts.abuse[item.suite].push_back({&item.submission, watch, false});
        break;
      case Role::probe:
        bursts.probe[item.suite] = &item.submission;
        break;
      case Role::single:
      case Role::crowded:  // sent into a window another client had used: the burst was sent again
        break;
    }
  }
  judge_bursts(run, bursts, attempt, failed);
}

void Runner::judge_submission_checks(TargetRun& run, const SubmissionItem& item, const checks::Observed& o,
                                     int attempt, std::set<const results::Suite*>& failed) {
  if (item.superseded) {
    return;  // its payloads were submitted alone and are judged from those submissions
  }
  const auto& target = run.planned->target;
  const auto& form = *m_config.form;
  const std::string output = target.start ? run.session->captured_output() : std::string();
  checks::SubmissionEvidence evidence;
  evidence.observed = o;
  evidence.expect = &target.expect;
  evidence.staff = m_config.twilio.staff;
  evidence.labels = form.labels;
  evidence.sent_as_template = m_config.window.site_sends == config::WindowSettings::SiteSends::templates;
  if (item.suite->kind == results::SuiteKind::passthrough) {
    evidence.payload = item.payload;
    evidence.submitted = checks::merge_fields(form.fields, item.payload->fields);
    evidence.token_field = form.token_field;
    // Every token this target sent so far: no submission's body may carry another's.
    std::lock_guard lock(run.judge_mutex);
    for (const auto& other : run.sent_tokens) {
      if (other != item.submission.token) {
        evidence.other_tokens.push_back(other);
      }
    }
  }
  // Browser mode: the page's verdicts, recorded together below, each beside its suite.
  std::vector<std::pair<std::string, results::CaseResult>> page_results;
  std::vector<const results::Suite*> page_suites;
  auto finish = [&](const results::Suite* suite, const std::string& name, results::CaseResult r) {
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
      page_suites.push_back(suite);
      return;
    }
    if (r.outcome == results::Outcome::failed) {
      failed.insert(suite);
    }
    record(target.name, suite->name, name, std::move(r), attempt);
  };
  // Each check the catalogue judges from one submission, for the item's own case and for a
  // sender case judged from this same submission.
  auto judge_case = [&](const results::Suite* suite, const std::string& case_name) {
    for (const auto& spec : checks::catalogue()) {
      if (!checks::planned_by(spec, suite->kind) || spec.evidence != checks::Evidence::submission) {
        continue;
      }
      if (auto r = checks::judge_submission(spec.check, evidence)) {
        finish(suite, checks::check_name(spec.check, case_name), std::move(*r));
      }
    }
  };
  // The cases this submission carries: a pack's payloads (one page submission in browser mode
  // carries each of them, and each gets its guest-view verdict from it), else its own.
  std::vector<std::string> case_names;
  if (item.pack) {
    evidence.pack = item.pack.get();
    for (size_t m = 0; m < item.pack->members.size(); ++m) {
      evidence.member = m;
      case_names.push_back(item.pack->members[m].payload.name);
      judge_case(item.suite, case_names.back());
    }
  } else {
    case_names.push_back(item.case_name);
    judge_case(item.suite, item.case_name);
  }
  if (item.shared_suite != nullptr) {
    // A missing message fails the shared checks too, as it fails them on their own
    // submission: the sender suite's verdict does not depend on what else ran beside it.
    evidence.observed.delivered_judged = false;
    judge_case(item.shared_suite, item.shared_case);
  }
  if (item.page) {
    const auto guest_view = checks::check_guest_view(*item.page, form);
    for (const auto& name : case_names) {
      finish(item.suite, checks::check_name(checks::Check::guest_view, name), guest_view);
    }
    if (item.shared_suite != nullptr) {  // the sender case's guest saw this same page
      finish(item.shared_suite, checks::check_name(checks::Check::guest_view, item.shared_case), guest_view);
      case_names.push_back(item.shared_case);
    }
    finish_page_results(*item.page, case_names, page_results, m_options);
    for (size_t i = 0; i < page_results.size(); ++i) {
      auto& [name, r] = page_results[i];
      if (r.outcome == results::Outcome::failed) {
        failed.insert(page_suites[i]);
      }
      record(target.name, page_suites[i]->name, name, std::move(r), attempt);
    }
  }
}

void Runner::judge_bursts(TargetRun& run, BurstEvidence& bursts, int attempt,
                          std::set<const results::Suite*>& failed) {
  const auto& target = run.planned->target;
  auto judged = [&](const results::Suite* suite, checks::Check check, results::CaseResult r) {
    if (r.outcome == results::Outcome::failed) {
      failed.insert(suite);
    }
    record(target.name, suite->name, checks::check_name(check), std::move(r), attempt);
  };
  for (const auto& [suite, burst] : bursts.legit) {
    const auto took = burst_time(burst);
    judged(suite, checks::Check::legit_accepted,
           timed(checks::check_burst_accepted(burst, suite->legit_within_s), took));
    judged(suite, checks::Check::legit_delivered,
           timed(checks::check_burst_delivered(burst, target.expect), took));
  }
  for (const auto& [suite, burst] : bursts.abuse) {
    std::vector<checks::Submission> legit;
    for (const auto& o : bursts.legit[suite]) {
      legit.push_back(*o.submission);
    }
    std::vector<checks::Submission> abuse;
    for (const auto& o : burst) {
      abuse.push_back(*o.submission);
    }
    const auto took = burst_time(abuse);
    auto limited = timed(checks::check_abuse_limited(legit, abuse, target.rate_limit), took);
    if (limited.outcome != results::Outcome::error) {
      const auto probe = bursts.probe.find(suite);
      checks::judge_window_probe(limited, target.rate_limit, run.probe_times[suite],
                                 probe == bursts.probe.end() ? nullptr : probe->second);
    }
    limited.add_property("abuse_varied", checks::describe_variation(*m_config.form, target));
    judged(suite, checks::Check::abuse_limited, std::move(limited));
    judged(suite, checks::Check::abuse_retry_after,
           timed(checks::check_abuse_retry_after(abuse, target.rate_limit), took));
  }
}

}  // namespace formcheck::run
