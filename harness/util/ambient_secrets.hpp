#pragma once
// Secrets formcheck never asked for: a CI job's environment (and a project's .env files) hold
// tokens the config does not reference, yet a site's error page may echo any of them. Their
// values are registered for redaction by name alone.
#include <cstddef>
#include <map>
#include <string>
#include <string_view>

namespace formcheck {

// Shorter values are left alone: masking "true" or "1234" would shred ordinary report text.
inline constexpr std::size_t kAmbientSecretMinLength = 8;

// TWILIO_AUTH_TOKEN, TWILIO_API_SECRET, VERCEL_TOKEN, VERCEL_AUTOMATION_BYPASS_SECRET, and any
// name ending in _TOKEN, _SECRET, _PASSWORD or _API_KEY (or being one of those words), any case.
bool is_well_known_secret_variable(std::string_view name);

// Registers the value of every such variable at least kAmbientSecretMinLength long.
void register_secret_variables(const std::map<std::string, std::string>& variables);

// The same for the process environment.
void register_environment_secrets();

}  // namespace formcheck
