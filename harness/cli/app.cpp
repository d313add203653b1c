#include "harness/cli/app.hpp"

#include <fmt/format.h>

#include <CLI/CLI.hpp>

#include "harness/cli/command_error.hpp"
#include "harness/cli/demo_command.hpp"
#include "harness/cli/exit_codes.hpp"
#include "harness/util/secret.hpp"

namespace formcheck::cli {

int run_app(int argc, char** argv) {
  CLI::App app{"formcheck: prove a contact form delivers to staff on WhatsApp through Twilio", "formcheck"};
  app.set_version_flag("--version", "formcheck " FORMCHECK_VERSION);
  app.footer(kExitCodeHelp);
  app.require_subcommand(1);

  DemoOptions demo;
  auto* demo_cmd = app.add_subcommand("demo", "Run formcheck against its bundled stand-ins (no Twilio account needed)");
  demo_cmd->add_option("--out", demo.out_dir, "Where reports are written")->capture_default_str();

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? kAllPassed : kUsageError;
  }

  try {
    if (demo_cmd->parsed()) {
      return run_demo(demo);
    }
  } catch (const CommandError& e) {
    fmt::print(stderr, "formcheck: error: {}\n", redact(e.what()));
    return e.code();
  } catch (const std::exception& e) {
    fmt::print(stderr, "formcheck: error: internal error: {}\n", redact(e.what()));
    return kInfrastructure;
  }
  return kUsageError;
}

}  // namespace formcheck::cli
