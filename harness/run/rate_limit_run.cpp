// The rate-limit suite's submissions after the legitimate burst: whether another client had
// already used the site's window (then wait for it and send the burst again), the abuse burst
// as abusers send it, and the probe that the limit holds for its whole window.
#include "harness/checks/abuse_variation.hpp"
#include "harness/checks/catalogue.hpp"
#include "harness/checks/refusal.hpp"
#include "harness/run/target_run.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace formcheck::run {
namespace {

// How many of the legitimate burst (items from `first`) the site refused with 429 although
// formcheck's own submissions in its window stayed within the limit.
int refused_within_limit(const std::deque<SubmissionItem>& items, size_t first, int max) {
  int refused = 0;
  const int burst = static_cast<int>(items.size() - first);
  for (size_t i = first; i < items.size(); ++i) {
    const auto& s = items[i].submission;
    const bool within = s.own_in_window >= 0 && s.own_in_window + burst <= max;
    refused += s.response.status == 429 && within ? 1 : 0;
  }
  return refused;
}

}  // namespace

Runner::BurstWindow Runner::check_burst_window(TargetRun& run, const results::Suite& suite, size_t first,
                                               int tries) {
  const auto& target = run.planned->target;
  const int refused = refused_within_limit(run.items, first, target.rate_limit.max);
  if (refused == 0) {
    return BurstWindow::clear;
  }
  int accepted = 0;
  const checks::Submission* refusal = nullptr;
  for (size_t i = first; i < run.items.size(); ++i) {
    run.items[i].role = Submitted::crowded;  // judged by no burst check; the sweep still counts its messages
    const auto& s = run.items[i].submission;
    accepted += s.accepted() ? 1 : 0;
    refusal = refusal == nullptr && s.response.status == 429 ? &s : refusal;
  }
  const auto retry_after = refusal->response.header("Retry-After");
  const auto what = fmt::format(
      "the site refused {} of the legitimate burst of {} ({}{}) before formcheck had used its limit of {} "
      "per {:g} s",
      refused, suite.legit_count, checks::site_answer(*refusal),
      retry_after ? ", Retry-After " + *retry_after : std::string(), target.rate_limit.max,
      target.rate_limit.window_s);
  // One more burst costs what the crowded one's accepted submissions already sent, again.
  const bool affordable = !target.max_messages || run.planned->messages + accepted <= *target.max_messages;
  if (tries < 2 && affordable) {
    note(fmt::format(
        "{}: {}: another client (a second run, a monitor) is using the site's window; waiting for it "
        "to clear, then the burst again",
        target.name, what));
    return BurstWindow::wait_and_retry;
  }
  results::CaseResult r;
  r.outcome = results::Outcome::error;
  r.message = tries < 2
                  ? fmt::format(
                        "{}: another client is using the site's window, and a second burst would pass "
                        "targets.{}.max_messages ({}); run again when the site is quiet",
                        what, target.name, *target.max_messages)
                  : fmt::format(
                        "{}, twice, a full window apart: another client (a second run, a monitor) is using "
                        "the site's window, so the limit could not be judged; run again when the site is "
                        "quiet (if it repeats with nothing else running, the site's real limit is below "
                        "rate_limit.max)",
                        what);
  note(fmt::format("{}: {}", target.name, r.message));
  for (const auto check : {checks::Check::legit_accepted, checks::Check::legit_delivered,
                           checks::Check::abuse_limited, checks::Check::abuse_retry_after}) {
    record(target.name, suite.name, checks::check_name(check), r, run.attempt);
  }
  return BurstWindow::give_up;
}

void Runner::submit_abuse(TargetRun& run, const results::Suite& suite, size_t first) {
  const auto& target = run.planned->target;
  const bool forge = checks::forges_client_ip(target);
  note(fmt::format("{}: abuse burst as a spammer sends it: {}", target.name,
                   checks::describe_variation(*m_config.form, target)));
  std::vector<checks::SubmissionRequest> abuse;
  for (int i = suite.legit_count; i < rate_limit_submissions(suite, target); ++i) {
    auto abuser = checks::abuser_identity(*m_config.form, i - suite.legit_count + 1, forge);
    abuse.push_back({next_token(run), std::move(abuser.fields), std::move(abuser.headers)});
  }
  submit(run, suite, {}, nullptr, abuse, Submitted::abuse);
  probe_window(run, suite, first);
}

void Runner::probe_window(TargetRun& run, const results::Suite& suite, size_t first) {
  const auto& target = run.planned->target;
  std::vector<checks::Submission> legit;
  std::vector<checks::Submission> abuse;
  for (size_t i = first; i < run.items.size(); ++i) {
    (run.items[i].role == Submitted::legit ? legit : abuse).push_back(run.items[i].submission);
  }
  auto time = checks::plan_window_probe(target.rate_limit, legit, abuse);
  if (time.at) {
    const auto after = std::chrono::duration<double>(*time.at - time.first).count();
    note(fmt::format(
        "{}: probing the limit's window: one more submission {:.1f} s after the burst's first, inside "
        "the {:g} s window, must be refused too",
        target.name, after, target.rate_limit.window_s));
    if (!pause(*time.at - std::chrono::steady_clock::now())) {
      time.at.reset();
      time.why_not = "interrupted";
      run.stopped = true;
    } else {
      const int n = rate_limit_submissions(suite, target) - suite.legit_count + 1;
      auto abuser = checks::abuser_identity(*m_config.form, n, checks::forges_client_ip(target));
      submit(run, suite, {}, nullptr,
             {{next_token(run), std::move(abuser.fields), std::move(abuser.headers)}}, Submitted::probe);
    }
  }
  run.probe_times[&suite] = std::move(time);
}

}  // namespace formcheck::run
