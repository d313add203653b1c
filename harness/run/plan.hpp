#pragma once
// What a run will do before it does it: targets × suites × cases, the checks each case
// yields, and how many WhatsApp messages each target will receive (its budget guard).
#include <filesystem>
#include <optional>
#include <cstddef>
#include <string>
#include <vector>

#include "harness/checks/passthrough_pack.hpp"
#include "harness/config/config.hpp"
#include "harness/results/suite.hpp"
#include "harness/results/verdict.hpp"

namespace formcheck::run {

// The WhatsApp messages one run of a suite causes on a target.
struct SuiteMessages {
  int submissions = 0;  // form submissions it sends
  int healthy = 0;      // messages a healthy site sends for them
  int most = 0;         // the most any site can cause (e.g. one without a rate limiter)
};

struct PlannedTarget {
  config::TargetSettings target;
  std::vector<results::Suite> suites;  // in run order (rate-limit last)
  int messages_per_attempt = 0;  // the most messages one run of its suites can cause
  int messages = 0;              // the worst case with retries: every suite re-run every time
  std::vector<SuiteMessages> per_suite;  // beside `suites`, one attempt of all of them
  int healthy_messages() const;          // what a healthy site sends in one attempt
  // Every suite of one attempt, as the sharing rules below take them.
  std::vector<const results::Suite*> all_suites() const;
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

// Fills `per_suite`, messages_per_attempt (not `messages`, which counts the retries). Without
// the form, the passthrough corpus counts one submission per payload.
void count_messages(PlannedTarget& planned, const config::FormSettings* form);

// The passthrough corpus packed into few submissions (checks/passthrough_pack): API payloads
// together, browser payloads only with those of the same engine and device (one page
// submission typed with the pack's fields, and a guest-view verdict for each of its payloads).
std::vector<checks::Pack> passthrough_packs(const results::Suite& suite, const config::FormSettings& form);

// The rate-limit suite's submissions on a target: one burst of the site's limit plus `extra`,
// whose first `legit_burst.count` go first as the legitimate burst.
int rate_limit_submissions(const results::Suite& suite, const config::TargetSettings& target);

// A submission is evidence for every check judgeable from it: when a delivery suite and a
// sender suite run on a target in the same attempt, sender case i is judged from delivery
// case i's submission and message (no second submission) if both have the same fields and go
// the same way: through the API, or through the page in the same engine and device. These name the pairs, for the plan's
// message count and the runner alike.
struct SharedCase {
  const results::Suite* suite = nullptr;  // the suite whose case is judged from another's submission
  size_t case_index = 0;
};
// The sender case judged from `delivery`'s case `i`, among the suites of one attempt.
std::optional<SharedCase> sender_sharing(const std::vector<const results::Suite*>& suites,
                                         const results::Suite& delivery, size_t i);
// Whether `sender`'s case `i` is judged from a delivery submission among those suites.
bool judged_from_delivery(const std::vector<const results::Suite*>& suites, const results::Suite& sender, size_t i);

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
