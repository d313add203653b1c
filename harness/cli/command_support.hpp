#pragma once
// What every command that reads a configuration and writes reports does the same way.
#include <chrono>
#include <string>
#include <vector>

#include "harness/config/config.hpp"
#include "harness/results/verdict.hpp"

namespace formcheck::cli {

// --env-file and --var (KEY=VALUE) turned into load options; a malformed --var is a usage error.
// `targets`: the --target names the command will use (empty or "all": every target).
config::LoadOptions load_options(const std::vector<std::string>& env_files, const std::vector<std::string>& vars,
                                 config::Purpose purpose, const std::vector<std::string>& targets = {});

// Prints every problem but the last as `formcheck: error: …` and throws the last (exit 2).
[[noreturn]] void fail_with_problems(const config::Problems& problems);

// load_config, or fail_with_problems.
config::Config load_or_fail(const std::string& config_path, const std::vector<std::string>& env_files,
                            const std::vector<std::string>& vars, config::Purpose purpose,
                            const std::vector<std::string>& targets = {});

// Writes the JUnit and JSON reports (each only when a path is given), atomically.
void write_reports(const std::string& junit, const std::string& json, const results::ResultBook& book,
                   std::chrono::steady_clock::time_point started);

// "JUnit: …" / "JSON: …" lines for the reports that were asked for.
void print_report_paths(const std::string& junit, const std::string& json);

// The exit code for a finished set of checks: 130 interrupted, 1 a check failed (or, with
// fail_on_flaky, passed only on a retry), 3 an infrastructure error (or a check never run),
// 0 otherwise (exit_codes.hpp). A flaky pass is a pass unless fail_on_flaky.
int exit_code_for(const results::RunSummary& summary, bool interrupted, bool fail_on_flaky = false);

}  // namespace formcheck::cli
