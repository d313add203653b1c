#include "harness/results/verdict.hpp"

namespace formcheck::results {

std::string_view to_string(Outcome outcome) {
  switch (outcome) {
    case Outcome::passed:
      return "passed";
    case Outcome::failed:
      return "failed";
    case Outcome::error:
      return "error";
    case Outcome::skipped:
      return "skipped";
    case Outcome::not_run:
      return "not run";
  }
  return "not run";
}

size_t ResultBook::plan(CaseResult planned) {
  std::lock_guard lock(m_mutex);
  planned.outcome = Outcome::not_run;
  m_cases.push_back(std::move(planned));
  return m_cases.size() - 1;
}

void ResultBook::record(size_t index, CaseResult result) {
  std::lock_guard lock(m_mutex);
  if (index < m_cases.size()) {
    m_cases[index] = std::move(result);
  }
}

std::vector<CaseResult> ResultBook::snapshot() const {
  std::lock_guard lock(m_mutex);
  return m_cases;
}

CaseResult ResultBook::at(size_t index) const {
  std::lock_guard lock(m_mutex);
  return index < m_cases.size() ? m_cases[index] : CaseResult{};
}

RunSummary summarise(const std::vector<CaseResult>& cases) {
  RunSummary s;
  for (const auto& c : cases) {
    switch (c.outcome) {
      case Outcome::passed:
        ++s.passed;
        s.flaky += c.flaky ? 1 : 0;
        break;
      case Outcome::failed:
        ++s.failed;
        break;
      case Outcome::error:
        ++s.errors;
        break;
      case Outcome::skipped:
        ++s.skipped;
        break;
      case Outcome::not_run:
        ++s.not_run;
        break;
    }
  }
  return s;
}

RunSummary ResultBook::summary() const { return summarise(snapshot()); }

}  // namespace formcheck::results
