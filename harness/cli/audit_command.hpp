#pragma once
#include <string>
#include <vector>

namespace formcheck::cli {

struct AuditOptions {
  std::string config = "formcheck.json";
  std::vector<std::string> env_files;
  std::vector<std::string> vars;     // KEY=VALUE
  std::vector<std::string> targets;  // --target: all (default), production, preview or development; one at most
  std::string junit;
  std::string json;
  std::string html;
  std::string summary_md;
};

// formcheck audit: prove the configuration (dotenv files, Vercel, the Twilio sender) without
// sending a message.
int run_audit(const AuditOptions& options);

}  // namespace formcheck::cli
