#pragma once
// formcheck's exit codes, documented in the README and --help.
namespace formcheck::cli {

enum ExitCode : int {
  kAllPassed = 0,
  kCheckFailed = 1,      // at least one check failed (or passed only on a retry, with --fail-on-flaky)
  kUsageError = 2,       // bad command line or configuration
  kInfrastructure = 3,   // a target or Twilio could not be reached, credentials refused
  kInterrupted = 130,    // SIGINT/SIGTERM; reports are still written
};

inline constexpr const char* kExitCodeHelp =
    "Exit codes: 0 all passed (flaky passes included), 1 a check failed (or was flaky, with\n"
    "--fail-on-flaky), 2 usage or configuration error,\n"
    "3 infrastructure error (target unreachable, Twilio auth refused), 130 interrupted.";

}  // namespace formcheck::cli
