#pragma once
#include <optional>
#include <string>
#include <vector>

namespace formcheck::cli {

// What `validate` reads: the configuration and the plan it would make.
struct ValidateOptions {
  std::string config = "formcheck.json";
  std::vector<std::string> env_files;
  std::vector<std::string> vars;  // KEY=VALUE
  std::vector<std::string> targets;
  std::vector<std::string> suites;
  std::optional<int> retries;  // --retries; unset = the config's "retries" (0)
  std::vector<std::string> browsers;  // --browser: submit through the page in these engines
  std::vector<std::string> devices;   // --device: desktop, or an emulated phone
};

// `run` makes the same plan as `validate`, then sends it and writes reports.
struct RunCommandOptions : ValidateOptions {
  std::string junit;
  std::string json;
  std::string html;        // --html: the page people look at
  std::string summary_md;  // --summary-md: a short Markdown summary
  bool dry_run = false;
  bool yes = false;
  bool fail_on_flaky = false;  // exit 1 when a check passed only on a retry
  bool allow_flaky_delivery = false;  // a delivery-class check passing only on a retry is a pass
  std::string screenshots = "failed";  // --screenshots all|failed|none
};

// formcheck run: plan, guard the budgets, submit on every target, watch Twilio, report.
int run_run(const RunCommandOptions& options);
// formcheck validate: every configuration problem at once; exit 0 when there is none.
int run_validate(const ValidateOptions& options);

}  // namespace formcheck::cli
