#include "harness/run/nothing_to_check.hpp"

#include "harness/checks/catalogue.hpp"
#include "harness/run/plan.hpp"

#include <fmt/format.h>

namespace formcheck::run {
namespace {

size_t planned_check_count(const PlannedTarget& target) {
  size_t count = 0;
  for (const auto& suite : target.suites) {
    count += checks::planned_names(suite).size();
  }
  return count;
}

// Why a target planned no check: its suites list, the config's, or suites without cases.
config::Problem empty_target(const PlannedTarget& target, const config::Config& config,
                             bool suites_from_flags) {
  const std::string file = config.file.string();
  const std::string& name = target.target.name;
  if (target.suites.empty() && !suites_from_flags) {
    return {file, "suites", fmt::format("is empty: nothing to check on target '{}'", name),
            R"(name the suites to run, e.g. "suites": ["delivery", "sender", "passthrough", "rate-limit"], )"
            "or pass --suite delivery"};
  }
  std::string names;
  for (const auto& suite : target.suites) {
    names += (names.empty() ? "" : ", ") + suite.name;
  }
  return {file, fmt::format("targets.{}", name),
          fmt::format("nothing to check: its suites ({}) have no cases", names.empty() ? "none" : names),
          "give each suite at least one case, or choose other suites with --suite"};
}

}  // namespace

config::Problems nothing_to_check(const Plan& plan, const config::Config& config, bool suites_from_flags) {
  config::Problems problems;
  if (plan.targets.empty()) {
    problems.push_back(
        {config.file.string(), "targets", "nothing to check: no target is chosen",
         R"(add a target, e.g. "local": {"url": "http://127.0.0.1:3000"}, or pick one with --target)"});
  }
  for (const auto& target : plan.targets) {
    if (planned_check_count(target) == 0) {
      problems.push_back(empty_target(target, config, suites_from_flags));
    }
  }
  return problems;
}

}  // namespace formcheck::run
