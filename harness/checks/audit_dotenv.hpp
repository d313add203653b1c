#pragma once
// The dotenv half of the audit: the effective TWILIO_* values a Next.js project sees in each
// mode (exactly as @next/env loads them: harness/config/dotenv), .env.example, and whether
// .env.local is kept out of git.
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/config/config.hpp"
#include "harness/results/verdict.hpp"

namespace formcheck::checks::audit {

// The variables the contact route reads: the account, its auth token, the sender, staff.
inline constexpr std::string_view kRequiredVariables[] = {"TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN",
                                                          "TWILIO_WHATSAPP_NUMBER", "STAFF_WHATSAPP_NUMBER"};

// Format rules: nullopt when fine, else what is wrong (never the value itself).
std::optional<std::string> account_sid_problem(std::string_view value);  // AC + 32 hex
std::optional<std::string> auth_token_problem(std::string_view value);   // 32 hex

// Whether a value in .env.example looks like a real secret rather than a placeholder: 32 hex
// digits in a row with some variety (an auth token, an AC/SK SID), or a long, varied value in a
// variable whose name says secret (TOKEN, SECRET, PASSWORD, …) without placeholder words.
bool looks_like_real_secret(std::string_view key, std::string_view value);

// The 1-based line where `key` is last defined in dotenv `text` (what dotenv keeps), or nullopt.
std::optional<int> definition_line(std::string_view text, std::string_view key);

// Whether git tracks / ignores the .env*.local files of `dir`.
struct GitStatus {
  enum class State { not_a_repository, git_unavailable, ok } state = State::ok;
  std::string reason;                 // for not_a_repository / git_unavailable
  std::vector<std::string> tracked;   // .env*.local files git tracks
  std::vector<std::string> unignored; // existing .env*.local files that are not ignored
};
GitStatus git_env_local_status(const std::filesystem::path& dir);

// Check names for the given modes (see audit.hpp for the order).
std::vector<std::string> dotenv_check_names(const std::vector<std::string>& modes);

// Runs the dotenv checks on `dir` (nullopt: audit.dotenv_dir not set → every check skipped).
std::vector<results::CaseResult> audit_dotenv(const std::optional<std::filesystem::path>& dir,
                                          const std::vector<std::string>& modes, const config::ExpectSettings& expect);

}  // namespace formcheck::checks::audit
