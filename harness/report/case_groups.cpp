#include "harness/report/case_groups.hpp"

#include <set>

namespace formcheck::report {
namespace {

void add_outcome(results::RunSummary& summary, results::Outcome outcome) {
  switch (outcome) {
    case results::Outcome::passed:
      ++summary.passed;
      break;
    case results::Outcome::failed:
      ++summary.failed;
      break;
    case results::Outcome::error:
      ++summary.errors;
      break;
    case results::Outcome::skipped:
      ++summary.skipped;
      break;
    case results::Outcome::not_run:
      ++summary.not_run;
      break;
  }
}

}  // namespace

std::vector<CaseGroup> group_by_suite_and_target(const std::vector<results::CaseResult>& cases) {
  std::vector<CaseGroup> groups;
  for (size_t i = 0; i < cases.size(); ++i) {
    const auto& c = cases[i];
    auto it = groups.begin();
    while (it != groups.end() && (it->suite != c.suite || it->target != c.target)) {
      ++it;
    }
    if (it == groups.end()) {
      groups.push_back(CaseGroup{c.suite, c.target, {}, {}});
      it = groups.end() - 1;
    }
    it->indices.push_back(i);
  }
  for (auto& group : groups) {
    for (size_t i : group.indices) {
      add_outcome(group.summary, cases[i].outcome);
    }
  }
  return groups;
}

std::vector<std::string> unique_names(const std::vector<std::pair<std::string, std::string>>& keys) {
  // Every original pair is reserved up front so a generated "x (2)" never takes the name of a
  // later case that was really called "x (2)".
  const std::set<std::pair<std::string, std::string>> originals(keys.begin(), keys.end());
  std::set<std::pair<std::string, std::string>> used;
  std::vector<std::string> names;
  names.reserve(keys.size());
  for (const auto& key : keys) {
    if (used.insert(key).second) {
      names.push_back(key.second);
      continue;
    }
    for (size_t n = 2;; ++n) {
      std::pair<std::string, std::string> candidate{key.first, key.second + " (" + std::to_string(n) + ")"};
      if (originals.count(candidate) == 0 && used.insert(candidate).second) {
        names.push_back(candidate.second);
        break;
      }
    }
  }
  return names;
}

}  // namespace formcheck::report
