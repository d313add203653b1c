#pragma once
#include "harness/cli/run_command.hpp"

namespace formcheck::cli {

// formcheck audit: prove the configuration (dotenv files, Vercel, the Twilio sender) without
// sending a message. Uses --config, --target (all|production|preview|development), --junit,
// --json, --env-file, --var of RunCommandOptions.
int run_audit(const RunCommandOptions& options);

}  // namespace formcheck::cli
