#include "harness/config/audit_section.hpp"

#include <fmt/format.h>

#include "harness/config/clear_text_credentials.hpp"
#include "harness/config/section_reader.hpp"

namespace formcheck::config {

Expected<AuditSettings, Problems> read_audit_settings(const Config& config) {
  AuditSettings settings;
  if (config.audit.is_null()) {
    return settings;
  }
  Problems problems;
  const Variables empty_variables;
  ReadContext context{config.file.string(), config.variables ? config.variables.get() : &empty_variables,
                      &problems};
  if (!config.audit.is_object()) {
    return unexpected(
        Problems{{config.file.string(), "audit", "must be an object",
                  R"(write "audit": {"dotenv_dir": "…", "vercel": {…}, "profile_name": "…"})"}});
  }
  SectionReader audit(config.audit, "audit", context);
  if (auto dir = audit.string("dotenv_dir")) {
    const std::filesystem::path path(*dir);
    settings.dotenv_dir = path.is_absolute() ? path : config.base_dir / path;
  }
  if (auto name = audit.string("profile_name")) {
    if (!name->empty()) {
      settings.profile_name = *name;
    }
  }
  if (auto v = audit.object("vercel")) {
    VercelSettings vercel;
    if (auto base = v->string("api_base")) {
      vercel.api_base = *base;
    }
    if (auto project = v->string("project")) {
      vercel.project = *project;
    }
    if (auto team = v->string("team_id")) {
      vercel.team_id = *team;
    }
    if (auto timeout = v->number("timeout_s", 1, 600)) {
      vercel.timeout_s = *timeout;
    }
    // An unset ${VERCEL_TOKEN} skips the Vercel checks (with the reason) instead of failing
    // the whole configuration: every audit key is optional.
    if (v->present("token") && v->json()["token"].is_string()) {
      const auto expansion = context.variables->expand(v->json()["token"].get<std::string>());
      if (!expansion.missing.empty()) {
        v->raw("token");
        vercel.token_missing_reason = fmt::format(
            "audit.vercel.token uses ${{{0}}}, which is not set: export {0}=… (a Vercel access token) to "
            "check Vercel",
            expansion.missing.front());
      } else if (auto token = v->string("token", /*secret=*/true); token && !token->empty()) {
        vercel.token = Secret(*token);
      } else {
        vercel.token_missing_reason = "audit.vercel.token is empty: set it to \"${VERCEL_TOKEN}\"";
      }
    } else if (!v->present("token")) {
      vercel.token_missing_reason = "audit.vercel.token is not set: set it to \"${VERCEL_TOKEN}\"";
    } else {
      v->string("token", true);  // reports the wrong type
    }
    v->reject_unknown_keys();
    check_clear_text_vercel(config.file.string(), vercel.api_base, vercel.token.has_value(), problems);
    settings.vercel = std::move(vercel);
  }
  audit.reject_unknown_keys();
  if (!problems.empty()) {
    return unexpected(std::move(problems));
  }
  return settings;
}

}  // namespace formcheck::config
