#include "harness/run/dry_run.hpp"

#include "harness/checks/abuse_variation.hpp"
#include "harness/checks/window_probe.hpp"

#include "harness/checks/submission.hpp"
#include "harness/checks/token.hpp"
#include "harness/util/secret.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <deque>

namespace formcheck::run {
namespace {

// RateGate's pacing on a simulated clock: when `k` submissions may go, given earlier ones.
class PacedClock {
 public:
  explicit PacedClock(const config::RateLimitSettings& limit) : m_limit(limit) {}

  void acquire(int k) {
    for (;;) {
      while (!m_sent.empty() && m_now - m_sent.front() >= m_limit.window_s) {
        m_sent.pop_front();
      }
      if (static_cast<int>(m_sent.size()) + k <= m_limit.max || m_sent.empty()) {
        record(k);
        return;
      }
      const auto idx = static_cast<size_t>(static_cast<int>(m_sent.size()) + k - m_limit.max - 1);
      m_now = std::max(m_now, m_sent[std::min(idx, m_sent.size() - 1)] + m_limit.window_s + 0.25);
    }
  }
  void record(int k) {
    for (int i = 0; i < k; ++i) {
      m_sent.push_back(m_now);
    }
  }
  double now() const { return m_now; }
  void wait(double seconds) { m_now += seconds; }

