#pragma once
// `formcheck audit`: proves the configuration before a single message is sent.
// Three groups of checks, each a CaseResult of suite "audit":
//   dotenv/…  the project's .env files as `next dev` / `next build` see them (audit_dotenv)
//   vercel/…  the project's environment variables in Vercel (audit_vercel)
//   twilio/…  the expected sender on the Twilio account (audit_twilio)
// The scope (which Next.js modes and Vercel environments matter) comes from --target.
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/config/audit_section.hpp"
#include "harness/config/config.hpp"
#include "harness/results/verdict.hpp"
#include "harness/util/secret.hpp"

namespace formcheck::twilio {
class Client;
}

namespace formcheck::checks::audit {

inline constexpr std::string_view kSuite = "audit";

// The audit section as read from the configuration (config/audit_section).
using config::AuditSettings;
using config::VercelSettings;

// Which Next.js modes and Vercel environments an audit looks at.
struct Scope {
  std::string name;                        // all, production, preview, development
  std::vector<std::string> modes;          // dotenv modes: development (next dev), production (next build)
  std::vector<std::string> environments;   // Vercel: production, preview, development
};
// --target for `formcheck audit`: all (default), production, preview, development (alias local).
std::optional<Scope> scope_named(std::string_view name);
// For an audit suite inside `formcheck run`: a target formcheck starts is development, a
// production target is production, any other (a deployed URL) is preview.
Scope scope_for_target(const config::TargetSettings& target);

// The check names an audit of `scope` yields, in report order (the planner registers these).
std::vector<std::string> check_names(const Scope& scope);

struct AuditInput {
  const config::Config* config = nullptr;
  const AuditSettings* settings = nullptr;
  Scope scope;
  config::ExpectSettings expect;
  twilio::Client* twilio = nullptr;
};

// Runs every check of the scope; results carry suite "audit" and name, target left empty.
std::vector<results::CaseResult> run_audit(const AuditInput& input);

// The audit suite of `formcheck run` for one target (scope_for_target); configuration
// problems in the audit section become error results.
std::vector<results::CaseResult> audit_target(const config::Config& config, const config::TargetSettings& target,
                                          twilio::Client& client);

// Helpers shared by the three groups.
results::CaseResult make_result(std::string name, results::Outcome outcome, std::string message, std::string fix = {});
// "is set to 'x' (…)" style quoting, for one-line messages.
std::string in_quotes(std::string_view value);

}  // namespace formcheck::checks::audit
