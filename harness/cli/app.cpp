#include "harness/cli/app.hpp"

#include <fmt/format.h>

#include <CLI/CLI.hpp>

#include <algorithm>
#include <optional>

#include "harness/cli/audit_command.hpp"
#include "harness/cli/command_error.hpp"
#include "harness/cli/config_discovery.hpp"
#include "harness/cli/console_progress.hpp"
#include "harness/cli/debug_log.hpp"
#include "harness/cli/demo_command.hpp"
#include "harness/cli/exit_codes.hpp"
#include "harness/cli/init_command.hpp"
#include "harness/cli/monitor_command.hpp"
#include "harness/cli/proc_check.hpp"
#include "harness/cli/run_command.hpp"
#include "harness/report/clean_text.hpp"
#include "harness/report/terminal_style.hpp"
#include "harness/util/did_you_mean.hpp"
#include "harness/util/secret.hpp"
#include "harness/util/ambient_secrets.hpp"

namespace formcheck::cli {
namespace {

void add_config_options(CLI::App* cmd, ValidateOptions& o) {
  cmd->add_option("--config", o.config, "Configuration file (JSON with comments)")->capture_default_str();
  cmd->add_option("--env-file", o.env_files, "dotenv file supplying ${VAR}s (repeatable; the first file wins)");
  cmd->add_option("--var", o.vars, "KEY=VALUE for ${KEY} (repeatable; wins over everything)");
  cmd->add_option("--target", o.targets, "Target name, or 'all' (repeatable; default: all)");
  cmd->add_option("--suite", o.suites, "Suite name or path to a suite .json (repeatable; default: the config's)");
  cmd->add_option("--retries", o.retries,
                  "Re-run a suite with a FAILED check up to N times on its target, with new submissions "
                  "(default: the config's \"retries\", 0). Errors (infrastructure) are not retried. A check that "
                  "passes on a retry is reported flaky; max_messages counts every attempt")
      ->check(CLI::Range(0, 10));
  cmd->add_option("--browser", o.browsers,
                  "Submit the delivery, sender and passthrough suites through the form's page in this browser "
                  "engine (repeatable; chromium, webkit, firefox, or all: every one installed)");
  cmd->add_option("--device", o.devices,
                  "With --browser: desktop (the default) or a phone Chromium emulates, e.g. \"Pixel 7\" (repeatable)");
}

// --color and --quiet, on every command.
void add_console_options(CLI::App* cmd, OutputOptions& o, bool with_quiet = true) {
  cmd->add_option("--color,--colour", o.colour,
                  "auto (default: colour on a terminal; NO_COLOR turns it off, FORCE_COLOR on), always or never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  if (with_quiet) {
    cmd->add_flag("-q,--quiet", o.quiet, "Print only what did not pass, the summary and errors");
  }
}

// The same three options on every command that talks HTTP and writes reports.
void add_output_options(CLI::App* cmd, OutputOptions& o, bool with_quiet = true) {
  add_console_options(cmd, o, with_quiet);
  cmd->add_flag(
      "--verbose", o.verbose,
      "Debug log of every HTTP request on stderr (method, URL, status, time, headers, bodies; redacted)");
  cmd->add_option("--log", o.log, "Write that debug log to this file (created owner-only)");
  cmd->add_flag("--mask-pii", o.mask_pii,
                "Mask phone numbers (all but country code and last 3 digits) and guests' e-mail addresses in "
                "every output; the expected sender and the sandbox stay readable");
}

// "unknown command 'runn' — did you mean 'run'?" when the first word is not a command.
std::optional<std::string> unknown_command(CLI::App& app, int argc, char** argv) {
  if (argc < 2 || argv[1][0] == '-') {
    return std::nullopt;
  }
  const std::string typed = argv[1];
  std::vector<std::string> names;
  for (const auto* sub : app.get_subcommands({})) {
    names.push_back(sub->get_name());
  }
  if (std::find(names.begin(), names.end(), typed) != names.end()) {
    return std::nullopt;
  }
  std::string list;
  for (const auto& name : names) {
    list += (list.empty() ? "" : ", ") + name;
  }
  const auto typo = closest_name(typed, names);
  return typo ? fmt::format("unknown command '{}' — did you mean '{}'?", typed, *typo)
              : fmt::format("unknown command '{}' (commands: {}; see formcheck --help)", typed, list);
}

}  // namespace

int run_app(int argc, char** argv) {
  // Before anything is printed: a site may echo any token of the CI job's environment.
  register_environment_secrets();
  CLI::App app{"formcheck: prove a contact form delivers to staff on WhatsApp through Twilio", "formcheck"};
  app.set_version_flag("-V,--version", "formcheck " FORMCHECK_VERSION);
  app.footer(kExitCodeHelp);
  app.require_subcommand(1);

  OutputOptions output;  // one command runs, so its options can share one struct
  RunCommandOptions run_options;
  auto* run_cmd = app.add_subcommand("run", "Submit the form on each target and prove delivery in the Twilio logs");
  add_config_options(run_cmd, run_options);
  run_cmd->add_option("--junit", run_options.junit, "Write a JUnit XML report here");
  run_cmd->add_option("--json", run_options.json, "Write a JSON report here");
  run_cmd->add_option("--html", run_options.html, "Write a self-contained HTML report here (opens offline)");
  run_cmd->add_option("--summary-md", run_options.summary_md,
                      "Write a short Markdown summary here (also appended to $GITHUB_STEP_SUMMARY when set)");
  run_cmd->add_flag("--dry-run", run_options.dry_run, "Print the plan and send nothing");
  run_cmd->add_flag("--yes", run_options.yes, "Confirm sending real messages to a production target");
  run_cmd->add_option("--screenshots", run_options.screenshots,
                      "With --browser: keep the page's screenshot for all cases, failed ones, or none")
      ->check(CLI::IsMember({"all", "failed", "none"}))
      ->capture_default_str();
  run_cmd->add_flag("--fail-on-flaky", run_options.fail_on_flaky,
                    "Exit 1 when a check passed only on a retry (default: a flaky pass is a pass, reported as flaky)");
  run_cmd->add_flag("--allow-flaky-delivery", run_options.allow_flaky_delivery,
                    "Let delivered, one-message, messages-match-accepted and the sender checks pass when they passed "
                    "only on a retry (default: a message lost, or sent from or to the wrong number, on any attempt "
                    "fails the run)");
  add_output_options(run_cmd, output);
  run_cmd->footer(kExitCodeHelp);

  ValidateOptions validate_options;
  auto* validate_cmd = app.add_subcommand("validate", "Check the configuration and print every problem at once");
  add_config_options(validate_cmd, validate_options);
  add_console_options(validate_cmd, output);

  MonitorOptions monitor_options;
  auto* monitor_cmd =
      app.add_subcommand("monitor", "Read the Twilio log of a window and judge it against the alert thresholds");
  monitor_cmd->add_option("--config", monitor_options.config, "Configuration file (JSON with comments)")
      ->capture_default_str();
  monitor_cmd->add_option("--since", monitor_options.since,
                          "Window start: 1h, 24h, 7d, 90m, or a date/date-time (default: monitor.since, 24h)");
  monitor_cmd->add_option("--until", monitor_options.until, "Window end: a date or date-time (default: now)");
  monitor_cmd->add_option("--junit", monitor_options.junit, "Write a JUnit XML report here (one case per threshold)");
  monitor_cmd->add_option("--json", monitor_options.json, "Write a JSON report here (cases plus the statistics)");
  monitor_cmd->add_option("--html", monitor_options.html,
                          "Write a self-contained HTML report here: hourly bars, latency over time, failures by code");
  monitor_cmd->add_option("--summary-md", monitor_options.summary_md,
                          "Write a short Markdown summary here (also appended to $GITHUB_STEP_SUMMARY when set)");
  monitor_cmd->add_option("--env-file", monitor_options.env_files, "dotenv file supplying ${VAR}s (repeatable)");
  monitor_cmd->add_option("--var", monitor_options.vars, "KEY=VALUE for ${KEY} (repeatable; wins over everything)");
  monitor_cmd->add_flag("-q,--quiet", monitor_options.quiet, "Print the verdicts only");
  add_output_options(monitor_cmd, output, false);
  monitor_cmd->footer(kExitCodeHelp);

  AuditOptions audit_options;
  auto* audit_cmd =
      app.add_subcommand("audit", "Prove the configuration (.env files, Vercel, the Twilio sender) without sending");
  audit_cmd->add_option("--config", audit_options.config, "Configuration file (JSON with comments)")
      ->capture_default_str();
  audit_cmd->add_option("--env-file", audit_options.env_files, "dotenv file supplying ${VAR}s (repeatable)");
  audit_cmd->add_option("--var", audit_options.vars, "KEY=VALUE for ${KEY} (repeatable; wins over everything)");
  audit_cmd->add_option("--target", audit_options.targets,
                        "all (default), production, preview or development: which modes and Vercel environments");
  audit_cmd->add_option("--junit", audit_options.junit, "Write a JUnit XML report here");
  audit_cmd->add_option("--json", audit_options.json, "Write a JSON report here");
  audit_cmd->add_option("--html", audit_options.html, "Write a self-contained HTML report here (opens offline)");
  audit_cmd->add_option("--summary-md", audit_options.summary_md,
                        "Write a short Markdown summary here (also appended to $GITHUB_STEP_SUMMARY when set)");
  add_output_options(audit_cmd, output);
  audit_cmd->footer(kExitCodeHelp);

  DemoOptions demo;
  auto* demo_cmd = app.add_subcommand("demo", "Run formcheck against its bundled stand-ins (no Twilio account needed)");
  demo_cmd->add_option("--out", demo.out_dir, "Where the demo writes its config and reports")->capture_default_str();
  demo_cmd->add_flag("--with-defects", demo.with_defects, "Plant defects in the sites to show what failures look like");
  demo_cmd->add_flag("--no-browser", demo.no_browser, "Submit through the API only, even where browsers are installed");
  add_output_options(demo_cmd, output);

  InitOptions init;
  auto* init_cmd = app.add_subcommand("init", "Write a commented formcheck.json fitted to a site's repository");
  init_cmd->add_option("--dir", init.dir, "The site's repository (package.json, app/ or pages/, .env files)")
      ->capture_default_str();
  init_cmd->add_option("--config", init.config, "Where to write it (default: DIR/formcheck.json)");
  init_cmd->add_flag("--force", init.force, "Replace an existing file");

  if (const auto unknown = unknown_command(app, argc, argv)) {
    fmt::print(stderr, "formcheck: error: {}\n", *unknown);
    return kUsageError;
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? kAllPassed : kUsageError;
  }

  report::set_colour_mode(report::parse_colour_mode(output.colour).value_or(report::ColourMode::automatic));
  set_console_quiet(output.quiet || monitor_options.quiet);
  try {
    const DebugLog debug_log(output);
    require_proc();
    const auto config_of = [](CLI::App* cmd, std::string& config) {
      config = config_to_read(config, cmd->get_option("--config")->count() > 0);
    };
    if (run_cmd->parsed()) {
      config_of(run_cmd, run_options.config);
      return run_run(run_options);
    }
    if (validate_cmd->parsed()) {
      config_of(validate_cmd, validate_options.config);
      return run_validate(validate_options);
    }
    if (monitor_cmd->parsed()) {
      config_of(monitor_cmd, monitor_options.config);
      return run_monitor(monitor_options);
    }
    if (audit_cmd->parsed()) {
      config_of(audit_cmd, audit_options.config);
      return run_audit(audit_options);
    }
    if (demo_cmd->parsed()) {
      return run_demo(demo);
    }
    if (init_cmd->parsed()) {
      return run_init(init);
    }
  } catch (const CommandError& e) {
    // A command's error may quote a site or a target's output: no control sequence gets through.
    fmt::print(stderr, "formcheck: error: {}\n", report::terminal_safe(redact(e.what())));
    return e.code();
  } catch (const std::exception& e) {
    fmt::print(stderr, "formcheck: error: internal error: {}\n", report::terminal_safe(redact(e.what())));
    return kInfrastructure;
  }
  return kUsageError;
}

}  // namespace formcheck::cli
