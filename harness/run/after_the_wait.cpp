// Verdicts the end-of-run sweep can still change (checks/after_the_wait.hpp): a message that
// failed after its wait had passed it, a passthrough submission whose message came twice.
// Each is amended in the attempt it was judged in, so the merge of attempts stays right.
#include "harness/checks/after_the_wait.hpp"

#include "harness/checks/catalogue.hpp"
#include "harness/run/target_run.hpp"

#include <fmt/format.h>

namespace formcheck::run {

void Runner::amend(const std::string& target, const std::string& suite, const std::string& name, int attempt,
                   const std::function<void(results::CaseResult&)>& change) {
  const auto slot = m_planned.slot(m_book, target, suite, name);
  results::CaseResult r;
  {
    std::lock_guard lock(m_attempts_mutex);
    const auto runs = m_attempts.find(slot.index);
    if (runs == m_attempts.end() || !runs->second.contains(attempt)) {
      return;  // never judged in that attempt: nothing to amend
    }
    r = runs->second.at(attempt);
  }
  change(r);
  record(target, suite, name, std::move(r), attempt);
}

void Runner::judge_after_the_waits(const TargetRun& run,
                                   const std::map<std::string, std::vector<twilio::Message>>& by_token) {
  const auto& target = run.planned->target;
  const auto now = std::chrono::steady_clock::now();
  // Per attempt and rate-limit suite: the legitimate burst's messages that failed later.
  std::map<std::pair<int, const results::Suite*>, std::pair<size_t, std::vector<twilio::Message>>> bursts;
  for (const auto& item : run.items) {
    const auto found = by_token.find(item.submission.token);
    const auto& swept = found != by_token.end() ? found->second : std::vector<twilio::Message>{};
    if (item.suite->kind == results::SuiteKind::passthrough && !item.superseded && swept.size() > 1) {
      std::vector<std::string> names;
      if (item.pack) {
        for (const auto& member : item.pack->members) {
          names.push_back(member.payload.name);
        }
      } else {
        names.push_back(item.case_name);
      }
      for (const auto& name : names) {
        amend(target.name, item.suite->name, name, item.attempt,
              [&](results::CaseResult& r) { checks::fail_duplicate_submission(r, swept); });
      }
    }
    if (item.role == Submitted::legit) {
      auto& [size, later] = bursts[{item.attempt, item.suite}];
      ++size;
      if (item.watch) {
        if (auto failed = checks::failed_after_the_wait(item.watch->get(), swept)) {
          later.push_back(*failed);
        }
      }
      continue;
    }
    if (!item.watch) {
      continue;
    }
    const auto& watch = item.watch->get();
    if (!checks::planned_by(checks::spec(checks::Check::delivered), item.suite->kind) || item.superseded) {
      continue;
    }
    if (auto failed = checks::failed_after_the_wait(watch, swept)) {
      const auto read_after =
          std::chrono::duration_cast<std::chrono::milliseconds>(now - item.submission.sent_at);
      note(fmt::format("{}: {} reached '{}' while formcheck waited, then ended '{}'", target.name,
                       failed->sid, watch.message->status, failed->status));
      amend(target.name, item.suite->name, checks::check_name(checks::Check::delivered, item.case_name),
            item.attempt, [&](results::CaseResult& r) {
              checks::fail_delivered_after_the_wait(r, watch, *failed, read_after, target.expect);
            });
    }
  }
  for (const auto& [key, burst] : bursts) {
    const size_t size = burst.first;
    const auto& later = burst.second;
    if (!later.empty()) {
      amend(
          target.name, key.second->name, checks::check_name(checks::Check::legit_delivered), key.first,
          [&](results::CaseResult& r) { checks::fail_burst_after_the_wait(r, later, size, target.expect); });
    }
  }
}

}  // namespace formcheck::run
