#include "harness/checks/audit.hpp"

#include <fmt/format.h>

#include <chrono>

#include "harness/checks/audit_dotenv.hpp"
#include "harness/checks/audit_two_way.hpp"
#include "harness/checks/audit_twilio.hpp"
#include "harness/checks/audit_vercel.hpp"

namespace formcheck::checks::audit {

results::CaseResult make_result(std::string name, results::Outcome outcome, std::string message, std::string fix) {
  results::CaseResult r;
  r.suite = std::string(kSuite);
  r.name = std::move(name);
  r.outcome = outcome;
  r.message = std::move(message);
  if (!fix.empty()) {
    r.message += " — fix: " + fix;
    r.add_property("fix", std::move(fix));
  }
  r.message = redact(r.message);
  return r;
}

std::string in_quotes(std::string_view value) { return fmt::format("'{}'", value); }

std::optional<Scope> scope_named(std::string_view name) {
  if (name.empty() || name == "all") {
    return Scope{"all", {"development", "production"}, {"production", "preview", "development"}};
  }
  if (name == "production") {
    return Scope{"production", {"production"}, {"production"}};
  }
  if (name == "preview") {
    return Scope{"preview", {"production"}, {"preview"}};
  }
  if (name == "development" || name == "local") {
    return Scope{std::string(name), {"development"}, {"development"}};
  }
  return std::nullopt;
}

Scope scope_for_target(const config::TargetSettings& target) {
  Scope scope = target.start ? *scope_named("development") : target.production ? *scope_named("production")
                                                                                : *scope_named("preview");
  scope.name = target.name;
  return scope;
}

std::vector<std::string> check_names(const Scope& scope) {
  auto names = dotenv_check_names(scope.modes);
  for (auto& n : vercel_check_names(scope.environments)) {
    names.push_back(std::move(n));
  }
  for (auto& n : twilio_check_names()) {
    names.push_back(std::move(n));
  }
  for (auto& n : two_way_check_names()) {
    names.push_back(std::move(n));
  }
  return names;
}

namespace {

// Runs one group of audit checks and shares its time (the files it read, the requests it
// made) evenly among its verdicts, so a report's suite time is the audit's real time.
template <typename Group>
void timed_group(std::vector<results::CaseResult>& out, Group group) {
  const auto began = std::chrono::steady_clock::now();
  auto results = group();
  const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - began);
  for (auto& r : results) {
    r.duration = took / static_cast<long>(results.size());
    out.push_back(std::move(r));
  }
}

}  // namespace

std::vector<results::CaseResult> run_audit(const AuditInput& input) {
  std::vector<results::CaseResult> out;
  timed_group(out, [&] { return audit_dotenv(input.settings->dotenv_dir, input.scope.modes, input.expect); });
  timed_group(out, [&] { return audit_vercel(input.settings->vercel, input.scope.environments, input.expect); });
  timed_group(out, [&] { return audit_twilio(*input.twilio, input.expect, input.settings->profile_name); });
  timed_group(out, [&] { return audit_two_way(*input.twilio, *input.config, input.expect); });
  return out;
}

std::vector<results::CaseResult> audit_target(const config::Config& config, const config::TargetSettings& target,
                                          twilio::Client& client) {
  const auto scope = scope_for_target(target);
  const auto settings = config::read_audit_settings(config);
  if (!settings) {
    std::vector<results::CaseResult> out;
    for (const auto& name : check_names(scope)) {
      out.push_back(make_result(name, results::Outcome::error, "the audit section is invalid: " + settings.error().front().to_string()));
    }
    return out;
  }
  return run_audit({&config, &*settings, scope, target.expect, &client});
}

}  // namespace formcheck::checks::audit