 private:
  config::RateLimitSettings m_limit;
  std::deque<double> m_sent;
  double m_now = 0;
};

std::string duration_text(double seconds) {
  const auto whole = static_cast<long>(seconds + 0.5);
  return whole >= 60 ? fmt::format("{} min {} s", whole / 60, whole % 60) : fmt::format("{} s", whole);
}

std::string request_text(const http::Request& request) {
  std::string out = fmt::format("      {} {}\n", http::to_string(request.method), request.url);
  for (const auto& h : request.headers) {
    out += fmt::format("      {}: {}\n", h.name, h.value);
  }
  out += fmt::format("      {}\n", request.body);
  return out;
}

// The request a case's fields make, with the token marked as the submission marks it.
http::Request marked_request(const config::TargetSettings& target, const config::FormSettings& form,
                             const checks::Fields& case_fields, const std::string& token) {
  auto fields = checks::merge_fields(form.fields, case_fields);
  bool marked = false;
  for (auto& [name, value] : fields) {
    if (name == form.token_field) {
      value = checks::mark_value(form.marker, token, value);
      marked = true;
    }
  }
  if (!marked) {
    fields.emplace_back(form.token_field, checks::mark_value(form.marker, token, ""));
  }
  return checks::build_request(target, form, fields);
}

}  // namespace

double estimate_attempt_seconds(const PlannedTarget& planned) {
  PlannedTarget target = planned;
  if (target.per_suite.size() != target.suites.size()) {
    count_messages(target, nullptr);
  }
  PacedClock clock(target.target.rate_limit);
  // The warm-up GET to the form's route is stamped like a submission (a limiter on the whole
  // route counts it).
  clock.record(1);
  bool sends = false;
  for (size_t s = 0; s < target.suites.size(); ++s) {
    const auto& suite = target.suites[s];
    const int submissions = s < target.per_suite.size() ? target.per_suite[s].submissions : 0;
    switch (suite.kind) {
      case results::SuiteKind::delivery:
      case results::SuiteKind::sender:
      case results::SuiteKind::passthrough:
        for (int i = 0; i < submissions; ++i) {
          clock.acquire(1);
          sends = true;
        }
        break;
      case results::SuiteKind::rate_limit:
        // In a fresh window (the runner waits until none of its earlier submissions counts).
        clock.acquire(std::max(target.target.rate_limit.max, suite.legit_count));
        clock.record(submissions - std::max(target.target.rate_limit.max, suite.legit_count));
        clock.wait(checks::window_probe_after_s(target.target.rate_limit));  // the window probe goes that late
        sends = true;
        break;
      case results::SuiteKind::audit:
        break;
    }
  }
  return clock.now() + (sends ? target.target.expect.latency_s : 0);
}

namespace {

// Each suite's requests on one target as they would be sent (token numbers in send order).
std::string describe_suite_requests(const Plan& plan, const config::Config& config, size_t t) {
  const auto& planned = plan.targets[t];
  const auto& target = planned.target;
  std::string out;
  int number = 0;
  const auto all = planned.all_suites();
  for (const auto& suite : planned.suites) {
    switch (suite.kind) {
      case results::SuiteKind::passthrough:
        if (const auto packs = passthrough_packs(suite, *config.form); !packs.empty()) {
          for (const auto& pack : packs) {
            out += fmt::format("    {} {}{}:\n", suite.name, pack.member_names(),
                               pack.shared() ? " (one submission, each payload judged on its own)" : "");
            out += request_text(
                marked_request(target, *config.form, pack.fields, checks::make_token(plan.run_id, t, ++number)));
          }
          break;
        }
        [[fallthrough]];
      case results::SuiteKind::delivery:
      case results::SuiteKind::sender:
        for (size_t i = 0; i < suite.cases.size(); ++i) {
          const auto& c = suite.cases[i];
          if (suite.kind == results::SuiteKind::sender && judged_from_delivery(all, suite, i)) {
            out += fmt::format("    {} {}: judged from the delivery submission's message (nothing sent)\n",
                               suite.name, c.name);
            continue;
          }
          out += fmt::format("    {} {}:\n", suite.name, c.name);
          out += request_text(
              marked_request(target, *config.form, c.fields, checks::make_token(plan.run_id, t, ++number)));
        }
        break;
      case results::SuiteKind::rate_limit:
        out += fmt::format(
            "    {}: in a fresh window, {} submission(s) with the form's default fields (the site's limit {} + "
            "{}): the first {} as the legitimate burst, then the rest at once; each as above with its own "
            "token\n",
            suite.name, rate_limit_submissions(suite, target), target.rate_limit.max, suite.abuse_extra,
            suite.legit_count);
        out += fmt::format("      the abuse burst as a spammer sends it: {}\n",
                           checks::describe_variation(*config.form, target));
        out += checks::window_probe_after_s(target.rate_limit) > 0
                   ? fmt::format("      then, once refused, one more about {:g} s after the burst's first (inside the "
                                 "{:g} s window; rate_limit.window_probe_s), which must be refused too\n",
                                 checks::window_probe_after_s(target.rate_limit), target.rate_limit.window_s)
                   : std::string("      no window probe (rate_limit.window_probe_s is 0)\n");
        break;
      case results::SuiteKind::audit:
        out += fmt::format("    {}: reads .env files, Vercel and Twilio; sends nothing\n", suite.name);
        break;
    }
  }
  return out;
}

}  // namespace

std::string describe_requests(const Plan& plan, const config::Config& config) {
  std::string out;
  double longest = 0;
  for (size_t t = 0; t < plan.targets.size(); ++t) {
    const auto& planned = plan.targets[t];
    const auto& target = planned.target;
    const double attempt_s = estimate_attempt_seconds(planned);
    // The end-of-run sweep counts once the last submission is settle_s old; the last
    // attempt's wait for its delivery (latency_s) overlaps with that.
    const double settle_beyond = std::max(0.0, target.expect.settle_seconds() - target.expect.latency_s);
    longest = std::max(longest, attempt_s * (1 + plan.retries) + settle_beyond);
    out += fmt::format(
        "  {}: up to {} message(s){}; at most about {} per attempt{}\n", target.name, planned.messages,
        target.max_messages ? fmt::format(" (budget {})", *target.max_messages) : "",
        duration_text(attempt_s),
        target.rate_limit.max > 0
            ? fmt::format(" (paced at {} per {:g} s, then up to {:g} s for the last delivery)",
                          target.rate_limit.max, target.rate_limit.window_s, target.expect.latency_s)
            : "");
    out += fmt::format("    then the end-of-run sweep counts every message once the last submission is {:g} s old "
                       "({})\n",
                       target.expect.settle_seconds(), target.expect.settle_key());
    out += describe_suite_requests(plan, config, t);
  }
  out += fmt::format("estimated duration: about {} (targets run in parallel{})\n", duration_text(longest),
                     plan.retries > 0 ? "; every attempt failing" : "");
  return redact(out);
}

}  // namespace formcheck::run
