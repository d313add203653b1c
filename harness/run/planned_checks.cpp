#include "harness/run/planned_checks.hpp"

#include <fmt/format.h>

namespace formcheck::run {
namespace {

std::string key(const std::string& target, const std::string& suite, const std::string& name) {
  return target + '\x1f' + suite + '\x1f' + name;
}

}  // namespace

PlannedChecks::PlannedChecks(const results::ResultBook& book) {
  const auto cases = book.snapshot();
  for (size_t i = 0; i < cases.size(); ++i) {
    m_index[key(cases[i].target, cases[i].suite, cases[i].name)] = i;
  }
}

PlannedChecks::Slot PlannedChecks::slot(results::ResultBook& book, const std::string& target,
                                        const std::string& suite, const std::string& name) {
  std::lock_guard lock(m_mutex);
  const auto k = key(target, suite, name);
  if (const auto it = m_index.find(k); it != m_index.end()) {
    return {it->second, true};
  }
  results::CaseResult c;
  c.target = target;
  c.suite = suite;
  c.name = name;
  const size_t index = book.plan(c);
  c.outcome = results::Outcome::error;
  c.message = "judged without being planned";
  book.record(index, std::move(c));  // an error until its verdict arrives: the run cannot pass
  m_index[k] = index;
  return {index, false};
}

results::CaseResult PlannedChecks::unplanned(results::CaseResult judged) {
  judged.message = fmt::format(
      "formcheck bug: check '{}' was judged ({}) but the plan never registered it, so its verdict "
      "cannot be trusted; please report it",
      judged.name, results::to_string(judged.outcome));
  judged.outcome = results::Outcome::error;
  return judged;
}

}  // namespace formcheck::run
