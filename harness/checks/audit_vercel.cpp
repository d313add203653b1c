#include "harness/checks/audit_vercel.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "harness/config/variables.hpp"
#include "harness/config/whatsapp_address.hpp"
#include "harness/util/join.hpp"
#include "harness/vercel/client.hpp"

namespace formcheck::checks::audit {
namespace {

using results::Outcome;

constexpr const char* kAuthTokenCheck = "vercel/TWILIO_AUTH_TOKEN-sensitive";
std::string sender_check(std::string_view environment) {
  return fmt::format("vercel/{}/TWILIO_WHATSAPP_NUMBER", environment);
}

std::string title(std::string_view environment) {
  if (environment == "production") {
    return "Production";
  }
  if (environment == "preview") {
    return "Preview";
  }
  return "Development";
}

std::string label(const vercel::EnvVar& env, std::string_view environment) {
  return env.git_branch.empty() ? title(environment) : fmt::format("{} (branch {})", title(environment), env.git_branch);
}

}  // namespace

std::vector<std::string> vercel_check_names(const std::vector<std::string>& environments) {
  std::vector<std::string> names;
  for (const auto& e : environments) {
    names.push_back(sender_check(e));
  }
  names.emplace_back(kAuthTokenCheck);
  return names;
}

std::vector<results::CaseResult> audit_vercel(const std::optional<VercelSettings>& settings,
                                          const std::vector<std::string>& environments,
                                          const config::ExpectSettings& expect) {
  std::vector<results::CaseResult> out;
  const auto names = vercel_check_names(environments);
  auto all = [&](Outcome outcome, const std::string& message, const std::string& fix = {}) {
    for (const auto& name : names) {
      out.push_back(make_result(name, outcome, message, fix));
    }
    return out;
  };
  if (!settings) {
    return all(Outcome::skipped,
               "audit.vercel is not set: set audit.vercel.project and audit.vercel.token to check Vercel's variables");
  }
  if (settings->project.empty()) {
    return all(Outcome::skipped, "audit.vercel.project is not set: set it to the Vercel project's name or id");
  }
  if (!settings->token) {
    return all(Outcome::skipped, settings->token_missing_reason);
  }
  vercel::ClientOptions options;
  options.api_base = settings->api_base;
  options.team_id = settings->team_id;
  options.timeout = std::chrono::milliseconds(static_cast<long>(settings->timeout_s * 1000));
  vercel::Client client(*settings->token, options);
  auto listed = client.list_envs(settings->project);
  if (!listed) {
    const auto& e = listed.error();
    if (e.kind == vercel::Error::Kind::auth) {
      return all(Outcome::error,
                 fmt::format("Vercel refused the token for project {}: {}", settings->project, e.describe()),
                 "create a token with access to the project (vercel.com/account/tokens), pass it as VERCEL_TOKEN, "
                 "and set audit.vercel.team_id for a team project");
    }
    if (e.kind == vercel::Error::Kind::not_found) {
      return all(Outcome::error, fmt::format("Vercel has no project {}: {}", in_quotes(settings->project), e.describe()),
                 "set audit.vercel.project to the project's name or id (and audit.vercel.team_id for a team project)");
    }
    return all(Outcome::error, e.describe());
  }
  auto& envs = *listed;
  for (const auto& env : envs) {
    if (env.value && config::looks_like_secret_name(env.key)) {
      register_secret(*env.value);
    }
  }

  // TWILIO_WHATSAPP_NUMBER, per environment.
  for (const auto& environment : environments) {
    const std::string name = sender_check(environment);
    std::vector<vercel::EnvVar*> entries;
    for (auto& env : envs) {
      if (env.key == "TWILIO_WHATSAPP_NUMBER" && env.targets_environment(environment)) {
        entries.push_back(&env);
      }
    }
    if (entries.empty()) {
      out.push_back(make_result(name, Outcome::failed,
                                fmt::format("TWILIO_WHATSAPP_NUMBER is not set for {} in Vercel project {}",
                                            title(environment), settings->project),
                                fmt::format("add it: vercel env add TWILIO_WHATSAPP_NUMBER {} (value whatsapp:+15551234567), "
                                            "then redeploy",
                                            environment)));
      continue;
    }
    std::vector<std::string> problems;
    std::vector<std::string> fixes;
    std::vector<std::string> unreadable;
    std::vector<std::string> good;
    for (auto* env : entries) {
      auto value = env->readable_value();
      if (!value && env->type != "sensitive" && !env->id.empty()) {
        if (auto single = client.get_env(settings->project, env->id)) {
          value = single->readable_value();
        } else if (single.error().kind == vercel::Error::Kind::auth) {
          unreadable.push_back(fmt::format("{} ({})", label(*env, environment), single.error().describe()));
          continue;
        }
      }
      if (!value) {
        unreadable.push_back(fmt::format("{} ({})", label(*env, environment), env->type.empty() ? "no value" : env->type));
        continue;
      }
      if (const auto problem = config::whatsapp_address_problem(*value)) {
        problems.push_back(fmt::format("{} is {} and {}", label(*env, environment), in_quotes(*value), *problem));
        const auto suggestion = config::suggest_whatsapp_address(*value);
        fixes.push_back(fmt::format("set TWILIO_WHATSAPP_NUMBER={} (no spaces or dashes) for {} in Vercel and redeploy",
                                    suggestion.empty() ? "whatsapp:+15551234567" : suggestion, title(environment)));
      } else if (*value == config::kSandboxNumber && expect.forbid_sandbox) {
        problems.push_back(fmt::format("{} is the Twilio sandbox {}", label(*env, environment), *value));
        fixes.push_back(fmt::format("set TWILIO_WHATSAPP_NUMBER={} for {} in Vercel and redeploy",
                                    expect.sender.empty() || expect.sender == config::kSandboxNumber
                                        ? std::string("whatsapp:+<production number>")
                                        : expect.sender,
                                    title(environment)));
      } else if (!expect.sender.empty() && *value != expect.sender) {
        problems.push_back(fmt::format("{} is {}, but expect.sender is {}", label(*env, environment), *value, expect.sender));
        fixes.push_back(fmt::format("set TWILIO_WHATSAPP_NUMBER={} for {} in Vercel (or fix expect.sender) and redeploy",
                                    expect.sender, title(environment)));
      } else {
        good.push_back(fmt::format("{} = {}", label(*env, environment), *value));
      }
    }
    results::CaseResult r;
    if (!problems.empty()) {
      r = make_result(name, Outcome::failed, "TWILIO_WHATSAPP_NUMBER: " + join(problems), fixes.front());
    } else if (good.empty()) {
      r = make_result(name, Outcome::skipped,
                      fmt::format("TWILIO_WHATSAPP_NUMBER is set for {} but its value cannot be read through the API: "
                                  "{}; its format and the sandbox were not checked",
                                  title(environment), join(unreadable)),
                      "check it by hand in the Vercel dashboard, or store the number (not a secret) as an Encrypted "
                      "variable so the audit can read it");
    } else {
      r = make_result(name, Outcome::passed,
                      "TWILIO_WHATSAPP_NUMBER: " + join(good) +
                          (unreadable.empty() ? std::string() : "; not readable: " + join(unreadable)));
    }
    for (const auto& u : unreadable) {
      r.add_property("unreadable", u);
    }
    out.push_back(std::move(r));
  }

  // TWILIO_AUTH_TOKEN: Sensitive (or at least Encrypted), never Plain, in every environment.
  std::vector<std::string> plain;
  std::vector<std::string> encrypted;
  std::vector<std::string> missing;
  std::vector<std::string> sensitive;
  for (const auto& environment : environments) {
    bool any = false;
    for (const auto& env : envs) {
      if (env.key != "TWILIO_AUTH_TOKEN" || !env.targets_environment(environment)) {
        continue;
      }
      any = true;
      if (env.type == "plain") {
        plain.push_back(label(env, environment));
      } else if (env.type == "sensitive") {
        sensitive.push_back(label(env, environment));
      } else {
        encrypted.push_back(fmt::format("{} ({})", label(env, environment), env.type));
      }
    }
    if (!any) {
      missing.push_back(title(environment));
    }
  }
  if (!plain.empty()) {
    out.push_back(make_result(kAuthTokenCheck, Outcome::failed,
                              fmt::format("TWILIO_AUTH_TOKEN is stored as Plain (readable by anyone with project "
                                          "access) for {}",
                                          join(plain)),
                              "mark TWILIO_AUTH_TOKEN as Sensitive in Vercel: remove it and add it again with "
                              "`vercel env add TWILIO_AUTH_TOKEN production --sensitive`, then rotate the token"));
  } else if (!missing.empty()) {
    out.push_back(make_result(kAuthTokenCheck, Outcome::failed,
                              fmt::format("TWILIO_AUTH_TOKEN is not set for {} in Vercel", join(missing)),
                              "add it as Sensitive: vercel env add TWILIO_AUTH_TOKEN <environment> --sensitive"));
  } else {
    std::string text = "TWILIO_AUTH_TOKEN is ";
    if (!sensitive.empty()) {
      text += "Sensitive for " + join(sensitive);
    }
    if (!encrypted.empty()) {
      text += (sensitive.empty() ? "" : "; ") + std::string("Encrypted for ") + join(encrypted) +
              " (Development cannot be Sensitive; elsewhere mark it Sensitive in Vercel)";
    }
    out.push_back(make_result(kAuthTokenCheck, Outcome::passed, text));
  }
  return out;
}

}  // namespace formcheck::checks::audit
