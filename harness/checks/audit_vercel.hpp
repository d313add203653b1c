#pragma once
// The Vercel half of the audit: TWILIO_WHATSAPP_NUMBER is set for each environment, well
// formed and not the sandbox wherever its value can be read (sensitive values cannot: the
// audit says so instead of guessing); TWILIO_AUTH_TOKEN is Sensitive (or at least Encrypted),
// never Plain.
#include <string>
#include <vector>

#include "harness/checks/audit.hpp"

namespace formcheck::checks::audit {

std::vector<std::string> vercel_check_names(const std::vector<std::string>& environments);

std::vector<results::CaseResult> audit_vercel(const std::optional<VercelSettings>& settings,
                                          const std::vector<std::string>& environments,
                                          const config::ExpectSettings& expect);

}  // namespace formcheck::checks::audit
