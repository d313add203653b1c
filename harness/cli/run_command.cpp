#include "harness/cli/run_command.hpp"

#include <unistd.h>

#include <fmt/format.h>

#include <iostream>

#include "harness/checks/submission.hpp"
#include "harness/cli/command_error.hpp"
#include "harness/cli/browser_support.hpp"
#include "harness/cli/command_support.hpp"
#include "harness/cli/console_progress.hpp"
#include "harness/cli/interrupts.hpp"
#include "harness/cli/page_reports.hpp"
#include "harness/cli/report_paths.hpp"
#include "harness/config/config.hpp"
#include "harness/report/console_summary.hpp"
#include "harness/report/json_writer.hpp"
#include "harness/report/junit_writer.hpp"
#include "harness/report/run_meta.hpp"
#include "harness/report/terminal_style.hpp"
#include "harness/run/browser_headers.hpp"
#include "harness/run/dry_run.hpp"
#include "harness/run/plan.hpp"
#include "harness/run/runner.hpp"

namespace formcheck::cli {
namespace {

bool confirm_production(const run::Plan& plan, bool yes) {
  std::vector<const run::PlannedTarget*> production;
  for (const auto& t : plan.targets) {
    if (t.target.production) {
      production.push_back(&t);
    }
  }
  if (production.empty() || yes) {
    return true;
  }
  int messages = 0;
  std::string names;
  for (const auto* t : production) {
    messages += t->messages;
    names += (names.empty() ? "" : ", ") + t->target.name;
  }
  if (isatty(STDIN_FILENO) == 0) {
    throw CommandError(kUsageError,
                       fmt::format("production target {} would receive up to {} real WhatsApp message(s); pass --yes "
                                   "to confirm (no terminal to ask on)",
                                   names, messages));
  }
  fmt::print("Production target {} will receive up to {} real WhatsApp message(s) to staff. Continue? [y/N] ", names,
             messages);
  std::fflush(stdout);
  std::string answer;
  std::getline(std::cin, answer);
  return answer == "y" || answer == "Y" || answer == "yes";
}

}  // namespace

int run_validate(const ValidateOptions& options) {
  auto loaded = config::load_config(options.config,
                                    load_options(options.env_files, options.vars, config::Purpose::run, options.targets));
  if (!loaded) {
    for (const auto& p : loaded.error()) {
      fmt::print(stderr, "formcheck: error: {}\n", p.to_string());
    }
    fmt::print(stderr, "formcheck: {} problem(s) in {}\n", loaded.error().size(), options.config);
    return kUsageError;
  }
  run::PlanRequest request{options.targets, options.suites, options.retries, options.browsers, options.devices};
  auto plan = run::make_plan(*loaded, request, "fc-validate");
  config::Problems problems = plan ? run::check_budgets(*plan) : plan.error();
  for (const auto& p : problems) {
    fmt::print(stderr, "formcheck: error: {}\n", p.to_string());
  }
  if (!problems.empty()) {
    fmt::print(stderr, "formcheck: {} problem(s) in {}\n", problems.size(), options.config);
    return kUsageError;
  }
  if (!console_quiet()) {
    fmt::print("{} is valid\n{}", options.config, run::describe_plan(*plan, *loaded));
  }
  return kAllPassed;
}

int run_run(const RunCommandOptions& options) {
  const auto config = load_or_fail(options.config, options.env_files, options.vars, config::Purpose::run, options.targets);
  run::PlanRequest request{options.targets, options.suites, options.retries, options.browsers, options.devices};
  auto plan = run::make_plan(config, request, checks::new_run_id());
  if (!plan) {
    fail_with_problems(plan.error());
  }
  if (const auto over = run::check_budgets(*plan); !over.empty()) {
    fmt::print(stderr, "{}", run::describe_plan(*plan, config));
    fail_with_problems(over);
  }
  if (options.dry_run) {
    fmt::print("{}", run::describe_plan(*plan, config));
    for (const auto& t : plan->targets) {
      const auto request_preview = checks::build_request(t.target, *config.form, config.form->fields);
      fmt::print("  {}: each submission is POST {} ({})\n", t.target.name, http::display_url(request_preview.url),
                 config.form->encoding == config::FormSettings::Encoding::json ? "JSON" : "form-encoded");
    }
    fmt::print("requests, as they would be sent:\n{}", run::describe_requests(*plan, config));
    fmt::print("dry run: nothing was sent\n");
    return kAllPassed;
  }
  require_writable_reports(
      {{"--junit", options.junit}, {"--json", options.json}, {"--html", options.html}, {"--summary-md", options.summary_md}});
  note_all_engines(options.browsers, config);
  require_browsers(*plan);  // before anything is sent
  if (const auto note = run::browser_headers_note(*plan); !note.empty()) {
    fmt::print(stderr, "formcheck: {}\n", note);
  }
  if (!confirm_production(*plan, options.yes)) {
    throw CommandError(kUsageError, "not confirmed: nothing was sent");
  }
  for (const auto& t : plan->targets) {
    if (t.target.production) {
      fmt::print("production: {} sends up to {} message(s) (budget {})\n", t.target.name, t.messages,
                 t.target.max_messages.value_or(t.messages));
    }
  }

  install_interrupt_handlers();
  const auto started = std::chrono::steady_clock::now();
  results::ResultBook book;
  book.run_id = plan->run_id;
  run::register_cases(*plan, book);
  write_reports(options.junit, options.json, book, started);  // valid from the first second: every case "not run"
  const PageOutputs pages{options.html, options.summary_md, "formcheck run", config.expect.latency_s};
  write_run_pages(pages, book, started, std::nullopt);

  const auto style = report::terminal_style(stdout);
  ConsoleProgress console(style.cursor, style.colour);
  fmt::print("formcheck run {}: {} target(s), {} check(s)\n", plan->run_id, plan->targets.size(),
             book.snapshot().size());
  run::RunnerOptions runner_options;
  runner_options.cancelled = &interrupted();
  runner_options.allow_flaky_delivery = options.allow_flaky_delivery;
  runner_options.on_result = [&](const results::CaseResult& r) { console.result(r); };
  runner_options.on_note = [&](const std::string& text) { console.note(text); };
  runner_options.screenshots = options.screenshots;
  runner_options.screenshot_dir = screenshot_dir(options.junit, options.json);
  run::Runner runner(config, *plan, book, runner_options);
  console.start_live([&] { return runner.pending(); });
  runner.run();
  console.stop_live();

  book.interrupted = interrupted().load();
  write_reports(options.junit, options.json, book, started);
  const auto cases = book.snapshot();
  const auto summary = results::summarise(cases);
  const int exit_code = exit_code_for(summary, book.interrupted, options.fail_on_flaky);
  write_run_pages(pages, book, started, exit_code);
  fmt::print("\n{}", report::render_summary_table(cases, report::use_colour(stdout)));
  const auto stats = runner.stats();
  fmt::print("{} submission(s), {} Twilio API request(s), {:.1f} s\n", stats.submissions, stats.twilio_requests,
             std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  print_report_paths(options.junit, options.json);
  print_page_paths(pages);
  if (book.interrupted) {
    fmt::print(stderr, "formcheck: interrupted; unfinished checks are marked 'not run' in the reports\n");
  }
  if (summary.flaky > 0) {
    fmt::print(stderr, "formcheck: {} check(s) passed only on a retry (flaky){}\n", summary.flaky,
               options.fail_on_flaky ? ": exit 1 (--fail-on-flaky)" : "; --fail-on-flaky makes that exit 1");
  }
  return exit_code;
}

}  // namespace formcheck::cli
