#include "harness/cli/audit_command.hpp"

#include <unistd.h>

#include <fmt/format.h>

#include "harness/checks/audit.hpp"
#include "harness/checks/submission.hpp"
#include "harness/cli/command_error.hpp"
#include "harness/cli/command_support.hpp"
#include "harness/cli/console_progress.hpp"
#include "harness/cli/page_reports.hpp"
#include "harness/cli/report_paths.hpp"
#include "harness/config/config.hpp"
#include "harness/report/console_summary.hpp"
#include "harness/report/json_writer.hpp"
#include "harness/report/junit_writer.hpp"
#include "harness/report/run_meta.hpp"
#include "harness/twilio/client_for.hpp"
#include "harness/twilio/client.hpp"
#include "harness/util/join.hpp"

namespace formcheck::cli {
namespace {

}  // namespace

int run_audit(const AuditOptions& options) {
  if (options.targets.size() > 1) {
    throw CommandError(kUsageError, "audit takes one --target: all, production, preview or development");
  }
  const std::string target_name = options.targets.empty() ? "all" : options.targets.front();
  const auto scope = checks::audit::scope_named(target_name);
  if (!scope) {
    throw CommandError(kUsageError, fmt::format("--target '{}' is not an audit scope (fix: use all, production, "
                                                "preview or development)",
                                                target_name));
  }
  const auto config = load_or_fail(options.config, options.env_files, options.vars, config::Purpose::audit);
  auto settings = config::read_audit_settings(config);
  if (!settings) {
    fail_with_problems(settings.error());
  }
  require_writable_reports(
      {{"--junit", options.junit}, {"--json", options.json}, {"--html", options.html}, {"--summary-md", options.summary_md}});
  const auto started = std::chrono::steady_clock::now();
  auto twilio = twilio::client_for(config.twilio);
  results::ResultBook book;
  book.run_id = checks::new_run_id();
  for (const auto& name : checks::audit::check_names(*scope)) {
    results::CaseResult planned;
    planned.suite = std::string(checks::audit::kSuite);
    planned.target = scope->name;
    planned.name = name;
    planned.file = config.file.filename().string();  // relative to the config's folder
    planned.message = "not run";
    book.plan(std::move(planned));
  }
  write_reports(options.junit, options.json, book, started);
  const PageOutputs pages{options.html, options.summary_md, "formcheck audit", config.expect.latency_s};
  write_run_pages(pages, book, started, std::nullopt);
  std::vector<std::string> modes;
  for (const auto& m : scope->modes) {
    modes.push_back(m == "development" ? "next dev" : "next build");
  }
  fmt::print("formcheck audit {}: {} ({}; Vercel {}), nothing is sent\n", book.run_id, scope->name, join(modes),
             join(scope->environments));

  checks::audit::AuditInput input{&config, &*settings, *scope, config.expect, twilio.get()};
  auto results = checks::audit::run_audit(input);
  const auto planned = book.snapshot();
  ConsoleProgress console(false, report::use_colour(stdout));
  for (auto& r : results) {
    r.target = scope->name;
    r.file = config.file.filename().string();
    for (size_t i = 0; i < planned.size(); ++i) {
      if (planned[i].name == r.name) {
        book.record(i, r);
      }
    }
    console.result(r);
  }
  console.stop_live();  // the count of errors it printed once
  write_reports(options.junit, options.json, book, started);
  const auto cases = book.snapshot();
  const int exit_code = exit_code_for(results::summarise(cases), false);
  write_run_pages(pages, book, started, exit_code);
  fmt::print("\n{}", report::render_summary_table(cases, report::use_colour(stdout)));
  fmt::print("{} Twilio API request(s), {:.1f} s\n", twilio->requests_sent(),
             std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  print_report_paths(options.junit, options.json);
  print_page_paths(pages);
  return exit_code;
}

}  // namespace formcheck::cli
