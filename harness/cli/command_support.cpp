#include "harness/cli/command_support.hpp"

#include <fmt/format.h>

#include "harness/cli/command_error.hpp"
#include "harness/report/json_writer.hpp"
#include "harness/report/junit_writer.hpp"
#include "harness/report/run_meta.hpp"

namespace formcheck::cli {

config::LoadOptions load_options(const std::vector<std::string>& env_files, const std::vector<std::string>& vars,
                                 config::Purpose purpose, const std::vector<std::string>& targets) {
  config::LoadOptions o;
  o.purpose = purpose;
  o.targets = targets;
  o.environment = config::process_environment();
  for (const auto& f : env_files) {
    o.env_files.emplace_back(f);
  }
  for (const auto& kv : vars) {
    const auto eq = kv.find('=');
    if (eq == std::string::npos || eq == 0) {
      throw CommandError(kUsageError, fmt::format("--var '{}' is not KEY=VALUE (fix: write --var NAME=value)", kv));
    }
    o.vars.emplace_back(kv.substr(0, eq), kv.substr(eq + 1));
  }
  return o;
}

void fail_with_problems(const config::Problems& problems) {
  for (size_t i = 0; i + 1 < problems.size(); ++i) {
    fmt::print(stderr, "formcheck: error: {}\n", problems[i].to_string());
  }
  throw CommandError(kUsageError, problems.empty() ? std::string("invalid configuration") : problems.back().to_string());
}

config::Config load_or_fail(const std::string& config_path, const std::vector<std::string>& env_files,
                            const std::vector<std::string>& vars, config::Purpose purpose,
                            const std::vector<std::string>& targets) {
  auto loaded = config::load_config(config_path, load_options(env_files, vars, purpose, targets));
  if (!loaded) {
    fail_with_problems(loaded.error());
  }
  return std::move(loaded.value());
}

void write_reports(const std::string& junit, const std::string& json, const results::ResultBook& book,
                   std::chrono::steady_clock::time_point started) {
  const auto cases = book.snapshot();
  const auto meta = report::meta_from_book(
      book, std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started));
  if (!junit.empty()) {
    if (auto written = report::write_junit(junit, cases, meta); !written) {
      throw CommandError(kInfrastructure, written.error());
    }
  }
  if (!json.empty()) {
    if (auto written = report::write_json(json, cases, meta); !written) {
      throw CommandError(kInfrastructure, written.error());
    }
  }
}

void print_report_paths(const std::string& junit, const std::string& json) {
  if (!junit.empty()) {
    fmt::print("JUnit: {}\n", junit);
  }
  if (!json.empty()) {
    fmt::print("JSON:  {}\n", json);
  }
}

int exit_code_for(const results::RunSummary& summary, bool interrupted, bool fail_on_flaky) {
  if (interrupted) {
    return kInterrupted;
  }
  if (summary.failed > 0 || (fail_on_flaky && summary.flaky > 0)) {
    return kCheckFailed;
  }
  if (summary.errors > 0 || summary.not_run > 0) {
    return kInfrastructure;
  }
  return kAllPassed;
}

}  // namespace formcheck::cli
