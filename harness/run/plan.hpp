#pragma once
// What a run will do before it does it: targets × suites × cases, the checks each case
// yields, and how many WhatsApp messages each target will receive (its budget guard).
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "harness/config/config.hpp"
#include "harness/results/suite.hpp"
#include "harness/results/verdict.hpp"

namespace formcheck::run {

struct PlannedTarget {
  config::TargetSettings target;
  std::vector<results::Suite> suites;  // in run order (rate-limit last)
  int messages_per_attempt = 0;  // the most messages one run of its suites can cause
  int messages = 0;              // the worst case with retries: every suite re-run every time
};

struct Plan {
  std::string run_id;
  int retries = 0;  // re-runs of a suite with a failed check, per target (--retries, config "retries")
  std::vector<PlannedTarget> targets;
  std::filesystem::path config_dir;  // the config's folder: report paths are relative to it
  int messages() const;
};

// A suite file as reports name it: relative to the config's folder (CI reporters annotate
// files of the site's repository), or empty when it lies outside that folder.
std::string report_path(const std::filesystem::path& file, const std::filesystem::path& config_dir);

struct PlanRequest {
  std::vector<std::string> targets;  // empty or {"all"} = every target in the config
  std::vector<std::string> suites;   // empty = each target's suites, else the config's list
  std::optional<int> retries;        // --retries; unset = the config's "retries"
  std::vector<std::string> browsers;  // --browser: engines that submit the page (empty = the config's)
  std::vector<std::string> devices;   // --device
};

Expected<Plan, config::Problems> make_plan(const config::Config& config, const PlanRequest& request, std::string run_id);

// Problems with message budgets (a target whose plan exceeds max_messages, retries counted
// at their worst: 1 + retries runs of every suite).
config::Problems check_budgets(const Plan& plan);

// The check names a suite yields for one target, as they appear in reports.
std::vector<std::string> check_names(const results::Suite& suite);
// The same for one target: an audit suite's checks depend on the target (its scope).
std::vector<std::string> check_names(const results::Suite& suite, const config::TargetSettings& target);

// Registers every planned check in `book` (outcome not_run) and returns their indexes per
// (target, suite, check name) in plan order.
void register_cases(const Plan& plan, results::ResultBook& book);

// Human-readable plan for --dry-run and the budget refusal.
std::string describe_plan(const Plan& plan, const config::Config& config);

}  // namespace formcheck::run
