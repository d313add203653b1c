#pragma once
// The optional `audit` section: where the project's .env files are, the Vercel project whose
// environment variables to check, the WhatsApp sender's profile name. Read when `audit` (or
// an audit suite) runs, with the configuration's variables, rather than at load time: an unset
// ${VERCEL_TOKEN} skips the Vercel checks instead of failing every other command.
#include <filesystem>
#include <optional>
#include <string>

#include "harness/config/config.hpp"
#include "harness/config/problems.hpp"
#include "harness/util/expected.hpp"
#include "harness/util/secret.hpp"

namespace formcheck::config {

struct VercelSettings {
  std::string api_base = "https://api.vercel.com";
  std::optional<Secret> token;  // nullopt: not configured (or its variable is unset)
  std::string token_missing_reason;
  std::string project;
  std::string team_id;
  double timeout_s = 30;
};

struct AuditSettings {
  std::optional<std::filesystem::path> dotenv_dir;  // resolved against the config's folder
  std::optional<VercelSettings> vercel;
  std::optional<std::string> profile_name;
};

// Reads config.audit (every key optional); problems name the file, key and fix.
Expected<AuditSettings, config::Problems> read_audit_settings(const config::Config& config);

}  // namespace formcheck::config
