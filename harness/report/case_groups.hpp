#pragma once
// Cases grouped the way reports present them: one group per (suite, target), in the order
// the groups first appear in the run.
#include <string>
#include <utility>
#include <vector>

#include "harness/results/verdict.hpp"

namespace formcheck::report {

struct CaseGroup {
  std::string suite;
  std::string target;
  std::vector<size_t> indices;  // into the cases the groups were built from, in order
  results::RunSummary summary;
};

std::vector<CaseGroup> group_by_suite_and_target(const std::vector<results::CaseResult>& cases);

// Makes each (classname, name) pair unique, as GitLab keeps only the first of duplicates:
// the first occurrence keeps its name, later ones get " (2)", " (3)", … (skipping any suffix
// another case already uses). Returns the names, parallel to `keys`.
std::vector<std::string> unique_names(const std::vector<std::pair<std::string, std::string>>& keys);

}  // namespace formcheck::report
